package runtime_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
)

// Start-up benchmarks use a bundle of benchPages pages and about
// benchBundleBytes of JavaScript, as the performance issue asks.
const (
	benchPages       = 12
	benchBundleBytes = 200_000
)

var (
	benchOnce   sync.Once
	benchFS     fstest.MapFS
	benchBundle *bundle.Bundle
	benchErr    error
)

// loadBenchBundle generates and loads the benchmark bundle once per process.
func loadBenchBundle(tb testing.TB) (fstest.MapFS, *bundle.Bundle) {
	tb.Helper()
	benchOnce.Do(func() {
		benchFS = genBundle(tb, benchPages, benchBundleBytes)
		benchBundle, benchErr = bundle.Load(benchFS)
	})
	if benchErr != nil {
		tb.Fatalf("loading the generated bundle: %v", benchErr)
	}
	return benchFS, benchBundle
}

var benchLogger = slog.New(slog.DiscardHandler)

// benchNewRuntime creates a runtime for b with the bridge installed, a virtual
// clock and no script time budget (benchmarks run long scripts).
func benchNewRuntime(tb testing.TB, b *bundle.Bundle, progs *runtime.Programs, onEvent func(runtime.Event)) *runtime.Runtime {
	tb.Helper()
	r, err := runtime.New(b, &runtime.Options{
		Info:          runtime.AppInfo{AppID: "wxbench0000000001"},
		Clock:         runtime.NewVirtualClock(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)),
		ScriptTimeout: -1,
		Programs:      progs,
		Extensions:    []runtime.Extension{bridge.New(bridge.Config{})},
		OnEvent:       onEvent,
		Logger:        benchLogger,
	})
	if err != nil {
		tb.Fatalf("runtime.New: %v", err)
	}
	return r
}

// benchStartApp creates a runtime and launches it to the entry page's onReady.
func benchStartApp(tb testing.TB, b *bundle.Bundle, progs *runtime.Programs) *runtime.Runtime {
	tb.Helper()
	r := benchNewRuntime(tb, b, progs, nil)
	if err := r.Launch(context.Background(), runtime.LaunchOptions{}); err != nil {
		r.Close()
		tb.Fatalf("Launch: %v", err)
	}
	return r
}

// benchErrors gathers the uncaught errors of a runtime (OnEvent runs on
// the loop goroutine).
type benchErrors struct {
	mu   sync.Mutex
	errs []string
}

func (c *benchErrors) onEvent(ev runtime.Event) {
	if e, ok := ev.(*runtime.ErrorEvent); ok {
		c.mu.Lock()
		c.errs = append(c.errs, e.Err.Message+"\n"+e.Err.Stack)
		c.mu.Unlock()
	}
}

func (c *benchErrors) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

