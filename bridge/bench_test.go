package bridge_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/eventloop"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
)

// benchDrivers are the JavaScript loops the custom-API benchmarks run. Each
// makes n calls one after the other (the next starts when the previous one
// has been delivered), so a figure per call is one JS→Go→JS round trip;
// the batch driver keeps 64 calls in flight to show throughput instead.
// Each records in __bench how many results came back and their sum, which
// the benchmark checks.
const benchDrivers = `
globalThis.__bench = { n: 0, sum: 0, err: null };
function benchCallbacks(n) {
  let i = 0;
  const next = () => {
    if (i === n) return;
    i++;
    wx.invokeNativePlugin({
      api_name: 'echo',
      data: { v: i },
      success(res) { __bench.n++; __bench.sum += res.v; next(); },
      fail(err) { __bench.err = err.errMsg; },
    });
  };
  next();
}
async function benchPromise(n) {
  try {
    for (let i = 1; i <= n; i++) {
      const res = await wx.invokeNativePlugin({ api_name: 'echo', data: { v: i } });
      __bench.n++;
      __bench.sum += res.v;
    }
  } catch (err) {
    __bench.err = err?.errMsg ?? String(err);
  }
}
async function benchBatch(n, width) {
  try {
    for (let i = 1; i <= n; i += width) {
      const calls = [];
      for (let j = i; j < i + width && j <= n; j++) calls.push(wx.invokeNativePlugin({ api_name: 'echo', data: { v: j } }));
      for (const res of await Promise.all(calls)) { __bench.n++; __bench.sum += res.v; }
    }
  } catch (err) {
    __bench.err = err?.errMsg ?? String(err);
  }
}
function benchSync(n) {
  for (let i = 1; i <= n; i++) {
    const res = wx.invokeNativePlugin({ api_name: 'echoSync', data: { v: i } });
    __bench.n++;
    __bench.sum += res.v;
  }
}
`

// benchEcho answers {v: data.v}: the smallest useful custom API.
func benchEcho(_ context.Context, c *bridge.Call) (map[string]any, error) {
	return map[string]any{"v": c.Data()["v"]}, nil
}

