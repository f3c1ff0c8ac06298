package wxsurface

import (
	"slices"
	"strings"

	"github.com/dop251/goja"
)

// sections are the second part of a canIUse path: how the API is called
// and what it gives.
var sections = []string{"object", "success", "fail", "complete", "return", "callback"}

// features lists, for the APIs the project implements, the fields of each
// section that canIUse answers true for ("showToast.object.image"). A
// field followed by ":" and space-less values lists its options
// ("request.object.method.GET"), or its own fields for a nested object
// ("getSystemInfoSync.return.safeArea.left").
var features = func() map[string]map[string]map[string][]string {
	sysInfo := "brand model pixelRatio screenWidth screenHeight windowWidth windowHeight statusBarHeight screenTop language version system platform SDKVersion theme fontSizeSetting benchmarkLevel enableDebug host " +
		"bluetoothEnabled locationEnabled wifiEnabled deviceOrientation albumAuthorized bluetoothAuthorized cameraAuthorized locationAuthorized microphoneAuthorized notificationAuthorized phoneCalendarAuthorized safeArea:left,right,top,bottom,width,height"
	window := "pixelRatio screenWidth screenHeight windowWidth windowHeight statusBarHeight screenTop safeArea:left,right,top,bottom,width,height"
	setting := "authSetting subscriptionsSetting"
	raw := map[string]map[string]string{
		"showToast":                       {"object": "title icon:success,error,loading,none image duration mask"},
		"showLoading":                     {"object": "title mask"},
		"showModal":                       {"object": "title content showCancel cancelText cancelColor confirmText confirmColor editable placeholderText", "success": "confirm cancel content"},
		"showActionSheet":                 {"object": "itemList itemColor alertText", "success": "tapIndex"},
		"setNavigationBarTitle":           {"object": "title"},
		"setNavigationBarColor":           {"object": "frontColor backgroundColor animation"},
		"setTabBarBadge":                  {"object": "index text"},
		"removeTabBarBadge":               {"object": "index"},
		"showTabBarRedDot":                {"object": "index"},
		"hideTabBarRedDot":                {"object": "index"},
		"setTabBarItem":                   {"object": "index text iconPath selectedIconPath"},
		"setTabBarStyle":                  {"object": "color selectedColor backgroundColor borderStyle:black,white"},
		"showTabBar":                      {"object": "animation"},
		"hideTabBar":                      {"object": "animation"},
		"pageScrollTo":                    {"object": "scrollTop duration selector offsetTop"},
		"setClipboardData":                {"object": "data"},
		"getClipboardData":                {"success": "data"},
		"getSystemInfoSync":               {"return": sysInfo},
		"getSystemInfo":                   {"success": sysInfo},
		"getSystemInfoAsync":              {"success": sysInfo},
		"getWindowInfo":                   {"return": window},
		"getDeviceInfo":                   {"return": "abi deviceAbi benchmarkLevel brand model system platform cpuType memorySize"},
		"getAppBaseInfo":                  {"return": "SDKVersion enableDebug host language version theme fontSizeSetting"},
		"getSystemSetting":                {"return": "bluetoothEnabled locationEnabled wifiEnabled deviceOrientation"},
		"getAppAuthorizeSetting":          {"return": "albumAuthorized bluetoothAuthorized cameraAuthorized locationAuthorized locationReducedAccuracy microphoneAuthorized notificationAuthorized phoneCalendarAuthorized"},
		"getMenuButtonBoundingClientRect": {"return": "width height top bottom left right"},
		"getAccountInfoSync":              {"return": "miniProgram:appId,envVersion,version plugin"},
		"getExtConfig":                    {"success": "extConfig"},
		"authorize":                       {"object": "scope"},
		"getSetting":                      {"object": "withSubscriptions", "success": setting},
		"openSetting":                     {"object": "withSubscriptions", "success": setting},
		"navigateTo":                      {"object": "url events", "success": "eventChannel"},
		"redirectTo":                      {"object": "url"},
		"switchTab":                       {"object": "url"},
		"reLaunch":                        {"object": "url"},
		"navigateBack":                    {"object": "delta"},
		"getLaunchOptionsSync":            {"return": "path query scene referrerInfo"},
		"getEnterOptionsSync":             {"return": "path query scene referrerInfo"},
		"navigateToMiniProgram":           {"object": "appId path extraData envVersion:develop,trial,release"},
		"navigateBackMiniProgram":         {"object": "extraData"},
		"invokeNativePlugin":              {"object": "api_name data"},
		"login":                           {"object": "timeout", "success": "code"},
		"getUserProfile":                  {"object": "desc lang", "success": "userInfo rawData signature encryptedData iv cloudID"},
		"requestPayment":                  {"object": "timeStamp nonceStr package signType:MD5,HMAC-SHA256,RSA paySign"},
		"request": {"object": "url data header timeout method:OPTIONS,GET,HEAD,POST,PUT,DELETE,TRACE,CONNECT dataType responseType:text,arraybuffer enableCache",
			"success": "data statusCode header cookies"},
		"downloadFile":       {"object": "url header timeout filePath", "success": "tempFilePath filePath statusCode"},
		"uploadFile":         {"object": "url filePath name header formData timeout", "success": "data statusCode"},
		"setStorage":         {"object": "key data"},
		"getStorage":         {"object": "key", "success": "data"},
		"removeStorage":      {"object": "key"},
		"getStorageInfo":     {"success": "keys currentSize limitSize"},
		"getStorageInfoSync": {"return": "keys currentSize limitSize"},
	}
	out := make(map[string]map[string]map[string][]string, len(raw))
	for api, secs := range raw {
		out[api] = make(map[string]map[string][]string, len(secs))
		for sec, fields := range secs {
			m := make(map[string][]string)
			for _, f := range strings.Fields(fields) {
				name, opts, _ := strings.Cut(f, ":")
				if opts != "" {
					m[name] = strings.Split(opts, ",")
				} else {
					m[name] = nil
				}
			}
			out[api][sec] = m
		}
	}
	return out
}()

