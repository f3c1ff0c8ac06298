package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime"
)

func appWith(appJS string, pages map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"app.js": {Data: []byte(appJS)}}
	var list []string
	for _, route := range slices.Sorted(mapKeys(pages)) {
		list = append(list, `"`+route+`"`)
		fsys[route+".js"] = &fstest.MapFile{Data: []byte(pages[route])}
	}
	fsys["app.json"] = &fstest.MapFile{Data: []byte(`{"pages":[` + strings.Join(list, ",") + `]}`)}
	return fsys
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestVirtualClockTimers(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({ globalData: { log: [] } })`, map[string]string{"pages/a/a": `
		const log = getApp().globalData.log
		Page({ onLoad() {
			const t0 = Date.now()
			setTimeout(() => log.push('30s@' + (Date.now() - t0)), 30000)
			setTimeout((a, b) => log.push('args ' + a + b), 10, 'x', 'y')
			const cancelled = setTimeout(() => log.push('never'), 5)
			clearTimeout(cancelled)
			let n = 0
			const iv = setInterval(() => { log.push('tick' + (++n)); if (n === 3) clearInterval(iv) }, 1000)
		} })`}))
	begin := r.Now()
	wall := time.Now()
	idle(t, r)
	want := "args xy,tick1,tick2,tick3,30s@30000"
	if got := eval(t, r, `getApp().globalData.log.join()`); got != want {
		t.Errorf("log = %v, want %v", got, want)
	}
	if d := r.Now().Sub(begin); d != 30*time.Second {
		t.Errorf("virtual time advanced %v, want 30s", d)
	}
	if d := time.Since(wall); d > 5*time.Second {
		t.Errorf("a virtual 30 s took %v of real time", d)
	}
}

func TestRunUntilIdleCap(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({ globalData: { n: 0 } })`, map[string]string{"pages/a/a": `
		Page({ onLoad() { setInterval(() => getApp().globalData.n++, 1000) } })`}))
	capped, err := r.RunUntilIdle(context.Background(), 10*time.Second)
	if err != nil || !capped {
		t.Fatalf("RunUntilIdle = %v, %v; want capped", capped, err)
	}
	if got := eval(t, r, `getApp().globalData.n`); got != float64(10) {
		t.Errorf("ticks = %v, want 10", got)
	}
	if err := r.Advance(context.Background(), 2500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getApp().globalData.n`); got != float64(12) {
		t.Errorf("ticks after Advance(2.5s) = %v, want 12", got)
	}
}

func TestHiddenAppTimersPause(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({ globalData: { fired: false } })`, map[string]string{"pages/a/a": `
		Page({ onLoad() { setTimeout(() => { getApp().globalData.fired = true }, 1000) } })`}))
	ctx := context.Background()
	if err := r.Hide(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getApp().globalData.fired`); got != false {
		t.Fatal("timer fired while the app was in the background")
	}
	if err := r.Show(ctx, runtime.LaunchOptions{}); err != nil {
		t.Fatal(err)
	}
	idle(t, r)
	if got := eval(t, r, `getApp().globalData.fired`); got != true {
		t.Error("timer did not fire after Show")
	}
}

func TestRunawayScriptInterrupted(t *testing.T) {
	t.Parallel()
	r, rec := start(t, appWith(`App({ onError(msg) { this.globalData.onError = msg }, globalData: {} })`,
		map[string]string{"pages/a/a": `Page({ spin() { setTimeout(() => { for (;;) {} }, 0) } })`}),
		withTimeout(300*time.Millisecond))
	eval(t, r, `getCurrentPages()[0].spin()`)
	idle(t, r)
	errs := rec.errors()
	if len(errs) != 1 || !errors.Is(errs[0], runtime.ErrScriptTimeout) || errs[0].Source != "timeout" {
		t.Fatalf("errors = %v, want one script timeout", errs)
	}
	if got := eval(t, r, `getApp().globalData.onError`); !strings.Contains(fmt.Sprint(got), "timed out") {
		t.Errorf("App.onError got %v", got)
	}
	// The runtime lives on.
	if got := eval(t, r, `1 + 1`); got != float64(2) {
		t.Errorf("after interrupt: 1+1 = %v", got)
	}
}

func TestRecursionIsAnError(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({})`, map[string]string{"pages/a/a": `Page({ deep() { const f = n => f(n + 1) + 1; return f(0) } })`}))
	_, err := r.Eval(context.Background(), `getCurrentPages()[0].deep()`)
	var se *runtime.ScriptError
	if !errors.As(err, &se) || se.Message != "RangeError: Maximum call stack size exceeded" {
		t.Fatalf("err = %v, want a RangeError ScriptError", err)
	}
}

