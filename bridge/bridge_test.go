package bridge_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	goruntime "runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/openapi"
)

func plugins(t testing.TB, handlers map[string]bridge.HandlerFunc) *bridge.Registry {
	t.Helper()
	reg := &bridge.Registry{}
	for name, h := range handlers {
		if err := reg.Handle(name, h); err != nil {
			t.Fatal(err)
		}
	}
	return reg
}

func TestCallbackOrderAndPromise(t *testing.T) {
	t.Parallel()
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"echo": func(ctx context.Context, c *bridge.Call) (map[string]any, error) { return c.Data(), nil },
		"nope": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			return nil, errors.New("out of stock")
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	tests := []struct {
		name string
		src  string
		want []any
	}{
		{"success then complete", `wx.invokeNativePlugin({api_name: 'echo', data: {v: 1},
			success: r => log('success', r.errMsg, r.v), fail: r => log('fail'), complete: r => log('complete', r.errMsg)}); log('sync')`,
			[]any{"sync", "success invokeNativePlugin:ok 1", "complete invokeNativePlugin:ok"}},
		{"fail then complete", `wx.invokeNativePlugin({api_name: 'nope',
			success: r => log('success'), fail: r => log('fail', r.errMsg), complete: r => log('complete', r.errMsg)})`,
			[]any{"fail invokeNativePlugin:fail out of stock", "complete invokeNativePlugin:fail out of stock"}},
		{"promise resolves", `wx.invokeNativePlugin({api_name: 'echo', data: {v: 2}}).then(r => log('then', r.errMsg, r.v))`,
			[]any{"then invokeNativePlugin:ok 2"}},
		{"promise rejects", `wx.invokeNativePlugin({api_name: 'nope'}).catch(r => log('catch', r.errMsg))`,
			[]any{"catch invokeNativePlugin:fail out of stock"}},
		{"await", `(async () => { const r = await wx.invokeNativePlugin({api_name: 'echo', data: {v: 3}}); log('await', r.v) })()`,
			[]any{"await 3"}},
		{"only complete", `const ret = wx.invokeNativePlugin({api_name: 'echo', complete: r => log('complete', r.errMsg)}); log('returns', typeof ret)`,
			[]any{"returns undefined", "complete invokeNativePlugin:ok"}},
		{"unregistered", `wx.invokeNativePlugin({api_name: 'missing', fail: r => log(r.errMsg)})`,
			[]any{`invokeNativePlugin:fail custom API "missing" is not registered`}},
		{"no api_name", `wx.invokeNativePlugin({fail: r => log(r.errMsg)})`,
			[]any{"invokeNativePlugin:fail parameter error: parameter.api_name should be String instead of Undefined;"}},
	}
	for _, tt := range tests {
		if got := e.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: log = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCustomAPIParams(t *testing.T) {
	t.Parallel()
	var got *bridge.Call
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"getDeviceToken": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			got = c
			return map[string]any{"token": "t-1"}, nil
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	log := e.Run(`wx.invokeNativePlugin({api_name: 'getDeviceToken', data: {scope: 'push', n: 2}, success: r => log(r.token, r.errMsg)})`)
	if !reflect.DeepEqual(log, []any{"t-1 invokeNativePlugin:ok"}) {
		t.Errorf("log = %v", log)
	}
	wantParams := map[string]any{
		"stateEvent": "requestCustomApi",
		"api_name":   "getDeviceToken",
		"data":       map[string]any{"scope": "push", "n": 2.0},
		"webviewId":  1.0,
	}
	if !reflect.DeepEqual(got.Params, wantParams) {
		t.Errorf("params = %v, want %v", got.Params, wantParams)
	}
	if got.App != (openapi.AppInfo{AppID: "wxtest", Name: "Test", Version: "1.0.0"}) || got.API != "getDeviceToken" || got.PageID != 1 || got.Route != "pages/a/a" {
		t.Errorf("call = %+v", got)
	}
	var data struct {
		Scope string `json:"scope"`
		N     int    `json:"n"`
	}
	if err := got.Decode(&data); err != nil || data.Scope != "push" || data.N != 2 {
		t.Errorf("Decode = %+v, %v", data, err)
	}
	var bad struct {
		Scope int `json:"scope"`
	}
	err := got.Decode(&bad)
	var de *bridge.DecodeError
	if !errors.As(err, &de) || de.API != "getDeviceToken" || de.Field != "scope" {
		t.Errorf("Decode into the wrong type: %v, want a DecodeError naming getDeviceToken and scope", err)
	}
}

func TestHandlerFailures(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	var lateDone atomic.Bool
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"cancelled": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			return nil, fmt.Errorf("user closed the sheet: %w", bridge.ErrCanceled)
		},
		"panics": func(ctx context.Context, c *bridge.Call) (map[string]any, error) { panic("handler bug") },
		"slow": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			<-release // ignores ctx on purpose: the late result must be dropped
			lateDone.Store(true)
			return map[string]any{"late": true}, nil
		},
		"ok": func(ctx context.Context, c *bridge.Call) (map[string]any, error) { return nil, nil },
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg, Timeout: 300 * time.Millisecond})
	log := e.Run(`
		for (const api of ['cancelled', 'panics', 'slow', 'ok']) {
			wx.invokeNativePlugin({api_name: api, success: r => log(api, r.errMsg), fail: r => log(api, r.errMsg)})
		}`)
	want := map[string]string{
		"cancelled": "invokeNativePlugin:fail cancel",
		"panics":    "invokeNativePlugin:fail internal error",
		"slow":      "invokeNativePlugin:fail timeout",
		"ok":        "invokeNativePlugin:ok",
	}
	if len(log) != len(want) {
		t.Fatalf("log = %v, want one line per call", log)
	}
	for _, l := range log {
		api, msg, _ := strings.Cut(l.(string), " ")
		if want[api] != msg {
			t.Errorf("%s: %q, want %q", api, msg, want[api])
		}
	}
	release <- struct{}{}
	if got := e.Run(``); len(got) != 0 {
		t.Errorf("late result delivered: %v", got)
	}
}