func TestGenBundleRuns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		pages  int
		target int
		bare   bool // also run the bundle in the bare goja baseline
	}{
		{"small", 10, 80_000, true},
		{"benchmark size", benchPages, benchBundleBytes, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := genBundle(t, tt.pages, tt.target)
			again := genBundle(t, tt.pages, tt.target)
			for _, name := range genSortedNames(fsys) {
				if g, ok := again[name]; !ok || !bytes.Equal(g.Data, fsys[name].Data) {
					t.Fatalf("genBundle is not deterministic: %s differs between two runs", name)
				}
			}
			n, files := genJSBytes(fsys)
			if n < tt.target || n > tt.target+tt.target/5 {
				t.Errorf("bundle has %d bytes of JavaScript in %d files, want %d to %d", n, files, tt.target, tt.target+tt.target/5)
			}
			b, err := bundle.Load(fsys)
			if err != nil {
				t.Fatalf("bundle.Load: %v", err)
			}
			if len(b.App.Pages) != tt.pages {
				t.Fatalf("bundle has %d pages, want %d", len(b.App.Pages), tt.pages)
			}

			var errs benchErrors
			ctx := context.Background()
			r := benchNewRuntime(t, b, runtime.NewPrograms(0), errs.onEvent)
			defer r.Close()
			if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
				t.Fatalf("Launch: %v", err)
			}
			if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
				t.Fatalf("RunUntilIdle: %v", err)
			}
			pages, err := r.Pages(ctx)
			if err != nil {
				t.Fatal(err)
			}
			home := pages[len(pages)-1].Data
			if got := benchPath(home, "user", "nickName"); got != "Bench User" {
				t.Errorf("home user.nickName = %v after login, want Bench User", got)
			}
			if got := benchPath(home, "loading"); got != false {
				t.Errorf("home loading = %v after onReady, want false", got)
			}
			if feed, _ := home["feed"].([]any); len(feed) != 10 {
				t.Errorf("home feed has %d items, want 10", len(feed))
			}
			gd, err := r.GlobalData(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if f, _ := gd["features"].([]any); len(f) < 2 {
				t.Errorf("globalData.features = %v, want the feature modules", gd["features"])
			}

			// Open every page that is not a tab, let it load, go back.
			for _, route := range b.App.Pages[4:] {
				if err := r.Navigate(ctx, "navigateTo", "/"+route+"?q=tea&region=110101"); err != nil {
					t.Fatalf("navigateTo %s: %v", route, err)
				}
				if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
					t.Fatal(err)
				}
				pages, err := r.Pages(ctx)
				if err != nil {
					t.Fatal(err)
				}
				top := pages[len(pages)-1]
				if top.Route != route {
					t.Fatalf("top page = %s, want %s", top.Route, route)
				}
				if list, _ := top.Data["list"].([]any); len(list) != 20 {
					t.Errorf("%s: list has %d rows after loading, want 20", route, len(list))
				}
				if got := benchPath(top.Data, "filter", "keyword"); got != "tea" {
					t.Errorf("%s: filter.keyword = %v, want tea", route, got)
				}
				if got, _ := benchPath(top.Data, "summary", "region").(string); !strings.Contains(got, " / ") {
					t.Errorf("%s: summary.region = %q, want a region path", route, got)
				}
				if err := r.NavigateBack(ctx, 1); err != nil {
					t.Fatalf("navigateBack from %s: %v", route, err)
				}
			}
			for _, tab := range b.App.Pages[1:4] {
				if err := r.Navigate(ctx, "switchTab", "/"+tab); err != nil {
					t.Fatalf("switchTab %s: %v", tab, err)
				}
			}
			if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
				t.Fatal(err)
			}
			if errs := errs.list(); len(errs) > 0 || r.ErrorCount() > 0 {
				t.Fatalf("the generated bundle had %d uncaught errors: %q", r.ErrorCount(), errs)
			}

			if !tt.bare {
				return
			}
			// The bare goja baseline must run the same kind of bundle too.
			vm, err := benchRunBare(benchCompileBare(t, fsys), goja.MustCompile("harness.js", benchHarness, false))
			if err != nil {
				t.Fatalf("bare goja start-up: %v", err)
			}
			if got := vm.Get("__app").ToObject(vm).Get("globalData").ToObject(vm).Get("appName").String(); got != "Bench Mall" {
				t.Errorf("bare goja start-up: globalData.appName = %q, want Bench Mall", got)
			}
		})
	}
}

// benchPath follows keys through nested maps.
func benchPath(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// BenchmarkStartCold measures a start-up with nothing compiled: every
// iteration uses a fresh Programs, so all modules go through esbuild and
// goja's compiler, then app.js runs and the entry page reaches onReady.
func BenchmarkStartCold(b *testing.B) {
	_, bnd := loadBenchBundle(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r := benchStartApp(b, bnd, runtime.NewPrograms(0))
		r.Close()
	}
}

// BenchmarkStartWarm measures a start-up whose modules are already
// compiled: a second runtime reusing the Programs of the first.
func BenchmarkStartWarm(b *testing.B) {
	_, bnd := loadBenchBundle(b)
	progs := runtime.NewPrograms(0)
	benchStartApp(b, bnd, progs).Close()
	compiled := progs.Len()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r := benchStartApp(b, bnd, progs)
		r.Close()
	}
	b.StopTimer()
	if n := progs.Len(); n != compiled {
		b.Fatalf("warm start-ups compiled again: %d programs cached, %d after the first start", n, compiled)
	}
}

// benchModuleHead wraps a CommonJS module in a function, as the runtime does.
const benchModuleHead = "(function (exports, require, module, __filename, __dirname) {"