// panicky is an extension whose native function panics with a Go value.
var panicky = runtime.ExtensionFunc(func(env *runtime.Env) error {
	return env.WX().Set("explode", func(goja.FunctionCall) goja.Value { panic("kaboom") })
})

func TestGoPanicContained(t *testing.T) {
	t.Parallel()
	r, rec := start(t, appWith(`App({})`, map[string]string{"pages/a/a": `Page({ onLoad() { setTimeout(() => wx.explode(), 1) } })`}),
		withExtension(panicky))
	idle(t, r)
	errs := rec.errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "kaboom") {
		t.Fatalf("errors = %v, want the contained panic", errs)
	}
	if got := eval(t, r, `"alive"`); got != "alive" {
		t.Error("runtime unusable after a contained panic")
	}
}

func TestUncaughtErrorsReachOnError(t *testing.T) {
	t.Parallel()
	r, rec := start(t, appWith(`App({
			globalData: { errors: [], rejections: [] },
			onError(msg) { this.globalData.errors.push(msg.split('\n')[0]) },
			onUnhandledRejection(res) { this.globalData.rejections.push(String(res.reason)) },
		})`,
		map[string]string{"pages/a/a": `Page({
			onLoad() { null.boom },
			onReady() { setTimeout(() => { throw new TypeError('in timer') }, 5); Promise.reject(new Error('nobody')) ; Promise.reject(1).catch(() => {}) },
		})`}))
	idle(t, r)
	errs := eval(t, r, `getApp().globalData.errors`).([]any)
	if len(errs) != 2 || !strings.HasPrefix(errs[0].(string), "TypeError") || errs[1] != "TypeError: in timer" {
		t.Errorf("onError got %v", errs)
	}
	rej := eval(t, r, `getApp().globalData.rejections`).([]any)
	if len(rej) != 1 || rej[0] != "Error: nobody" {
		t.Errorf("onUnhandledRejection got %v", rej)
	}
	if n := len(rec.errors()); n != 3 || r.ErrorCount() != 3 {
		t.Errorf("error events = %d, ErrorCount = %d; want 3", n, r.ErrorCount())
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	t.Parallel()
	r, _ := openRuntime(t, appWith(`App({})`, map[string]string{"pages/a/a": "// line 1\nPage({\n  data: { a: 1 },,\n})\n"}))
	err := r.Launch(context.Background(), runtime.LaunchOptions{})
	var syn *runtime.SyntaxError
	if !errors.As(err, &syn) {
		t.Fatalf("Launch err = %v, want a *SyntaxError", err)
	}
	if syn.File != "pages/a/a.js" || syn.Line != 3 || syn.Column != 18 {
		t.Errorf("position = %s:%d:%d, want pages/a/a.js:3:18", syn.File, syn.Line, syn.Column)
	}
}

func TestStackTraceUsesOriginalLines(t *testing.T) {
	t.Parallel()
	fsys := appWith(`App({})`, map[string]string{"pages/a/a": "import x from '/lib'\n\n\nPage({\n  async onLoad() {\n    await null\n    x.missing.call()\n  },\n})\n"})
	fsys["lib.js"] = &fstest.MapFile{Data: []byte("export default {}")}
	r, rec := start(t, fsys)
	idle(t, r)
	errs := rec.errors()
	if len(errs) != 1 {
		t.Fatalf("errors = %v", errs)
	}
	if !strings.Contains(errs[0].Stack, "pages/a/a.js:7") {
		t.Errorf("stack does not point at pages/a/a.js line 7:\n%s", errs[0].Stack)
	}
}

func TestAppRules(t *testing.T) {
	t.Parallel()
	t.Run("App twice", func(t *testing.T) {
		r, _ := openRuntime(t, appWith(`App({}); App({})`, map[string]string{"pages/a/a": `Page({})`}))
		err := r.Launch(context.Background(), runtime.LaunchOptions{})
		if err == nil || !strings.Contains(err.Error(), "App() can only be called once") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("no App", func(t *testing.T) {
		r, _ := openRuntime(t, appWith(`// nothing`, map[string]string{"pages/a/a": `Page({})`}))
		if err := r.Launch(context.Background(), runtime.LaunchOptions{}); !errors.Is(err, runtime.ErrNoApp) {
			t.Errorf("err = %v, want ErrNoApp", err)
		}
	})
	t.Run("page without Page()", func(t *testing.T) {
		r, _ := openRuntime(t, appWith(`App({})`, map[string]string{"pages/a/a": `// forgot`}))
		if err := r.Launch(context.Background(), runtime.LaunchOptions{}); !errors.Is(err, runtime.ErrNoPageDefinition) {
			t.Errorf("err = %v, want ErrNoPageDefinition", err)
		}
	})
	t.Run("entry not found", func(t *testing.T) {
		r, _ := openRuntime(t, appWith(`App({})`, map[string]string{"pages/a/a": `Page({})`}))
		err := r.Launch(context.Background(), runtime.LaunchOptions{Path: "pages/x/x"})
		if !errors.Is(err, runtime.ErrPageNotFound) || !strings.Contains(err.Error(), "pages/x/x") {
			t.Errorf("err = %v, want ErrPageNotFound naming pages/x/x", err)
		}
	})
	t.Run("entry not found handled by onPageNotFound", func(t *testing.T) {
		r, _ := openRuntime(t, appWith(`App({ onPageNotFound(res) { wx.reLaunch({ url: '/pages/a/a?from=' + res.path }) } })`, map[string]string{"pages/a/a": `Page({})`}))
		if err := r.Launch(context.Background(), runtime.LaunchOptions{Path: "pages/x/x"}); err != nil {
			t.Fatal(err)
		}
		idle(t, r)
		if got := eval(t, r, `getCurrentPages()[0].options.from`); got != "pages/x/x" {
			t.Errorf("redirected page options.from = %v", got)
		}
	})
}

func TestPagesLoadLazily(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({ globalData: { loaded: [] } })`, map[string]string{
		"pages/a/a": `getApp().globalData.loaded.push('a'); Page({})`,
		"pages/b/b": `getApp().globalData.loaded.push('b'); Page({})`,
	}))
	if got := eval(t, r, `getApp().globalData.loaded.join()`); got != "a" {
		t.Errorf("loaded at start = %v, want only the entry page", got)
	}
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := r.Navigate(ctx, "navigateTo", "/pages/b/b"); err != nil {
			t.Fatal(err)
		}
	}
	if got := eval(t, r, `getApp().globalData.loaded.join()`); got != "a,b" {
		t.Errorf("loaded = %v, want a,b (each module once)", got)
	}
}

func TestProgramsShared(t *testing.T) {
	t.Parallel()
	progs := runtime.NewPrograms(0)
	fsys := appWith(`import './x'; App({})`, map[string]string{"pages/a/a": `Page({})`, "x": `export const x = 1`})
	for i := 0; i < 3; i++ {
		start(t, fsys, func(o *runtime.Options) { o.Programs = progs })
	}
	if n := progs.Len(); n != 3 { // app.js, x.js, pages/a/a.js
		t.Errorf("compiled modules = %d, want 3 shared by all runtimes", n)
	}
}

func TestNothingOfTheHostLeaks(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({})`, map[string]string{"pages/a/a": `Page({})`}))
	for _, name := range []string{"process", "fetch", "XMLHttpRequest", "document", "window", "os", "fs", "setImmediate"} {
		if got := eval(t, r, `typeof `+name); got != "undefined" {
			t.Errorf("typeof %s = %v, want undefined", name, got)
		}
	}
	for _, name := range []string{"App", "Page", "Component", "Behavior", "getApp", "getCurrentPages", "setTimeout", "setInterval", "clearTimeout", "clearInterval"} {
		if got := eval(t, r, `typeof `+name); got != "function" {
			t.Errorf("typeof %s = %v, want function", name, got)
		}
	}
	for _, name := range []string{"wx", "console", "Promise"} {
		if got := eval(t, r, `typeof `+name); got == "undefined" {
			t.Errorf("%s is missing", name)
		}
	}
}
