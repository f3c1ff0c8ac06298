package launcher_test

import (
	"context"
	"log/slog"
	goruntime "runtime"
	"testing"

	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/runtime"
)

// BenchmarkStartCached measures a start of a cached app up to its entry
// page's onReady (then a Finish). cold: every start compiles its modules
// (a fresh Programs cache each time, as the first start in a process); warm:
// compiled programs are reused.
func BenchmarkStartCached(b *testing.B) {
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			progs := runtime.NewPrograms(0)
			w := newWorld(b, launcher.Config{Programs: progs})
			w.start("wxalpha", nil) // downloads into the cache
			w.l.FinishAll()
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if mode == "cold" {
					progs.Reset()
				}
				res := w.l.Start(ctx, "wxalpha", nil)
				if res.Code != launcher.CodeOK || res.Source != "cache" {
					b.Fatalf("start: %+v", res)
				}
				b.StopTimer()
				w.l.FinishAll()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkIdleAppMemory reports the heap held by one running, idle app
// (runtime, loop, bridge, open package), over b.N apps kept open at once.
func BenchmarkIdleAppMemory(b *testing.B) {
	w := newWorld(b, launcher.Config{MaxBackground: -1})
	w.start("wxalpha", nil)
	w.l.FinishAll()
	// Every app needs its own id to stay running: publish copies.
	const n = 20
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "wxmem" + string(rune('a'+i))
		publish(b, w.repo, "alpha", ids[i], "1.0.0")
	}
	ctx := context.Background()
	for _, id := range ids { // into the cache first
		if res := w.l.Start(ctx, id, nil); res.Code != launcher.CodeOK {
			b.Fatal(res.Info)
		}
	}
	w.l.FinishAll()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		goruntime.GC()
		var before, after goruntime.MemStats
		goruntime.ReadMemStats(&before)
		l, err := launcher.New(launcher.Config{Cache: w.l.Cache(), MaxBackground: n, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range ids {
			if res := l.Start(ctx, id, nil); res.Code != launcher.CodeOK {
				b.Fatal(res.Info)
			}
		}
		goruntime.GC()
		goruntime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/app")
		l.Shutdown()
	}
}