// benchCompileBare turns every .js file of fsys into a goja program the same way
// the runtime does (esbuild to CommonJS, wrapped in a module function), so
// that the baseline runs the very code the runtime runs.
func benchCompileBare(tb testing.TB, fsys fs.FS) map[string]*goja.Program {
	tb.Helper()
	progs := map[string]*goja.Program{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		res := api.Transform(string(src), api.TransformOptions{
			Loader: api.LoaderJS, Format: api.FormatCommonJS, Target: api.ES2022,
			Sourcemap: api.SourceMapInline, Sourcefile: p,
		})
		if len(res.Errors) > 0 {
			return fmt.Errorf("%s: %s", p, res.Errors[0].Text)
		}
		prg, err := goja.Compile(p, benchModuleHead+string(res.Code)+"\n})", false)
		if err != nil {
			return err
		}
		progs[p] = prg
		return nil
	})
	if err != nil {
		tb.Fatalf("compiling the bundle for the bare goja baseline: %v", err)
	}
	return progs
}

// benchHarness stands in for the runtime in the baseline: App and Page record
// their options, the page instance is a plain object whose setData assigns
// top-level keys, timers never fire and wx has only what app.js calls.
const benchHarness = `(function (g) {
  g.console = { log() {}, warn() {}, error() {}, info() {}, debug() {} };
  g.setTimeout = () => 0;
  g.clearTimeout = () => {};
  g.wx = { getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }), navigateTo() {} };
  g.App = (o) => { g.__app = o; };
  g.getApp = () => g.__app;
  g.Page = (o) => { g.__page = o; };
  g.__start = function () {
    const app = g.__app;
    const opts = { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} };
    app.onLaunch(opts);
    app.onShow(opts);
    const p = Object.assign({}, g.__page);
    p.data = JSON.parse(JSON.stringify(g.__page.data));
    p.setData = function (patch) { for (const k of Object.keys(patch)) this.data[k] = patch[k]; };
    p.onLoad({});
    p.onShow();
    p.onReady();
  };
})(globalThis)`

// benchRunBare starts the bundle in a bare goja runtime: the baseline's require
// resolves only relative paths (all the generated bundle uses).
func benchRunBare(progs map[string]*goja.Program, harness *goja.Program) (*goja.Runtime, error) {
	vm := goja.New()
	if _, err := vm.RunProgram(harness); err != nil {
		return nil, err
	}
	modules := map[string]*goja.Object{}
	var require func(p string) (goja.Value, error)
	require = func(p string) (goja.Value, error) {
		if m, ok := modules[p]; ok {
			return m.Get("exports"), nil
		}
		prg, ok := progs[p]
		if !ok {
			return nil, fmt.Errorf("module %s not found", p)
		}
		fnV, err := vm.RunProgram(prg)
		if err != nil {
			return nil, err
		}
		fn, _ := goja.AssertFunction(fnV)
		m := vm.NewObject()
		exports := vm.NewObject()
		_ = m.Set("exports", exports)
		modules[p] = m
		req := vm.ToValue(func(c goja.FunctionCall) goja.Value {
			spec := path.Join(path.Dir(p), c.Argument(0).String())
			if !strings.HasSuffix(spec, ".js") {
				spec += ".js"
			}
			v, err := require(spec)
			if err != nil {
				panic(vm.NewGoError(err))
			}
			return v
		})
		if _, err := fn(goja.Undefined(), exports, req, m, vm.ToValue(p), vm.ToValue(path.Dir(p))); err != nil {
			return nil, err
		}
		return m.Get("exports"), nil
	}
	if _, err := require("app.js"); err != nil {
		return nil, err
	}
	if _, err := require("pages/index/index.js"); err != nil {
		return nil, err
	}
	_, err := vm.RunString("__start()")
	return vm, err
}

// BenchmarkBareGoja is the floor under BenchmarkStartWarm: goja.New() and
// RunProgram of the same already-compiled modules (app.js, everything it
// imports and the entry page), then the app and page hooks up to onReady.
// It leaves out what the runtime adds: the event loop goroutine, the wx
// bridge, the globals, copying page data to Go and back on every setData,
// events. The difference between the two is the runtime's own cost.
func BenchmarkBareGoja(b *testing.B) {
	fsys, _ := loadBenchBundle(b)
	progs := benchCompileBare(b, fsys)
	harness := goja.MustCompile("harness.js", benchHarness, false)
	if _, err := benchRunBare(progs, harness); err != nil {
		b.Fatalf("bare start-up: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := benchRunBare(progs, harness); err != nil {
			b.Fatal(err)
		}
	}
}

// benchTopPage is a JavaScript expression for the page on top of the stack.
const benchTopPage = "getCurrentPages()[getCurrentPages().length - 1]"