// benchApp starts a one-page app with the echo APIs registered (async as
// "echo", sync as "echoSync") and the driver functions defined.
func benchApp(b *testing.B) *runtime.Runtime {
	b.Helper()
	fsys := fstest.MapFS{
		"app.json":               {Data: []byte(`{"pages": ["pages/index/index"]}`)},
		"app.js":                 {Data: []byte(`App({})`)},
		"pages/index/index.js":   {Data: []byte(`Page({ data: {} })`)},
		"pages/index/index.json": {Data: []byte(`{}`)},
	}
	bnd, err := bundle.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	reg := &bridge.Registry{}
	if err := reg.HandleFunc("echo", benchEcho); err != nil {
		b.Fatal(err)
	}
	if err := reg.HandleSync("echoSync", bridge.HandlerFunc(benchEcho)); err != nil {
		b.Fatal(err)
	}
	r, err := runtime.New(bnd, &runtime.Options{
		Info:          runtime.AppInfo{AppID: "wxbench0000000002"},
		Clock:         runtime.NewVirtualClock(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)),
		ScriptTimeout: -1,
		Programs:      runtime.NewPrograms(0),
		Extensions:    []runtime.Extension{bridge.New(bridge.Config{Plugins: reg})},
		Logger:        slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	ctx := context.Background()
	if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := r.Eval(ctx, benchDrivers); err != nil {
		b.Fatal(err)
	}
	return r
}

// benchRunDriver calls the driver with b.N, waits until every call has been
// delivered and checks the benchTally.
func benchRunDriver(b *testing.B, call string) {
	r := benchApp(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := r.Eval(ctx, fmt.Sprintf(call, b.N)); err != nil {
		b.Fatal(err)
	}
	if err := r.Wait(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	benchCheckTally(b, r)
}

func benchCheckTally(b *testing.B, r *runtime.Runtime) {
	b.Helper()
	v, err := r.Eval(context.Background(), "__bench")
	if err != nil {
		b.Fatal(err)
	}
	got := v.(map[string]any)
	if got["err"] != nil {
		b.Fatalf("a call failed: %v", got["err"])
	}
	want := float64(b.N) * float64(b.N+1) / 2
	if got["n"] != float64(b.N) || got["sum"] != want {
		b.Fatalf("benchTally = %v, want n=%d sum=%v", got, b.N, want)
	}
}

// BenchmarkInvokeNativePluginCallback is one asynchronous custom API call
// with success/fail callbacks: argument conversion, the handler on its own
// goroutine, the result back on the loop and the success callback.
func BenchmarkInvokeNativePluginCallback(b *testing.B) {
	benchRunDriver(b, "benchCallbacks(%d)")
}

// BenchmarkInvokeNativePluginPromise is the same round trip with the
// Promise form (no callbacks), awaited one call at a time.
func BenchmarkInvokeNativePluginPromise(b *testing.B) {
	benchRunDriver(b, "benchPromise(%d)")
}

// BenchmarkInvokeNativePluginBatch keeps 64 Promise calls in flight
// (Promise.all per batch): the cost per call when calls overlap.
func BenchmarkInvokeNativePluginBatch(b *testing.B) {
	benchRunDriver(b, "benchBatch(%d, 64)")
}

// BenchmarkInvokeNativePluginSync is a custom API registered with
// HandleSync: the handler runs on the loop and the call returns its result.
func BenchmarkInvokeNativePluginSync(b *testing.B) {
	benchRunDriver(b, "benchSync(%d)")
}

// The baselines below do the same work with bare goja and the goja_nodejs
// event loop: a Go function exported to JavaScript that converts its
// argument, answers on a new goroutine and delivers the result on the loop
// with RunOnLoop. What the bridge costs beyond them is its convention
// (callbacks or Promise, errMsg), the per-call context and timeout, the
// loop's in-flight accounting and the JSON-shaped value copies.

const benchBaselineDrivers = `
let __n = 0, __sum = 0;
function baseCallbacks(n) {
  let i = 0;
  const next = () => {
    if (i === n) { done(__n, __sum); return; }
    i++;
    echoCb({ v: i }, (res) => { __n++; __sum += res.v; next(); });
  };
  next();
}
async function basePromise(n) {
  for (let i = 1; i <= n; i++) {
    const res = await echoAsync({ v: i });
    __n++;
    __sum += res.v;
  }
  done(__n, __sum);
}
function baseSync(n) {
  for (let i = 1; i <= n; i++) {
    const res = echoSync({ v: i });
    __n++;
    __sum += res.v;
  }
  done(__n, __sum);
}
`

type benchTally struct{ n, sum float64 }

// benchRunBaseline runs a baseline driver with b.N on a goja_nodejs event loop
// whose echo functions answer from a new goroutine.
func benchRunBaseline(b *testing.B, call string) {
	loop := eventloop.NewEventLoop()
	loop.Start()
	defer loop.Stop()
	result := make(chan benchTally, 1)
	setup := make(chan error, 1)
	loop.RunOnLoop(func(vm *goja.Runtime) {
		answer := func(arg goja.Value) map[string]any {
			m, _ := arg.Export().(map[string]any)
			return map[string]any{"v": m["v"]}
		}
		_ = vm.Set("echoSync", func(c goja.FunctionCall) goja.Value {
			return vm.ToValue(answer(c.Argument(0)))
		})
		_ = vm.Set("echoCb", func(c goja.FunctionCall) goja.Value {
			res := answer(c.Argument(0))
			cb, _ := goja.AssertFunction(c.Argument(1))
			go func() {
				loop.RunOnLoop(func(vm *goja.Runtime) { _, _ = cb(goja.Undefined(), vm.ToValue(res)) })
			}()
			return goja.Undefined()
		})
		_ = vm.Set("echoAsync", func(c goja.FunctionCall) goja.Value {
			res := answer(c.Argument(0))
			p, resolve, _ := vm.NewPromise()
			go func() {
				loop.RunOnLoop(func(vm *goja.Runtime) { _ = resolve(vm.ToValue(res)) })
			}()
			return vm.ToValue(p)
		})
		_ = vm.Set("done", func(n, sum float64) { result <- benchTally{n, sum} })
		_, err := vm.RunString(benchBaselineDrivers)
		setup <- err
	})
	if err := <-setup; err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	loop.RunOnLoop(func(vm *goja.Runtime) {
		if _, err := vm.RunString(fmt.Sprintf(call, b.N)); err != nil {
			panic(err)
		}
	})
	got := <-result
	b.StopTimer()
	if want := float64(b.N) * float64(b.N+1) / 2; got.n != float64(b.N) || got.sum != want {
		b.Fatalf("benchTally = %+v, want n=%d sum=%v", got, b.N, want)
	}
}

// BenchmarkBaselineEventLoopCallback is the callback round trip on bare
// goja + goja_nodejs eventloop.
func BenchmarkBaselineEventLoopCallback(b *testing.B) {
	benchRunBaseline(b, "baseCallbacks(%d)")
}

// BenchmarkBaselineEventLoopPromise is the Promise round trip on bare goja
// + goja_nodejs eventloop.
func BenchmarkBaselineEventLoopPromise(b *testing.B) {
	benchRunBaseline(b, "basePromise(%d)")
}

// BenchmarkBaselineGojaSync is a plain Go function called from JavaScript
// that converts its argument and returns an object.
func BenchmarkBaselineGojaSync(b *testing.B) {
	benchRunBaseline(b, "baseSync(%d)")
}
