package bridgetest_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// whoAmI is a custom API answering the calling app's id and version and the
// route of the page it was called from.
func whoAmI(t *testing.T) *bridge.Registry {
	t.Helper()
	reg := &bridge.Registry{}
	if err := reg.HandleFunc("whoAmI", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		return map[string]any{"id": c.App.AppID, "version": c.App.Version, "route": c.Route}, nil
	}); err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []bridgetest.Option
		src  string
		want []any
	}{
		{"joins with spaces", nil, `log('a', 1, true); log()`, []any{"a 1 true", ""}},
		{"join renders objects as join does", nil, `log({}, [1, 2], null, undefined)`, []any{"[object Object] 1,2  "}},
		{"LogJSON", []bridgetest.Option{bridgetest.LogJSON()}, `log({a: 1}, [1, 2], null, undefined, 's')`,
			[]any{`{"a":1} [1,2] null undefined s`}},
		{"callbacks are waited for", nil, `wx.invokeNativePlugin({api_name: 'whoAmI', success: r => log(r.id, r.version, r.route)}); log('sync')`,
			[]any{"sync", "wxtest 1.0.0 pages/a/a"}},
		{"timers on the virtual clock", nil, `setTimeout(() => log('late'), 30000); log('now')`, []any{"now", "late"}},
		{"WithAppID", []bridgetest.Option{bridgetest.WithAppID("wxother")},
			`wx.invokeNativePlugin({api_name: 'whoAmI'}).then(r => log(r.id, JSON.stringify(r.version)))`, []any{`wxother ""`}},
		{"WithInfo", []bridgetest.Option{bridgetest.WithInfo(runtime.AppInfo{AppID: "wxinfo", Version: "2.0.0"})},
			`wx.invokeNativePlugin({api_name: 'whoAmI'}).then(r => log(r.id, r.version))`, []any{"wxinfo 2.0.0"}},
		{"WithPrelude", []bridgetest.Option{bridgetest.WithPrelude(`var twice = s => log(s, s)`)}, `twice('x')`, []any{"x x"}},
		{"WithFiles", []bridgetest.Option{bridgetest.WithFiles(map[string]string{"app.js": `App({ globalData: { n: 7 } })`})},
			`log(getApp().globalData.n)`, []any{"7"}},
		{"uncaught errors in callbacks do not fail the run", nil,
			`Promise.resolve().then(() => { throw new Error('boom') }); log('ran')`, []any{"ran"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := bridgetest.Launch(t, bridge.Config{Plugins: whoAmI(t)}, tt.opts...)
			if got := app.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Run(%s) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestRunTwice(t *testing.T) {
	t.Parallel()
	app := bridgetest.Launch(t, bridge.Config{})
	src := `const x = 1; let y = 2; log(x + y)`
	for i := range 2 {
		if got := app.Run(src); !reflect.DeepEqual(got, []any{"3"}) {
			t.Errorf("run %d: log = %q, want the log of this run only", i, got)
		}
	}
	app.Run(`globalThis.kept = 'k'`)
	if got := app.Run(`log(typeof x, kept)`); !reflect.DeepEqual(got, []any{"undefined k"}) {
		t.Errorf("log = %q, want block-scoped x and a global kept", got)
	}
}

func TestStartWait(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	reg := &bridge.Registry{}
	if err := reg.HandleFunc("gate", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		<-release
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	app := bridgetest.Launch(t, bridge.Config{Plugins: reg})
	app.Start(`log('started'); wx.invokeNativePlugin({api_name: 'gate', success: r => log(r.errMsg)})`)
	if got := app.Eval(`globalThis.__bridgetestLog.length`); got != int64(1) && got != 1.0 {
		t.Errorf("log length before Wait = %v, want 1", got)
	}
	close(release)
	if got, want := app.Wait(), []any{"started", "invokeNativePlugin:ok"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Wait = %q, want %q", got, want)
	}
}

func TestTap(t *testing.T) {
	t.Parallel()
	type host struct{ openapi.Unsupported }
	app := bridgetest.Launch(t, bridge.Config{OpenAPI: host{}})
	src := `wx.getUserProfile({desc: 'name', fail: r => log(r.errMsg)})`
	if got, want := app.Run(src), []any{"getUserProfile:fail can only be invoked by user TAP gesture."}; !reflect.DeepEqual(got, want) {
		t.Errorf("Run = %q, want %q", got, want)
	}
	if got, want := app.Tap(src), []any{"getUserProfile:fail not supported"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tap = %q, want %q", got, want)
	}
}

func TestEvalAndCalls(t *testing.T) {
	t.Parallel()
	app := bridgetest.Launch(t, bridge.Config{Plugins: whoAmI(t)})
	if got := app.Eval(`[1 + 1, 'a']`); !reflect.DeepEqual(got, []any{int64(2), "a"}) && !reflect.DeepEqual(got, []any{2.0, "a"}) {
		t.Errorf("Eval = %#v", got)
	}
	if n := len(app.Calls()); n != 0 {
		t.Fatalf("%d calls before any", n)
	}
	app.Run(`wx.invokeNativePlugin({api_name: 'whoAmI', data: {q: 1}})`)
	calls := app.Calls()
	if len(calls) != 1 || calls[0].Name != "invokeNativePlugin" || calls[0].Route != bridgetest.Route || calls[0].Result["errMsg"] != "invokeNativePlugin:ok" {
		t.Errorf("calls = %+v", calls)
	}
	calls[0] = nil
	if app.Calls()[0] == nil {
		t.Error("Calls returned the harness's own slice")
	}
}

func TestWithClockAndScriptTimeout(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := runtime.NewVirtualClock(start)
	app := bridgetest.Launch(t, bridge.Config{}, bridgetest.WithClock(clock), bridgetest.WithScriptTimeout(500*time.Millisecond))
	if got := app.Run(`log(Date.now()); setTimeout(() => log(Date.now()), 2000)`); !reflect.DeepEqual(got, []any{"1767323045000", "1767323047000"}) {
		t.Errorf("log = %q", got)
	}
	if now := clock.Now(); !now.Equal(start.Add(2 * time.Second)) {
		t.Errorf("clock = %v, want the app's clock moved by its timer", now)
	}
	_, err := app.Runtime().Eval(context.Background(), `for (;;) {}`)
	var se *runtime.ScriptError
	if !errors.As(err, &se) {
		t.Errorf("endless loop: %v, want a ScriptError after the 500ms budget", err)
	}
}
