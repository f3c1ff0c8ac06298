package wxsurface_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxsurface"
	"github.com/minihost/minihost/wxapi/wxsys"
	"github.com/minihost/minihost/wxapi/wxui"
)

const appJSON = `{"pages":["pages/a/a"],"requiredPrivateInfos":["getLocation","chooseAddress"]}`

type env struct {
	*bridgetest.App
	t testing.TB
}

type config struct {
	surface wxsurface.Options
	sys     wxsys.Options
	bridge  bridge.Config
	appJSON string
}

// launch starts a runtime with every group available here: the bridge's
// built-ins, wxui, wxsys and, last, wxsurface.
func launch(t testing.TB, c config) *env {
	t.Helper()
	if c.appJSON == "" {
		c.appJSON = appJSON
	}
	cfg := c.bridge
	cfg.Groups = []bridge.Group{wxui.New(), wxsys.New(c.sys), wxsurface.New(c.surface)}
	cfg.Logger = nil // the harness discards
	app := bridgetest.Launch(t, cfg, bridgetest.WithAppID("wxsurface"),
		bridgetest.WithFiles(map[string]string{"app.json": c.appJSON}), bridgetest.LogJSON())
	return &env{App: app, t: t}
}

// run evaluates src, runs until idle and returns the log, a line per call.
func (e *env) run(src string) string {
	e.t.Helper()
	var lines []string
	for _, x := range e.Run(src) {
		lines = append(lines, x.(string))
	}
	return strings.Join(lines, "\n")
}

func TestEveryNameIsAFunction(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/wx-api-names.txt")
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Fields(string(data))
	if len(names) != 495 || len(wxsurface.Names) != 495 {
		t.Fatalf("%d names in testdata, %d in Names; want 495", len(names), len(wxsurface.Names))
	}
	e := launch(t, config{})
	ctx := context.Background()
	if _, err := e.Runtime().Eval(ctx, `globalThis.names = `+jsonList(names)); err != nil {
		t.Fatal(err)
	}
	v, err := e.Runtime().Eval(ctx, `names.filter(n => typeof wx[n] !== 'function')`)
	if err != nil {
		t.Fatal(err)
	}
	if missing := v.([]any); len(missing) != 0 {
		t.Errorf("%d names are not functions on wx: %v", len(missing), missing)
	}
}

func jsonList(names []string) string {
	return `['` + strings.Join(names, `','`) + `']`
}

