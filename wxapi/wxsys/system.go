package wxsys

import "maps"

// SystemInfo is what the system APIs report about the device, the host app
// and its settings. Start from DefaultSystemInfo and change what the host
// knows better.
type SystemInfo struct {
	// Device (wx.getDeviceInfo).
	Brand          string // "Xiaomi"
	Model          string // "Redmi Note 12"
	System         string // "Android 13"
	Platform       string // "ios", "android", "ohos", "windows", "mac" or "devtools"
	Abi            string // "arm64-v8a"
	CPUType        string
	MemorySize     int // MB
	BenchmarkLevel int // -2 or 0: cannot run; -1: unknown; above 0: higher is faster

	// Window (wx.getWindowInfo), in CSS pixels.
	PixelRatio      float64
	ScreenWidth     int
	ScreenHeight    int
	WindowWidth     int // 0 means ScreenWidth
	WindowHeight    int // 0 means ScreenHeight - StatusBarHeight - 44 (the navigation bar)
	StatusBarHeight int

	// The host app (wx.getAppBaseInfo).
	Language        string // "zh_CN"
	Version         string // the host app's version, "8.0.50"
	SDKVersion      string // the base library version, "3.5.8"
	Theme           string // "light" or "dark"
	FontSizeSetting int    // px
	EnableDebug     bool
	HostAppID       string // host.appId: the host's own app id, if any

	// Settings of the phone (wx.getSystemSetting).
	BluetoothEnabled  bool
	LocationEnabled   bool
	WifiEnabled       bool
	DeviceOrientation string // "portrait" or "landscape"

	// What the system lets the host app do (wx.getAppAuthorizeSetting).
	AlbumAuthorized         bool
	BluetoothAuthorized     bool
	CameraAuthorized        bool
	LocationAuthorized      bool
	MicrophoneAuthorized    bool
	NotificationAuthorized  bool
	PhoneCalendarAuthorized bool
}

// DefaultSystemInfo returns the values of a plausible mid-range Android
// phone running a recent host app with everything authorized.
func DefaultSystemInfo() SystemInfo {
	return SystemInfo{
		Brand: "Xiaomi", Model: "Redmi Note 12", System: "Android 13", Platform: "android",
		Abi: "arm64-v8a", CPUType: "Qualcomm Snapdragon 685", MemorySize: 7680, BenchmarkLevel: 30,
		PixelRatio: 2.75, ScreenWidth: 393, ScreenHeight: 873, StatusBarHeight: 32,
		Language: "zh_CN", Version: "8.0.50", SDKVersion: "3.5.8", Theme: "light", FontSizeSetting: 16,
		BluetoothEnabled: true, LocationEnabled: true, WifiEnabled: true, DeviceOrientation: "portrait",
		AlbumAuthorized: true, BluetoothAuthorized: true, CameraAuthorized: true, LocationAuthorized: true,
		MicrophoneAuthorized: true, NotificationAuthorized: true, PhoneCalendarAuthorized: true,
	}
}

// navigationBarHeight is the height of the default navigation bar.
const navigationBarHeight = 44

func (s SystemInfo) window() (w, h int) {
	w, h = s.WindowWidth, s.WindowHeight
	if w == 0 {
		w = s.ScreenWidth
	}
	if h == 0 {
		h = s.ScreenHeight - s.StatusBarHeight - navigationBarHeight
	}
	return w, h
}

func (s SystemInfo) windowInfo() map[string]any {
	w, h := s.window()
	return map[string]any{
		"pixelRatio":      s.PixelRatio,
		"screenWidth":     s.ScreenWidth,
		"screenHeight":    s.ScreenHeight,
		"windowWidth":     w,
		"windowHeight":    h,
		"statusBarHeight": s.StatusBarHeight,
		"screenTop":       s.ScreenHeight - h,
		"safeArea": map[string]any{
			"left": 0, "right": s.ScreenWidth, "top": s.StatusBarHeight, "bottom": s.ScreenHeight,
			"width": s.ScreenWidth, "height": s.ScreenHeight - s.StatusBarHeight,
		},
	}
}

func (s SystemInfo) deviceInfo() map[string]any {
	return map[string]any{
		"abi": s.Abi, "deviceAbi": s.Abi, "benchmarkLevel": s.BenchmarkLevel, "brand": s.Brand,
		"model": s.Model, "system": s.System, "platform": s.Platform, "cpuType": s.CPUType,
		"memorySize": s.MemorySize,
	}
}

func (s SystemInfo) appBaseInfo() map[string]any {
	return map[string]any{
		"SDKVersion": s.SDKVersion, "enableDebug": s.EnableDebug, "host": map[string]any{"appId": s.HostAppID},
		"language": s.Language, "version": s.Version, "theme": s.Theme, "fontSizeSetting": s.FontSizeSetting,
	}
}

func (s SystemInfo) systemSetting() map[string]any {
	return map[string]any{
		"bluetoothEnabled": s.BluetoothEnabled, "locationEnabled": s.LocationEnabled,
		"wifiEnabled": s.WifiEnabled, "deviceOrientation": s.DeviceOrientation,
	}
}

// authorized is the form of wx.getAppAuthorizeSetting.
func authorized(b bool) string {
	if b {
		return "authorized"
	}
	return "denied"
}

func (s SystemInfo) appAuthorizeSetting() map[string]any {
	return map[string]any{
		"albumAuthorized":         authorized(s.AlbumAuthorized),
		"bluetoothAuthorized":     authorized(s.BluetoothAuthorized),
		"cameraAuthorized":        authorized(s.CameraAuthorized),
		"locationAuthorized":      authorized(s.LocationAuthorized),
		"locationReducedAccuracy": false,
		"microphoneAuthorized":    authorized(s.MicrophoneAuthorized),
		"notificationAuthorized":  authorized(s.NotificationAuthorized),
		"phoneCalendarAuthorized": authorized(s.PhoneCalendarAuthorized),
	}
}

// systemInfo is what wx.getSystemInfoSync returns: every group above, the
// authorizations as booleans (as the deprecated API gives them).
func (s SystemInfo) systemInfo() map[string]any {
	out := s.windowInfo()
	maps.Copy(out, s.deviceInfo())
	maps.Copy(out, s.appBaseInfo())
	maps.Copy(out, s.systemSetting())
	delete(out, "abi")
	delete(out, "deviceAbi")
	delete(out, "cpuType")
	delete(out, "memorySize")
	maps.Copy(out, map[string]any{
		"albumAuthorized": s.AlbumAuthorized, "bluetoothAuthorized": s.BluetoothAuthorized,
		"cameraAuthorized": s.CameraAuthorized, "locationAuthorized": s.LocationAuthorized,
		"microphoneAuthorized": s.MicrophoneAuthorized, "notificationAuthorized": s.NotificationAuthorized,
		"phoneCalendarAuthorized": s.PhoneCalendarAuthorized,
	})
	return out
}

// menuButton is the capsule's rectangle (wx.getMenuButtonBoundingClientRect):
// 87 x 32 px, 7 px from the right edge, centred in the navigation bar.
func (s SystemInfo) menuButton() map[string]any {
	const width, height, margin = 87, 32, 7
	top := s.StatusBarHeight + (navigationBarHeight-height)/2
	right := s.ScreenWidth - margin
	return map[string]any{
		"width": width, "height": height, "top": top, "bottom": top + height,
		"left": right - width, "right": right,
	}
}
