package wxsys_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxsys"
)

// appJSON asks for the location scope.
const appJSON = `{"pages":["pages/a/a"],
	"permission":{"scope.userLocation":{"desc":"to find shops near you"}}}`

// askUI answers Authorize from a table (grant when absent) and counts the
// questions.
type askUI struct {
	bridge.HeadlessUI
	mu      sync.Mutex
	answers map[string]bool
	asked   []string
}

func (u *askUI) Authorize(ctx context.Context, app openapi.AppInfo, scope, desc string) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.asked = append(u.asked, scope+"|"+desc)
	if g, ok := u.answers[scope]; ok {
		return g, nil
	}
	return true, nil
}

func (u *askUI) questions() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.asked...)
}

func (u *askUI) set(scope string, g bool) {
	u.mu.Lock()
	u.answers[scope] = g
	u.mu.Unlock()
}

type env struct {
	*bridgetest.App
	t testing.TB
}

type config struct {
	opts   wxsys.Options
	ui     bridge.UI
	info   runtime.AppInfo
	groups []bridge.Group
}

// emitGroup defines wx.__emit(kind, ...args), which delivers an app event
// through wxsys.EmitAppEvent, and wx.__scoped(api), which runs
// wxsys.ScopeCheck as a group behind a scope would.
var emitGroup = bridge.GroupFunc(func(d *bridge.Definer) error {
	if err := d.Func("__emit", func(c goja.FunctionCall) goja.Value {
		n := wxsys.EmitAppEvent(d.Env(), wxsys.AppEvent(c.Argument(0).String()), c.Arguments[1:]...)
		return d.Env().JS().ToValue(n)
	}); err != nil {
		return err
	}
	return d.Async("__scoped", func(p *bridge.Pending) {
		check := wxsys.ScopeCheck(d, p.Args()["api"].(string))
		p.Go(func(ctx context.Context) (map[string]any, error) { return nil, check(ctx) })
	})
})

func launch(t testing.TB, c config) *env {
	t.Helper()
	if c.info.AppID == "" {
		c.info = runtime.AppInfo{AppID: "wxsys", Version: "1.2.3", EnvVersion: "trial"}
	}
	groups := append([]bridge.Group{wxsys.New(c.opts), emitGroup}, c.groups...)
	app := bridgetest.Launch(t, bridge.Config{UI: c.ui, Groups: groups},
		bridgetest.WithInfo(c.info), bridgetest.WithFiles(map[string]string{"app.json": appJSON}), bridgetest.LogJSON())
	return &env{App: app, t: t}
}

// lines is a log as strings.
func lines(log []any) []string {
	var out []string
	for _, x := range log {
		out = append(out, x.(string))
	}
	return out
}

// run evaluates src, runs until idle and returns the log.
func (e *env) run(src string) []string {
	e.t.Helper()
	return lines(e.Run(src))
}

// idleLog runs until idle and returns the log of the last run or tap.
func (e *env) idleLog() []string {
	e.t.Helper()
	return lines(e.Wait())
}

// tap runs src as the handler of a user tap and returns the log.
func (e *env) tap(src string) []string {
	e.t.Helper()
	return lines(e.Tap(src))
}

func join(s []string) string { return strings.Join(s, "\n") }

