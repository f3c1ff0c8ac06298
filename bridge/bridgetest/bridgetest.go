package bridgetest

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
)

// Route is the page of the default bundle: the page the app opens on, and
// the page whose tap handler [App.Tap] drives.
const Route = "pages/a/a"

// DefaultInfo is the app the harness runs unless [WithInfo] or [WithAppID]
// says otherwise.
var DefaultInfo = runtime.AppInfo{AppID: "wxtest", Name: "Test", Version: "1.0.0"}

// defaultFiles is the one-page bundle. The page's tap method runs the
// function App.Tap installs.
var defaultFiles = map[string]string{
	"app.json":    `{"pages":["` + Route + `"]}`,
	"app.js":      `App({ globalData: {} })`,
	Route + ".js": `Page({ tap() { return globalThis.__bridgetestTap() } })`,
}

// Option changes how [Launch] starts the app.
type Option func(*config)

type config struct {
	info          runtime.AppInfo
	files         map[string]string
	clock         runtime.Clock
	scriptTimeout time.Duration
	prelude       string
	logJSON       bool
}

// WithInfo runs the app as info instead of [DefaultInfo].
func WithInfo(info runtime.AppInfo) Option {
	return func(c *config) { c.info = info }
}

// WithAppID runs the app with the id appID and no name or version.
func WithAppID(appID string) Option {
	return func(c *config) { c.info = runtime.AppInfo{AppID: appID} }
}

// WithFiles adds files to the default bundle or replaces them; the keys
// are paths in the bundle ("app.json", "assets/a.txt"). Replacing the
// page's script (Route + ".js") leaves [App.Tap] without its handler.
func WithFiles(files map[string]string) Option {
	return func(c *config) {
		for name, data := range files {
			c.files[name] = data
		}
	}
}

// WithClock runs the app on clock instead of a new VirtualClock starting
// at the zero time.
func WithClock(clock runtime.Clock) Option {
	return func(c *config) { c.clock = clock }
}

// WithScriptTimeout sets runtime.Options.ScriptTimeout: 0 means the
// runtime's default, a negative value disables the budget.
func WithScriptTimeout(d time.Duration) Option {
	return func(c *config) { c.scriptTimeout = d }
}

// WithPrelude evaluates js before the source of every [App.Start],
// [App.Run] and [App.Tap], in the same script and after log is defined:
// the place for helpers a package's tests share. Its var and function
// declarations are global.
func WithPrelude(js string) Option {
	return func(c *config) { c.prelude = js }
}

// LogJSON makes log write arguments that are objects (arrays and null
// included) as JSON and the others with String, instead of joining them
// as Array.prototype.join does (where null and undefined are empty and
// an object is "[object Object]").
func LogJSON() Option {
	return func(c *config) { c.logJSON = true }
}

// App is a running mini program with the bridge under test. Its methods
// are for the test goroutine: they fail the test (t.Fatal) on an error.
type App struct {
	t       testing.TB
	r       *runtime.Runtime
	prelude string

	mu    sync.Mutex
	calls []*runtime.APIEvent
}