func TestSyncAPIs(t *testing.T) {
	t.Parallel()
	reg := &bridge.Registry{}
	if err := reg.HandleSync("now", bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		if c.Data()["fail"] == true {
			return nil, errors.New("no clock")
		}
		return map[string]any{"t": 42.0}, nil
	})); err != nil {
		t.Fatal(err)
	}
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	log := e.Run(`
		log(wx.invokeNativePlugin({api_name: 'now'}).t)
		try { wx.invokeNativePlugin({api_name: 'now', data: {fail: true}}) } catch (err) { log('threw', err.message) }
		log(wx.getLaunchOptionsSync().path)
		log(typeof wx.getEnterOptionsSync().query)`)
	want := []any{"42", "threw invokeNativePlugin:fail no clock", "pages/a/a", "object"}
	if !reflect.DeepEqual(log, want) {
		t.Errorf("log = %q, want %q", log, want)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	h := bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) { return nil, nil })
	reg := &bridge.Registry{}
	tests := []struct {
		name string
		want error
	}{
		{"ok", nil},
		{"ok", bridge.ErrDuplicate},
		{"", bridge.ErrInvalidName},
		{"1abc", bridge.ErrInvalidName},
		{"has space", bridge.ErrInvalidName},
		{"dotted.name_2-x", nil},
	}
	for _, tt := range tests {
		if err := reg.Handle(tt.name, h); !errors.Is(err, tt.want) {
			t.Errorf("Handle(%q) = %v, want %v", tt.name, err, tt.want)
		}
	}
	bridgetest.Launch(t, bridge.Config{Plugins: reg})
	if err := reg.Handle("late", h); !errors.Is(err, bridge.ErrRegistryClosed) {
		t.Errorf("Handle after start = %v, want ErrRegistryClosed", err)
	}
}

func TestPerAppPluginsWin(t *testing.T) {
	t.Parallel()
	answer := func(who string) bridge.HandlerFunc {
		return func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			return map[string]any{"who": who}, nil
		}
	}
	global := plugins(t, map[string]bridge.HandlerFunc{"x": answer("global"), "y": answer("global")})
	perApp := plugins(t, map[string]bridge.HandlerFunc{"x": answer("app")})
	e := bridgetest.Launch(t, bridge.Config{Plugins: global, AppPlugins: perApp})
	log := e.Run(`for (const n of ['x', 'y']) wx.invokeNativePlugin({api_name: n, success: r => log(n, r.who)})`)
	slices.SortFunc(log, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	if !reflect.DeepEqual(log, []any{"x app", "y global"}) {
		t.Errorf("log = %v", log)
	}
}