func TestStubs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"callbacks", `wx.scanCode({success: () => log('success'), fail: r => log('fail', r.errMsg), complete: r => log('complete', r.errMsg)})`,
			"fail scanCode:fail not supported\ncomplete scanCode:fail not supported"},
		{"promise", `wx.vibrateShort().then(() => log('resolved'), r => log('rejected', r.errMsg))`, "rejected vibrateShort:fail not supported"},
		{"later, not now", `wx.makePhoneCall({phoneNumber: '1', fail: () => log('fail')}); log('sync')`, "sync\nfail"},
		{"bad argument", `wx.makePhoneCall(3).catch(r => log(r.errMsg))`, "makePhoneCall:fail parameter error: parameter should be Object instead of Number"},
		{"sync throws", `try { wx.getBatteryInfoSync(); log('returned') } catch (e) { log(e.message) }`, "getBatteryInfoSync:fail not supported"},
		{"listener", `log(wx.onAccelerometerChange(() => {}), wx.offAccelerometerChange(), wx.onLocationChange(() => {}))`, "undefined undefined undefined"},
		{"void", `log(wx.reportAnalytics('buy', {n: 1}), wx.reportMonitor('x', 1))`, "undefined undefined"},
		{"selector query", `wx.createSelectorQuery().select('#a').boundingClientRect(r => log('field', r)).exec(res => log('exec', JSON.stringify(res)))`,
			"field null\nexec [null]"},
		// createSelectorQuery is the runtime's own (it answers from the view);
		// a page without WXML has no nodes, the viewport answers zeros.
		{"selector query all", `const q = wx.createSelectorQuery().in({}); q.selectAll('.x').fields({size: true}); q.selectViewport().scrollOffset(); q.exec(r => log(JSON.stringify(r)))`,
			`[[],{"dataset":{},"id":"","scrollHeight":0,"scrollLeft":0,"scrollTop":0,"scrollWidth":0}]`},
		{"selector query empty", `wx.createSelectorQuery().exec(r => log(JSON.stringify(r)))`, "[]"},
		{"intersection observer", `const o = wx.createIntersectionObserver({}, {thresholds: [0]}); log(o.relativeToViewport({bottom: 0}) === o, o.observe('.x', () => log('never')), o.disconnect())`, "true undefined undefined"},
		{"animation", `const a = wx.createAnimation({duration: 100}); a.opacity(0.5).rotate(45).step().translateX(10).step({duration: 5}); log(JSON.stringify(a.export()), JSON.stringify(a.export()))`,
			`{"actions":[{"animates":[{"type":"style","args":["opacity",0.5]},{"type":"rotate","args":[45]}],"option":{"transformOrigin":"50% 50% 0","transition":{"duration":100,"timingFunction":"linear","delay":0}}},` +
				`{"animates":[{"type":"translateX","args":[10]}],"option":{"transformOrigin":"50% 50% 0","transition":{"duration":5,"timingFunction":"linear","delay":0}}}]} {"actions":[]}`},
		{"audio context", `const a = wx.createInnerAudioContext(); a.onEnded(() => {}); log(typeof a.play, a.play(), typeof a.offEnded)`, "function undefined function"},
		{"map context callbacks", `wx.createMapContext('m').getCenterLocation({fail: r => log(r.errMsg)})`, "getCenterLocation:fail not supported"},
		{"ad promise", `wx.createRewardedVideoAd({adUnitId: 'x'}).show().catch(r => log(r.errMsg))`, "show:fail not supported"},
		{"canvas", `const c = wx.createCanvasContext('c'); c.setFillStyle('red'); c.fillRect(0, 0, 1, 1); log(c.measureText('x').width, typeof c.createLinearGradient(0, 0, 1, 1).addColorStop); c.draw()`, "0 function"},
		{"new object per call", `log(wx.getRecorderManager() !== wx.getRecorderManager())`, "true"},
		{"buffer url", `try { wx.createBufferURL(new ArrayBuffer(1)) } catch (e) { log(e.message) }`, "createBufferURL:fail not supported"},
		{"idle callback", `wx.requestIdleCallback(d => log('idle', d.didTimeout, d.timeRemaining() > 0)); const id = wx.requestIdleCallback(() => log('cancelled')); wx.cancelIdleCallback(id); log('now')`, "now\nidle false true"},
		{"api category", `log(wx.getApiCategory())`, "default"},
		{"private info", `wx.chooseLocation().catch(r => log(r.errMsg))`, "chooseLocation:fail the api need to be declared in the requiredPrivateInfos field in app.json/ext.json"},
		{"declared but unsupported", `wx.getLocation().catch(r => log(r.errMsg))`, "getLocation:fail not supported"},
		{"real groups are untouched", `wx.showToast({title: 'x'}).then(r => log(r.errMsg))`, "showToast:ok"},
	}
	e := launch(t, config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.run(tt.src); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// denyUI refuses every scope and counts the questions.
type denyUI struct {
	bridge.HeadlessUI
	asked atomic.Int32
}

func (u *denyUI) Authorize(context.Context, openapi.AppInfo, string, string) (bool, error) {
	u.asked.Add(1)
	return false, nil
}

func TestHostHandlers(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var calls []*bridge.Call
	record := func(res map[string]any, err error) bridge.HandlerFunc {
		return func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			mu.Lock()
			calls = append(calls, c)
			mu.Unlock()
			return res, err
		}
	}
	handlers := wxsurface.HandlerMap{
		"scanCode":           record(map[string]any{"result": "QR", "scanType": "QR_CODE"}, nil),
		"getLocation":        record(map[string]any{"latitude": 31.2, "longitude": 121.5}, nil),
		"chooseAddress":      record(map[string]any{"userName": "x"}, nil),
		"getBatteryInfoSync": record(map[string]any{"level": 80.0, "isCharging": false}, nil),
		"getWeRunData":       record(nil, bridge.ErrCanceled),
		"vibrateLong":        bridge.HandlerFunc(func(context.Context, *bridge.Call) (map[string]any, error) { panic("boom") }),
		"getExptInfoSync":    bridge.HandlerFunc(func(context.Context, *bridge.Call) (map[string]any, error) { return nil, errors.New("no experiment") }),
	}
	ui := &denyUI{}
	overrides := &bridge.Registry{}
	if err := overrides.HandleFunc("makePhoneCall", func(context.Context, *bridge.Call) (map[string]any, error) {
		return map[string]any{"by": "override"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	perms := wxsys.NewPermissions(nil, "u")
	if err := perms.Set(openapi.AppInfo{AppID: "wxsurface"}, "scope.userLocation", true); err != nil {
		t.Fatal(err)
	}
	e := launch(t, config{
		surface: wxsurface.Options{Handlers: handlers},
		sys:     wxsys.Options{Permissions: perms},
		bridge:  bridge.Config{UI: ui, Overrides: overrides},
		appJSON: `{"pages":["pages/a/a"],"requiredPrivateInfos":["getLocation","chooseAddress"]}`,
	})
	tests := []struct {
		name  string
		src   string
		want  string
		asked int32
	}{
		{"routed", `wx.scanCode({onlyFromCamera: true, success: r => log(r.errMsg, r.result, r.scanType)})`, "scanCode:ok QR QR_CODE", 0},
		{"routed promise", `wx.scanCode().then(r => log(r.result))`, "QR", 0},
		{"granted scope", `wx.getLocation({type: 'gcj02'}).then(r => log(r.errMsg, r.latitude))`, "getLocation:ok 31.2", 0},
		{"refused scope", `wx.chooseAddress().catch(r => log(r.errMsg))`, "chooseAddress:fail auth deny", 1},
		{"refusal remembered", `wx.chooseAddress().catch(r => log(r.errMsg))`, "chooseAddress:fail auth deny", 1},
		{"refusal without a handler", `wx.authorize({scope: 'scope.camera'}).catch(r => log(r.errMsg))`, "authorize:fail auth deny", 2},
		{"handler cancel", `wx.authorize({scope: 'scope.werun'}).catch(() => wx.getWeRunData()).catch(r => log(r.errMsg))`, "getWeRunData:fail auth deny", 3},
		{"handler panic", `wx.vibrateLong().catch(r => log(r.errMsg))`, "vibrateLong:fail internal error", 3},
		{"sync handler", `const b = wx.getBatteryInfoSync(); log(b.level, b.isCharging)`, "80 false", 3},
		{"sync handler error", `try { wx.getExptInfoSync(['k']) } catch (e) { log(e.message) }`, "getExptInfoSync:fail no experiment", 3},
		{"bridge override", `wx.makePhoneCall({phoneNumber: '1'}).then(r => log(r.by))`, "override", 3},
		{"unrouted", `wx.startWifi().catch(r => log(r.errMsg))`, "startWifi:fail not supported", 3},
		{"unrouted scope not asked", `wx.openBluetoothAdapter().catch(r => log(r.errMsg))`, "openBluetoothAdapter:fail not supported", 3},
		{"unrouted scope refused", `wx.authorize({scope: 'scope.bluetooth'}).catch(() => wx.openBluetoothAdapter()).catch(r => log(r.errMsg))`, "openBluetoothAdapter:fail auth deny", 4},
	}
	for _, tt := range tests {
		if got := e.run(tt.src); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if n := ui.asked.Load(); n != tt.asked {
			t.Errorf("%s: host asked %d times, want %d", tt.name, n, tt.asked)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var scan *bridge.Call
	for _, c := range calls {
		if c.API == "scanCode" {
			scan = c
			break
		}
	}
	if scan == nil || scan.App.AppID != "wxsurface" || scan.Route != "pages/a/a" || scan.Args["onlyFromCamera"] != true {
		t.Errorf("scanCode call %+v", scan)
	}
	for _, c := range calls {
		if c.API == "chooseAddress" || c.API == "getWeRunData" {
			t.Errorf("%s reached its handler without the scope", c.API)
		}
	}
}

func TestSyncHandlerTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	e := launch(t, config{
		surface: wxsurface.Options{Handlers: wxsurface.HandlerMap{
			"getSkylineInfoSync": bridge.HandlerFunc(func(ctx context.Context, _ *bridge.Call) (map[string]any, error) {
				select {
				case <-release:
				case <-ctx.Done():
				}
				return nil, nil
			}),
		}},
		bridge: bridge.Config{Timeout: 50 * time.Millisecond},
	})
	if got := e.run(`try { wx.getSkylineInfoSync() } catch (e) { log(e.message) }`); got != "getSkylineInfoSync:fail timeout" {
		t.Errorf("got %q", got)
	}
}

func TestCanIUse(t *testing.T) {
	t.Parallel()
	e := launch(t, config{
		surface: wxsurface.Options{
			Handlers: wxsurface.HandlerMap{"scanCode": bridge.HandlerFunc(func(context.Context, *bridge.Call) (map[string]any, error) { return nil, nil })},
			CanIUse:  []string{"getFileSystemManager.return.readFile"},
		},
	})
	tests := []struct {
		schema string
		want   bool
	}{
		{"showToast", true},
		{"wx.showToast", true},
		{"getSystemInfoSync", true},
		{"navigateTo", true},
		{"invokeNativePlugin", true},
		{"getUpdateManager", true},
		{"canIUse", true},
		{"scanCode", true}, // routed to the host
		{"openBluetoothAdapter", false},
		{"getBatteryInfoSync", false},
		{"onAccelerometerChange", false},
		{"createSelectorQuery", true}, // implemented by the runtime's view layer
		{"noSuchApi", false},
		{"toString", false},
		{"", false},
		{"showToast.object", true},
		{"showToast.object.image", true},
		{"showToast.object.icon.error", true},
		{"showToast.object.icon.sparkles", false},
		{"showToast.object.nope", false},
		{"showToast.bogus", false},
		{"showModal.success.content", true},
		{"getSystemInfoSync.return.safeArea.left", true},
		{"getSystemInfoSync.return.safeArea.middle", false},
		{"getSystemInfo.success.screenWidth", true},
		{"getWindowInfo.return.statusBarHeight", true},
		{"getAccountInfoSync.return.miniProgram.envVersion", true},
		{"openBluetoothAdapter.object", false},
		{"button.open-type.contact", false},
		{"live-player", false},
		{"getFileSystemManager.return.readFile", true},
		{"showToast.object.title.x.y", false},
	}
	for _, tt := range tests {
		got := e.run(`log(wx.canIUse(` + quote(tt.schema) + `))`)
		if want := map[bool]string{true: "true", false: "false"}[tt.want]; got != want {
			t.Errorf("canIUse(%q) = %s, want %s", tt.schema, got, want)
		}
	}
	if got := e.run(`log(wx.canIUse(), wx.canIUse(3))`); got != "false false" {
		t.Errorf("canIUse without a string: %s", got)
	}
}

func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// TestRealGroupsKept checks that the surface defines nothing a group
// already defined, and that canIUse reflects a group installed before it.
func TestRealGroupsKept(t *testing.T) {
	t.Parallel()
	b, err := bundle.Load(fstest.MapFS{
		"app.json":     {Data: []byte(`{"pages":["pages/a/a"]}`)},
		"app.js":       {Data: []byte(`App({})`)},
		"pages/a/a.js": {Data: []byte(`Page({})`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	battery := bridge.GroupFunc(func(d *bridge.Definer) error {
		return d.Sync("getBatteryInfoSync", func(goja.FunctionCall) (any, error) { return map[string]any{"level": 42}, nil })
	})
	r, err := runtime.New(b, &runtime.Options{
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{battery, wxsurface.New(wxsurface.Options{Names: []string{"getBatteryInfoSync", "scanCode"}})}})},
		Logger:     slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		t.Fatal(err)
	}
	v, err := r.Eval(ctx, `[wx.getBatteryInfoSync().level, wx.canIUse('getBatteryInfoSync'), wx.canIUse('scanCode'), typeof wx.scanCode, typeof wx.vibrateLong]`)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(v); got != "[42 true false function undefined]" {
		t.Errorf("got %s", got)
	}
}