// canIUse is wx.canIUse(schema).
func (s *surface) canIUse(c goja.FunctionCall) goja.Value {
	rt := s.d.Env().JS()
	arg := c.Argument(0)
	schema, ok := arg.Export().(string)
	if !ok {
		return rt.ToValue(false)
	}
	return rt.ToValue(s.answer(schema))
}

// answer decides a canIUse schema: "api", "api.section",
// "api.section.field" or "api.section.field.option". Loop only.
func (s *surface) answer(schema string) bool {
	schema = strings.TrimPrefix(strings.TrimSpace(schema), "wx.")
	if schema == "" {
		return false
	}
	if slices.Contains(s.opts.CanIUse, schema) {
		return true
	}
	parts := strings.Split(schema, ".")
	if !s.implemented(parts[0]) {
		return false // components ("button.open-type.contact") too: there is no render layer
	}
	if len(parts) == 1 {
		return true
	}
	if !slices.Contains(sections, parts[1]) {
		return false
	}
	if len(parts) == 2 {
		return true
	}
	fields, ok := features[parts[0]][parts[1]]
	if !ok {
		return false
	}
	opts, ok := fields[parts[2]]
	if !ok {
		return false
	}
	if len(parts) == 3 {
		return true
	}
	return len(parts) == 4 && slices.Contains(opts, parts[3])
}

// implemented reports whether wx.name is a function that does something:
// defined by a group other than this one's stubs, or a stub routed to a
// host handler.
func (s *surface) implemented(name string) bool {
	env := s.d.Env()
	if env.JS().NewObject().Get(name) != nil {
		return false // inherited from Object.prototype (toString, hasOwnProperty...)
	}
	v := env.WX().Get(name)
	if v == nil {
		return false
	}
	if _, fn := goja.AssertFunction(v); !fn {
		return false
	}
	if !s.stubs[name] {
		return true
	}
	return s.routed(name)
}
