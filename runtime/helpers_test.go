package runtime_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
)

// recorder keeps the events of a runtime for assertions.
type recorder struct {
	mu     sync.Mutex
	events []runtime.Event
}

func (r *recorder) add(ev runtime.Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
}

// hooks returns "target.hook" for every lifecycle event since mark.
func (r *recorder) hooks(mark int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.events[mark:] {
		if e, ok := ev.(*runtime.LifecycleEvent); ok {
			out = append(out, shortTarget(e.Target)+"."+e.Hook)
		}
	}
	return out
}

func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func (r *recorder) errors() []*runtime.ScriptError {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*runtime.ScriptError
	for _, ev := range r.events {
		if e, ok := ev.(*runtime.ErrorEvent); ok {
			out = append(out, e.Err)
		}
	}
	return out
}

func (r *recorder) console() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.events {
		if e, ok := ev.(*runtime.ConsoleEvent); ok {
			s := e.Level + ":"
			for _, a := range e.Args {
				s += fmt.Sprint(" ", a)
			}
			out = append(out, s)
		}
	}
	return out
}

// shortTarget turns "pages/a/a" into "a".
func shortTarget(t string) string {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i] == '/' {
			return t[i+1:]
		}
	}
	return t
}

type testOpt func(*runtime.Options)

func withTimeout(d time.Duration) testOpt {
	return func(o *runtime.Options) { o.ScriptTimeout = d }
}

func withExtension(e runtime.Extension) testOpt {
	return func(o *runtime.Options) { o.Extensions = append(o.Extensions, e) }
}

// start loads fsys, creates a runtime on a virtual clock with the bridge's
// wx APIs and launches it.
func start(t testing.TB, fsys fs.FS, opts ...testOpt) (*runtime.Runtime, *recorder) {
	t.Helper()
	r, rec := openRuntime(t, fsys, opts...)
	if err := r.Launch(context.Background(), runtime.LaunchOptions{}); err != nil {
		t.Fatalf("Launch: %v", err)
	}
	return r, rec
}

func openRuntime(t testing.TB, fsys fs.FS, opts ...testOpt) (*runtime.Runtime, *recorder) {
	t.Helper()
	b, err := bundle.Load(fsys)
	if err != nil {
		t.Fatalf("bundle.Load: %v", err)
	}
	rec := &recorder{}
	o := &runtime.Options{
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{})},
		OnEvent:    rec.add,
		Logger:     slog.New(slog.DiscardHandler),
	}
	for _, f := range opts {
		f(o)
	}
	r, err := runtime.New(b, o)
	if err != nil {
		t.Fatalf("runtime.New: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r, rec
}

func testdata(name string) fs.FS { return os.DirFS("testdata/" + name) }

// idle runs r until idle on its virtual clock.
func idle(t testing.TB, r *runtime.Runtime) {
	t.Helper()
	if _, err := r.RunUntilIdle(context.Background(), time.Hour); err != nil {
		t.Fatalf("RunUntilIdle: %v", err)
	}
}

// eval runs JavaScript in the app and returns its JSON-converted value.
func eval(t testing.TB, r *runtime.Runtime, src string) any {
	t.Helper()
	v, err := r.Eval(context.Background(), src)
	if err != nil {
		t.Fatalf("Eval(%q): %v", src, err)
	}
	return v
}

func routes(t testing.TB, r *runtime.Runtime) []string {
	t.Helper()
	pages, err := r.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pages {
		out = append(out, shortTarget(p.Route))
	}
	return out
}

func runtimeLaunch(path string, scene int) runtime.LaunchOptions {
	return runtime.LaunchOptions{Path: path, Scene: scene}
}