// Launch loads the bundle (by default one page, [Route]), starts a runtime
// with a VirtualClock and bridge.New(cfg) as its only extension, and
// launches the app on its home page. A nil cfg.Logger and the runtime's
// logger discard their records. The app is closed when the test ends
// (t.Cleanup). Launch fails the test if any step fails.
func Launch(t testing.TB, cfg bridge.Config, opts ...Option) *App {
	t.Helper()
	c := config{info: DefaultInfo, files: make(map[string]string, len(defaultFiles))}
	for name, data := range defaultFiles {
		c.files[name] = data
	}
	for _, o := range opts {
		o(&c)
	}
	fsys := make(fstest.MapFS, len(c.files))
	for name, data := range c.files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	b, err := bundle.Load(fsys)
	if err != nil {
		t.Fatalf("bridgetest: loading the bundle: %v", err)
	}
	if c.clock == nil {
		c.clock = runtime.NewVirtualClock(time.Time{})
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	a := &App{t: t, prelude: logJS(c.logJSON) + c.prelude + "\n"}
	r, err := runtime.New(b, &runtime.Options{
		Info:          c.info,
		Clock:         c.clock,
		ScriptTimeout: c.scriptTimeout,
		Extensions:    []runtime.Extension{bridge.New(cfg)},
		Logger:        slog.New(slog.DiscardHandler),
		OnEvent: func(ev runtime.Event) {
			if call, ok := ev.(*runtime.APIEvent); ok {
				a.mu.Lock()
				a.calls = append(a.calls, call)
				a.mu.Unlock()
			}
		},
	})
	if err != nil {
		t.Fatalf("bridgetest: runtime.New: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.Launch(context.Background(), runtime.LaunchOptions{}); err != nil {
		t.Fatalf("bridgetest: Launch: %v", err)
	}
	a.r = r
	return a
}

// logJS empties the log and defines log.
func logJS(json bool) string {
	format := `a.join(' ')`
	if json {
		format = `a.map(x => typeof x === 'object' ? JSON.stringify(x) : String(x)).join(' ')`
	}
	return `globalThis.__bridgetestLog = []; var log = (...a) => { globalThis.__bridgetestLog.push(` + format + `) };`
}

// Runtime returns the app's runtime, for what the harness does not cover
// (navigation, Close, a fuzz target's own Eval).
func (a *App) Runtime() *runtime.Runtime { return a.r }

// Start empties the log and evaluates src in a block, after the
// definition of log(...args) (which appends its arguments, joined with
// spaces, to the log) and the prelude ([WithPrelude]). It does not wait
// for what src starts: see [App.Wait]. Because src is a block, its let,
// const and class declarations do not outlive it; assign to globalThis to
// keep a value for a later call.
func (a *App) Start(src string) {
	a.t.Helper()
	if _, err := a.r.Eval(context.Background(), a.prelude+"{\n"+src+"\n}"); err != nil {
		a.t.Fatalf("bridgetest: Eval: %v", err)
	}
}

// Wait runs the app until it is idle (no job, no wx call in flight, no
// timer; the VirtualClock jumps from timer to timer, by a minute at most)
// and returns the log so far: one string per log call.
func (a *App) Wait() []any {
	a.t.Helper()
	ctx := context.Background()
	if _, err := a.r.RunUntilIdle(ctx, time.Minute); err != nil {
		a.t.Fatalf("bridgetest: RunUntilIdle: %v", err)
	}
	v, err := a.r.Eval(ctx, `globalThis.__bridgetestLog || []`)
	if err != nil {
		a.t.Fatalf("bridgetest: reading the log: %v", err)
	}
	out, _ := v.([]any)
	return out
}

// Run is Start(src) then Wait: it evaluates src, runs the app until it is
// idle and returns what src and the callbacks it caused logged.
func (a *App) Run(src string) []any {
	a.t.Helper()
	a.Start(src)
	return a.Wait()
}

// Tap runs src as the body of the tap handler of the page [Route], as a
// tap in the view would (runtime.Runtime.Dispatch): its synchronous part
// counts as a user gesture. Like Run it empties the log first, and it
// returns the log once the app is idle.
func (a *App) Tap(src string) []any {
	a.t.Helper()
	ctx := context.Background()
	if _, err := a.r.Eval(ctx, a.prelude+"globalThis.__bridgetestTap = () => {\n"+src+"\n}"); err != nil {
		a.t.Fatalf("bridgetest: Eval: %v", err)
	}
	if err := a.r.Dispatch(ctx, "tap", runtime.UIEvent{}); err != nil {
		a.t.Fatalf("bridgetest: Dispatch: %v", err)
	}
	return a.Wait()
}

// Eval evaluates src in the app's global scope as it is (no log, no
// prelude, no block) and returns its value converted as JSON would.
func (a *App) Eval(src string) any {
	a.t.Helper()
	v, err := a.r.Eval(context.Background(), src)
	if err != nil {
		a.t.Fatalf("bridgetest: Eval: %v", err)
	}
	return v
}

// Calls returns the API events (runtime.APIEvent, as package bridge
// reports wx calls) the app has emitted so far, oldest first. The slice is
// a copy; the events must not be modified.
func (a *App) Calls() []*runtime.APIEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*runtime.APIEvent(nil), a.calls...)
}