// BenchmarkSetData measures one this.setData call with two path keys
// ("counters.cN" and "products[3].stock") on the home page, whose data
// holds about 60 objects. The calls run in one script, so the figure is
// the cost of setData itself, not of entering the loop.
func BenchmarkSetData(b *testing.B) {
	for _, withEvents := range []bool{false, true} {
		name := "plain"
		var onEvent func(runtime.Event)
		if withEvents {
			// With OnEvent set, every call also copies the page data for a
			// SetDataEvent.
			name = "OnEvent"
			onEvent = func(runtime.Event) {}
		}
		b.Run(name, func(b *testing.B) {
			_, bnd := loadBenchBundle(b)
			ctx := context.Background()
			r := benchNewRuntime(b, bnd, nil, onEvent)
			defer r.Close()
			if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
				b.Fatal(err)
			}
			if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			v, err := r.Eval(ctx, fmt.Sprintf("%s.bumpMany(%d)", benchTopPage, b.N))
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if got := v.(float64); int(got) != (b.N-1)&^7 {
				b.Fatalf("counters.c0 = %v after %d calls, want %d", got, b.N, (b.N-1)&^7)
			}
		})
	}
}

// BenchmarkNavigate measures a navigateTo + navigateBack round trip as the
// host drives it: the new page's module is already evaluated after the
// first round, so an iteration is onHide, page creation (data copied),
// onLoad/onShow/onReady, its fake request (a virtual 30 ms timer) and
// setData of 20 rows, then onUnload and onShow of the page below.
func BenchmarkNavigate(b *testing.B) {
	_, bnd := loadBenchBundle(b)
	ctx := context.Background()
	r := benchNewRuntime(b, bnd, nil, nil)
	defer r.Close()
	if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
		b.Fatal(err)
	}
	round := func() error {
		if err := r.Navigate(ctx, "navigateTo", "/pages/detail/detail?id=7&q=tea"); err != nil {
			return err
		}
		if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
			return err
		}
		return r.NavigateBack(ctx, 1)
	}
	if err := round(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := round(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := r.ErrorCount(); n > 0 {
		b.Fatalf("%d uncaught errors while navigating", n)
	}
}

// benchHeapPerItem runs b.N rounds of starting batch items with start,
// each kept alive until the round ends, and reports the live heap one item
// holds as "bytes/runtime": HeapAlloc after the batch minus before, over the
// batch size, with a GC before each reading. ns/op and allocs/op are those
// of starting a whole batch.
func benchHeapPerItem(b *testing.B, batch int, start func() (release func())) {
	var perItem float64
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		var before, after goruntime.MemStats
		goruntime.GC()
		goruntime.ReadMemStats(&before)
		b.StartTimer()
		releases := make([]func(), batch)
		for i := range releases {
			releases[i] = start()
		}
		b.StopTimer()
		goruntime.GC()
		goruntime.ReadMemStats(&after)
		perItem += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(batch)
		for _, release := range releases {
			release()
		}
		b.StartTimer()
	}
	b.ReportMetric(perItem/float64(b.N), "bytes/runtime")
}

// BenchmarkIdleRuntimeMemory reports the heap an idle runtime holds after
// launching the benchmark bundle and running it until idle, in batches of
// 20 runtimes sharing compiled programs.
func BenchmarkIdleRuntimeMemory(b *testing.B) {
	_, bnd := loadBenchBundle(b)
	progs := runtime.NewPrograms(0)
	benchStartApp(b, bnd, progs).Close()
	ctx := context.Background()
	benchHeapPerItem(b, 20, func() func() {
		r := benchStartApp(b, bnd, progs)
		if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
			b.Fatal(err)
		}
		return func() { r.Close() }
	})
}

// BenchmarkIdleBareGojaMemory is the floor under BenchmarkIdleRuntimeMemory:
// the heap of a bare goja runtime that has run the same modules and hooks
// (see BenchmarkBareGoja).
func BenchmarkIdleBareGojaMemory(b *testing.B) {
	fsys, _ := loadBenchBundle(b)
	progs := benchCompileBare(b, fsys)
	harness := goja.MustCompile("harness.js", benchHarness, false)
	benchHeapPerItem(b, 20, func() func() {
		vm, err := benchRunBare(progs, harness)
		if err != nil {
			b.Fatal(err)
		}
		return func() { goruntime.KeepAlive(vm) }
	})
}