func TestPluginFallback(t *testing.T) {
	t.Parallel()
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"known": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			return map[string]any{"by": "registry"}, nil
		},
	})
	fallback := bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		return map[string]any{"by": "fallback " + c.API}, nil
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg, PluginFallback: fallback})
	log := e.Run(`for (const n of ['known', 'other']) wx.invokeNativePlugin({api_name: n, success: r => log(r.by)})`)
	slices.SortFunc(log, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	if !reflect.DeepEqual(log, []any{"fallback other", "registry"}) {
		t.Errorf("log = %v", log)
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"upload": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			for p := 25; p <= 75; p += 25 {
				c.Progress(map[string]any{"percent": p})
			}
			return map[string]any{"url": "u"}, nil
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	log := e.Run(`
		wx.onNativePluginEvent(ev => log('event', ev.api_name, ev.data.percent))
		wx.invokeNativePlugin({api_name: 'upload', progress: ev => log('progress', ev.data.percent), success: r => log('done', r.url)})`)
	want := []any{"progress 25", "event upload 25", "progress 50", "event upload 50", "progress 75", "event upload 75", "done u"}
	if !reflect.DeepEqual(log, want) {
		t.Errorf("log = %q, want %q", log, want)
	}
}

func TestConcurrentCallsDeliveredOnce(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"inc": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			calls.Add(1)
			return map[string]any{"i": c.Data()["i"]}, nil
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	log := e.Run(`
		const seen = new Array(1000).fill(0)
		let completes = 0
		for (let i = 0; i < 1000; i++) {
			wx.invokeNativePlugin({api_name: 'inc', data: {i}, success: r => seen[r.i]++, complete: () => {
				if (++completes === 1000) log(seen.every(n => n === 1) ? 'all once' : 'bad ' + JSON.stringify(seen))
			}})
		}`)
	if !reflect.DeepEqual(log, []any{"all once"}) {
		t.Errorf("log = %v", log)
	}
	if n := calls.Load(); n != 1000 {
		t.Errorf("handler calls = %d", n)
	}
	if evs := e.Calls(); len(evs) != 1000 {
		t.Errorf("observed %d API events, want 1000", len(evs))
	}
}

func TestHandlerCancelledWhenAppFinishes(t *testing.T) {
	before := goruntime.NumGoroutine()
	started := make(chan struct{})
	var sawCancel atomic.Bool
	reg := plugins(t, map[string]bridge.HandlerFunc{
		"wait": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			close(started)
			<-ctx.Done()
			sawCancel.Store(true)
			return nil, ctx.Err()
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	if _, err := e.Runtime().Eval(context.Background(), `wx.invokeNativePlugin({api_name: 'wait', complete() { throw new Error('must not be called') }})`); err != nil {
		t.Fatal(err)
	}
	<-started
	e.Runtime().Close()
	deadline := time.Now().Add(5 * time.Second)
	for goruntime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !sawCancel.Load() {
		t.Error("handler context not cancelled when the app finished")
	}
	if n := goruntime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d before, %d after finishing", before, n)
	}
}

func TestOverrideBuiltin(t *testing.T) {
	t.Parallel()
	over := plugins(t, map[string]bridge.HandlerFunc{
		"navigateTo": func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			return map[string]any{"by": "host", "url": c.Args["url"]}, nil
		},
	})
	e := bridgetest.Launch(t, bridge.Config{Overrides: over})
	log := e.Run(`wx.navigateTo({url: '/pages/x/x', success: r => log(r.errMsg, r.by, r.url)})`)
	if !reflect.DeepEqual(log, []any{"navigateTo:ok host /pages/x/x"}) {
		t.Errorf("log = %v", log)
	}
}

func TestAPIEventsObserved(t *testing.T) {
	t.Parallel()
	e := bridgetest.Launch(t, bridge.Config{})
	e.Run(`wx.navigateTo({url: '/pages/none/none', fail() {}})`)
	evs := e.Calls()
	if len(evs) != 1 {
		t.Fatalf("events = %v", evs)
	}
	ev := evs[0]
	if ev.Name != "navigateTo" || ev.Route != "pages/a/a" || ev.PageID != 1 ||
		!reflect.DeepEqual(ev.Args, map[string]any{"url": "/pages/none/none"}) ||
		ev.Result["errMsg"] != `navigateTo:fail page "pages/none/none" is not found` {
		t.Errorf("event = %+v", ev)
	}
}

// A Go panic in an API implementation (the loop side) fails that call only.
func TestImplementationPanicIsContained(t *testing.T) {
	t.Parallel()
	group := bridge.GroupFunc(func(d *bridge.Definer) error {
		if err := d.Async("brokenAsync", func(p *bridge.Pending) {
			var m map[string]int
			m["x"] = 1 // a nil-map write: a Go panic
		}); err != nil {
			return err
		}
		return d.Func("brokenFunc", func(goja.FunctionCall) goja.Value { panic("boom") })
	})
	e := bridgetest.Launch(t, bridge.Config{Groups: []bridge.Group{group}})
	log := e.Run(`
		wx.brokenAsync({fail: r => log(r.errMsg)})
		try { wx.brokenFunc() } catch (err) { log('caught', err.message) }
		log('still running')`)
	want := []any{"caught brokenFunc:fail internal error", "still running", "brokenAsync:fail internal error"}
	if !reflect.DeepEqual(log, want) {
		t.Errorf("log = %q, want %q", log, want)
	}
}