func TestSystemInfo(t *testing.T) {
	t.Parallel()
	custom := wxsys.DefaultSystemInfo()
	custom.Brand, custom.Platform, custom.ScreenHeight, custom.WindowHeight = "Apple", "ios", 844, 700
	tests := []struct {
		name string
		opts wxsys.Options
		src  string
		want string
	}{
		{"sync brand", wxsys.Options{}, `const i = wx.getSystemInfoSync(); log(i.brand, i.model, i.platform, i.pixelRatio, i.SDKVersion, i.language, i.theme)`,
			"Xiaomi Redmi Note 12 android 2.75 3.5.8 zh_CN light"},
		{"sync sizes", wxsys.Options{}, `const i = wx.getSystemInfoSync(); log(i.screenWidth, i.screenHeight, i.windowWidth, i.windowHeight, i.statusBarHeight, i.safeArea.top, i.safeArea.height)`,
			"393 873 393 797 32 32 841"},
		{"sync booleans", wxsys.Options{}, `const i = wx.getSystemInfoSync(); log(i.locationEnabled, i.cameraAuthorized, typeof i.errMsg)`, "true true undefined"},
		{"custom", wxsys.Options{System: &custom}, `const i = wx.getSystemInfoSync(); log(i.brand, i.platform, i.windowHeight, i.screenTop)`, "Apple ios 700 144"},
		{"async", wxsys.Options{}, `wx.getSystemInfo({success: r => log(r.errMsg, r.brand)})`, "getSystemInfo:ok Xiaomi"},
		{"async promise", wxsys.Options{}, `wx.getSystemInfoAsync().then(r => log(r.errMsg, r.model))`, "getSystemInfoAsync:ok Redmi Note 12"},
		{"window", wxsys.Options{}, `const w = wx.getWindowInfo(); log(w.windowWidth, w.windowHeight, w.pixelRatio, 'brand' in w)`, "393 797 2.75 false"},
		{"device", wxsys.Options{}, `const d = wx.getDeviceInfo(); log(d.brand, d.model, d.system, d.abi, d.memorySize, 'windowWidth' in d)`, "Xiaomi Redmi Note 12 Android 13 arm64-v8a 7680 false"},
		{"app base", wxsys.Options{}, `const a = wx.getAppBaseInfo(); log(a.SDKVersion, a.version, a.language, a.theme, a.enableDebug, JSON.stringify(a.host))`, `3.5.8 8.0.50 zh_CN light false {"appId":""}`},
		{"setting", wxsys.Options{}, `log(JSON.stringify(wx.getSystemSetting()))`, `{"bluetoothEnabled":true,"deviceOrientation":"portrait","locationEnabled":true,"wifiEnabled":true}`},
		{"authorize setting", wxsys.Options{}, `const a = wx.getAppAuthorizeSetting(); log(a.cameraAuthorized, a.locationReducedAccuracy)`, "authorized false"},
		{"menu button", wxsys.Options{}, `log(JSON.stringify(wx.getMenuButtonBoundingClientRect()))`, `{"bottom":70,"height":32,"left":299,"right":386,"top":38,"width":87}`},
		{"account", wxsys.Options{}, `log(JSON.stringify(wx.getAccountInfoSync()))`, `{"miniProgram":{"appId":"wxsys","envVersion":"trial","version":"1.2.3"},"plugin":{}}`},
		{"ext default", wxsys.Options{}, `log(JSON.stringify(wx.getExtConfigSync()))`, `{}`},
		{"ext", wxsys.Options{ExtConfig: map[string]any{"shop": "s1"}}, `const x = wx.getExtConfigSync(); x.shop = 'changed'; log(wx.getExtConfigSync().shop)`, `s1`},
		{"ext async", wxsys.Options{ExtConfig: map[string]any{"n": 1.0}}, `wx.getExtConfig().then(r => log(r.errMsg, JSON.stringify(r.extConfig)))`, `getExtConfig:ok {"n":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := launch(t, config{opts: tt.opts})
			if got := join(e.run(tt.src)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReleaseEnvVersion(t *testing.T) {
	t.Parallel()
	e := launch(t, config{info: runtime.AppInfo{AppID: "wxrel", Version: "2.0.0"}})
	if got := join(e.run(`log(wx.getAccountInfoSync().miniProgram.envVersion)`)); got != "release" {
		t.Errorf("envVersion %q, want release", got)
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"nextTick after the job", `log('a'); wx.nextTick(() => log('c')); log('b')`, "a\nb\nc"},
		{"nextTick after microtasks", `wx.nextTick(() => log('tick')); Promise.resolve().then(() => log('micro'))`, "micro\ntick"},
		{"nextTick needs a function", `try { wx.nextTick(1) } catch (e) { log(e.name, e.message) }`, "TypeError nextTick: callback should be Function instead of Number"},
		{"encode buffer", `log(wx.arrayBufferToBase64(new Uint8Array([1, 2, 3, 250]).buffer))`, "AQID+g=="},
		{"encode typed array", `log(wx.arrayBufferToBase64(new Uint8Array([104, 105])))`, "aGk="},
		{"encode empty", `log(JSON.stringify(wx.arrayBufferToBase64(new ArrayBuffer(0))))`, `""`},
		{"encode string", `try { wx.arrayBufferToBase64('x') } catch (e) { log(e.name) }`, "TypeError"},
		{"decode", `const b = wx.base64ToArrayBuffer('AQID+g=='); log(b instanceof ArrayBuffer, Array.from(new Uint8Array(b)).join(','))`, "true 1,2,3,250"},
		{"decode unpadded url", `log(Array.from(new Uint8Array(wx.base64ToArrayBuffer('AQID-g'))).join(','))`, "1,2,3,250"},
		{"decode whitespace", `log(Array.from(new Uint8Array(wx.base64ToArrayBuffer(' aG\nk= '))).join(','))`, "104,105"},
		{"decode bad", `try { wx.base64ToArrayBuffer('a*b') } catch (e) { log(e.name, e.message) }`, "TypeError base64ToArrayBuffer: invalid base64: bad character or length at offset 1 (whitespace removed)"},
	}
	e := launch(t, config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := join(e.run(tt.src)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAppEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"show", `wx.onAppShow(o => log('show', o.scene)); log(wx.__emit('AppShow', {scene: 1037}))`, "show 1037\n1"},
		{"order and duplicates", `const f = () => log('f'); wx.onAppHide(f); wx.onAppHide(() => log('g')); wx.onAppHide(f); wx.__emit('AppHide')`, "f\ng"},
		{"off one", `const f = () => log('f'); wx.onError(f); wx.onError(m => log('g', m)); wx.offError(f); wx.__emit('Error', 'boom')`, "g boom"},
		{"off all", `wx.onPageNotFound(() => log('a')); wx.onPageNotFound(() => log('b')); wx.offPageNotFound(); log(wx.__emit('PageNotFound', {path: 'x'}))`, "0"},
		{"off inside listener", `const f = () => { log('f'); wx.offUnhandledRejection(f) }; wx.onUnhandledRejection(f); wx.onUnhandledRejection(r => log('g', r.reason)); wx.__emit('UnhandledRejection', {reason: 'r'}); wx.__emit('UnhandledRejection', {reason: 's'})`, "f\ng r\ng s"},
		{"throwing listener", `wx.onAppShow(() => { throw new Error('x') }); wx.onAppShow(() => log('second')); wx.__emit('AppShow', {})`, "second"},
		{"non-function ignored", `wx.onAppShow(42); log(wx.__emit('AppShow', {}))`, "0"},
		{"kinds are separate", `wx.onAppShow(() => log('show')); log(wx.__emit('AppHide'))`, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := launch(t, config{})
			if got := join(e.run(tt.src)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAuthorize(t *testing.T) {
	t.Parallel()
	ui := &askUI{answers: map[string]bool{"scope.address": false}}
	perms := wxsys.NewPermissions(nil, "u1")
	e := launch(t, config{ui: ui, opts: wxsys.Options{Permissions: perms}})
	steps := []struct {
		src   string
		want  string
		asked int // questions so far
	}{
		{`wx.authorize({scope: 'scope.userLocation'}).then(r => log(r.errMsg))`, "authorize:ok", 1},
		{`wx.authorize({scope: 'scope.userLocation'}).then(r => log(r.errMsg))`, "authorize:ok", 1},
		{`wx.authorize({scope: 'scope.address', fail: r => log(r.errMsg)})`, "authorize:fail auth deny", 2},
		{`wx.authorize({scope: 'scope.address', fail: r => log(r.errMsg)})`, "authorize:fail auth deny", 2},
		{`wx.__scoped({api: 'chooseAddress'}).catch(r => log(r.errMsg))`, "__scoped:fail auth deny", 2},
		{`wx.__scoped({api: 'getLocation'}).then(r => log(r.errMsg))`, "__scoped:ok", 2},
		{`wx.__scoped({api: 'getWeRunData'}).then(r => log(r.errMsg))`, "__scoped:ok", 3},
		{`wx.__scoped({api: 'showToast'}).then(r => log(r.errMsg))`, "__scoped:ok", 3},
		{`wx.getSetting().then(r => log(JSON.stringify(r.authSetting)))`, `{"scope.address":false,"scope.userLocation":true,"scope.werun":true}`, 3},
		{`wx.getSetting({withSubscriptions: true}).then(r => log(JSON.stringify(r.subscriptionsSetting)))`, `{"itemSettings":{},"mainSwitch":true}`, 3},
		{`wx.authorize({scope: 'scope.nope'}).catch(r => log(r.errMsg))`, "authorize:fail invalid scope", 3},
		{`wx.authorize({}).catch(r => log(r.errMsg))`, "authorize:fail parameter error: parameter.scope should be String instead of Undefined;", 3},
		{`wx.authorize({scope: 1}).catch(r => log(r.errMsg))`, "authorize:fail parameter error: parameter.scope should be String instead of Number;", 3},
	}
	for i, s := range steps {
		if got := join(e.run(s.src)); got != s.want {
			t.Errorf("step %d: got %q, want %q", i, got, s.want)
		}
		if q := ui.questions(); len(q) != s.asked {
			t.Errorf("step %d: host asked %d times (%q), want %d", i, len(q), q, s.asked)
		}
	}
	if q := ui.questions(); q[0] != "scope.userLocation|to find shops near you" {
		t.Errorf("first question %q: want the desc of app.json", q[0])
	}

	// The same user in another run of the app: remembered.
	e2 := launch(t, config{ui: ui, opts: wxsys.Options{Permissions: perms}})
	if got := join(e2.run(`wx.authorize({scope: 'scope.address'}).catch(r => log(r.errMsg))`)); got != "authorize:fail auth deny" || len(ui.questions()) != 3 {
		t.Errorf("second run: %q after %d questions", got, len(ui.questions()))
	}
	// Another app of the same user: asked again.
	e3 := launch(t, config{ui: ui, opts: wxsys.Options{Permissions: perms}, info: runtime.AppInfo{AppID: "other"}})
	if got := join(e3.run(`wx.authorize({scope: 'scope.address'}).catch(r => log(r.errMsg))`)); got != "authorize:fail auth deny" || len(ui.questions()) != 4 {
		t.Errorf("other app: %q after %d questions", got, len(ui.questions()))
	}
	// Another user of the same store: asked again.
	ui.set("scope.address", true)
	e4 := launch(t, config{ui: ui, opts: wxsys.Options{Permissions: wxsys.NewPermissions(nil, "u2")}})
	if got := join(e4.run(`wx.authorize({scope: 'scope.address'}).then(r => log(r.errMsg))`)); got != "authorize:ok" || len(ui.questions()) != 5 {
		t.Errorf("other user: %q after %d questions", got, len(ui.questions()))
	}
}

func TestConcurrentFirstRequestsAskOnce(t *testing.T) {
	t.Parallel()
	ui := &askUI{answers: map[string]bool{}}
	e := launch(t, config{ui: ui})
	got := e.run(`for (let i = 0; i < 20; i++) wx.authorize({scope: 'scope.camera'}).then(r => log(r.errMsg))`)
	if len(got) != 20 || got[0] != "authorize:ok" {
		t.Errorf("results %q", got)
	}
	if q := ui.questions(); len(q) != 1 {
		t.Errorf("asked %d times: %q", len(q), q)
	}
}

// settingsUI implements wxsys.SettingsUI: it turns every scope on.
type settingsUI struct {
	askUI
	seen map[string]bool
}

func (u *settingsUI) OpenSetting(ctx context.Context, app openapi.AppInfo, cur map[string]bool) (map[string]bool, error) {
	u.seen = cur
	out := map[string]bool{"scope.bluetooth": true} // never asked: not on the page
	for s := range cur {
		out[s] = true
	}
	return out, nil
}

func TestOpenSetting(t *testing.T) {
	t.Parallel()
	t.Run("authorize again", func(t *testing.T) {
		t.Parallel()
		ui := &askUI{answers: map[string]bool{"scope.userLocation": false, "scope.record": true}}
		e := launch(t, config{ui: ui})
		e.run(`wx.authorize({scope: 'scope.userLocation'}).catch(() => {}); wx.authorize({scope: 'scope.record'})`)
		if got := join(e.run(`wx.openSetting().catch(r => log(r.errMsg))`)); got != "openSetting:fail can only be invoked by user TAP gesture." {
			t.Errorf("without a tap: %q", got)
		}
		ui.set("scope.userLocation", true)
		ui.set("scope.record", false)
		if got := join(e.tap(`wx.openSetting({success: r => log(JSON.stringify(r.authSetting))})`)); got != `{"scope.record":false,"scope.userLocation":true}` {
			t.Errorf("openSetting: %q", got)
		}
		if got := join(e.run(`wx.authorize({scope: 'scope.record'}).catch(r => log(r.errMsg))`)); got != "authorize:fail auth deny" {
			t.Errorf("record after the settings page: %q", got)
		}
		if q := ui.questions(); len(q) != 4 {
			t.Errorf("questions %q", q)
		}
	})
	t.Run("settings UI", func(t *testing.T) {
		t.Parallel()
		ui := &settingsUI{askUI: askUI{answers: map[string]bool{"scope.address": false}}}
		e := launch(t, config{ui: ui})
		e.run(`wx.authorize({scope: 'scope.address'}).catch(() => {})`)
		if got := join(e.tap(`wx.openSetting({withSubscriptions: true, success: r => log(JSON.stringify(r))})`)); got != `{"authSetting":{"scope.address":true},"errMsg":"openSetting:ok","subscriptionsSetting":{"itemSettings":{},"mainSwitch":true}}` {
			t.Errorf("openSetting: %q", got)
		}
		if len(ui.seen) != 1 || ui.seen["scope.address"] {
			t.Errorf("settings page saw %v", ui.seen)
		}
	})
}

func TestStoragePermissions(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "storage.db")
	db, err := storage.Open(path, &storage.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	store := wxsys.StoragePermissions(db)
	app := openapi.AppInfo{AppID: "wxapp"}
	ui := &askUI{answers: map[string]bool{"scope.camera": false}}
	p := wxsys.NewPermissions(store, "alice")
	ctx := context.Background()
	if err := p.Require(ctx, ui, app, "scope.camera", ""); !errors.Is(err, wxsys.ErrAuthDeny) {
		t.Fatalf("Require: %v, want ErrAuthDeny", err)
	}
	if err := p.Require(ctx, ui, app, "scope.record", ""); err != nil {
		t.Fatal(err)
	}
	// The mini program's own storage does not see the decisions.
	if info, err := db.App("alice", "wxapp").Info(); err != nil || len(info.Keys) != 0 {
		t.Errorf("app storage holds %v (%v)", info.Keys, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(path, &storage.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p = wxsys.NewPermissions(wxsys.StoragePermissions(db), "alice")
	if err := p.Require(ctx, ui, app, "scope.camera", ""); !errors.Is(err, wxsys.ErrAuthDeny) {
		t.Errorf("after reopening: %v, want ErrAuthDeny", err)
	}
	if q := ui.questions(); len(q) != 2 {
		t.Errorf("asked %q, want 2 questions", q)
	}
	set, err := p.Setting(app)
	if err != nil || fmt.Sprint(set) != "map[scope.camera:false scope.record:true]" {
		t.Errorf("Setting: %v, %v", set, err)
	}
	// A corrupt decision is reported, not taken as a grant.
	v, _ := storage.ValueOf("yes")
	if err := db.App("alice", "wxapp"+wxsys.PermissionsAppSuffix).Set("scope.werun", v); err != nil {
		t.Fatal(err)
	}
	if err := p.Require(ctx, ui, app, "scope.werun", ""); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("corrupt decision: %v", err)
	}
	if _, err := p.Setting(app); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("corrupt Setting: %v", err)
	}
}

func TestRequireUIError(t *testing.T) {
	t.Parallel()
	p := wxsys.NewPermissions(nil, "")
	app := openapi.AppInfo{AppID: "a"}
	ui := &cancelUI{}
	if err := p.Require(context.Background(), ui, app, "scope.camera", ""); !errors.Is(err, bridge.ErrCanceled) {
		t.Fatalf("Require: %v", err)
	}
	if s, _ := p.Setting(app); len(s) != 0 {
		t.Errorf("a canceled question was remembered: %v", s)
	}
}

type cancelUI struct{ bridge.HeadlessUI }

func (*cancelUI) Authorize(context.Context, openapi.AppInfo, string, string) (bool, error) {
	return false, bridge.ErrCanceled
}

func TestScopeOf(t *testing.T) {
	t.Parallel()
	for api, want := range map[string]string{
		"getLocation": "scope.userLocation", "chooseAddress": "scope.address", "getFuzzyLocation": "scope.userFuzzyLocation",
		"saveImageToPhotosAlbum": "scope.writePhotosAlbum", "request": "", "": "",
	} {
		if got := wxsys.ScopeOf(api); got != want {
			t.Errorf("ScopeOf(%q) = %q, want %q", api, got, want)
		}
	}
}

func TestDecodeBase64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{"", "", false},
		{"aGk=", "hi", false},
		{"aGk", "hi", false},
		{"aG k=\n", "hi", false},
		{"aGk===", "", true},
		{"a", "", true},
		{"a$bc", "", true},
		{"_-8=", "\xff\xef", false},
	}
	for _, tt := range tests {
		got, err := wxsys.DecodeBase64(tt.in)
		if (err != nil) != tt.err || string(got) != tt.want {
			t.Errorf("DecodeBase64(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, wxsys.ErrBase64) {
			t.Errorf("DecodeBase64(%q): %v does not wrap ErrBase64", tt.in, err)
		}
	}
}
