package runtime

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/jsvalue"
	"github.com/minihost/minihost/view"
)

// DefaultScriptTimeout is the time budget of one callback when
// Options.ScriptTimeout is zero.
const DefaultScriptTimeout = 5 * time.Second

// DefaultMaxCallStackSize bounds JavaScript recursion when
// Options.MaxCallStackSize is zero.
const DefaultMaxCallStackSize = 2000

// MaxSetDataBytes is the most one setData call may carry, measured as JSON.
const MaxSetDataBytes = 1 << 20

// MaxPageStack is the depth of the page stack (navigateTo fails beyond it).
const MaxPageStack = 10

// AppInfo identifies the running mini program.
type AppInfo struct {
	AppID      string `json:"appId"`
	Name       string `json:"name,omitempty"`
	Version    string `json:"version,omitempty"`
	EnvVersion string `json:"envVersion,omitempty"` // "release", "trial" or "develop"
}

// ReferrerInfo tells which app opened this one, and what it passed.
type ReferrerInfo struct {
	AppID     string         `json:"appId,omitempty"`
	ExtraData map[string]any `json:"extraData,omitempty"`
}

// LaunchOptions are the options of App.onLaunch / onShow and
// wx.getLaunchOptionsSync / getEnterOptionsSync.
type LaunchOptions struct {
	// Path is the entry page with an optional query: "pages/x/x?a=1". Empty
	// means the bundle's home page.
	Path string
	// Query adds to the query of Path.
	Query map[string]string
	// Scene is the WeChat scene value; 0 means 1001.
	Scene        int
	ReferrerInfo *ReferrerInfo
}

// Extension adds to the JavaScript environment of a runtime. Install runs on
// the loop goroutine, before app.js, with the runtime's [Env]; package
// bridge's wx APIs are an Extension.
type Extension interface {
	Install(env *Env) error
}

// ExtensionFunc adapts a function to [Extension].
type ExtensionFunc func(env *Env) error

// Install calls f(env).
func (f ExtensionFunc) Install(env *Env) error { return f(env) }

// Options configure a runtime. The zero value is usable: real clock, 5 s
// script budget, the process-wide program cache, no extensions.
type Options struct {
	// Info identifies the app to wx APIs and host handlers.
	Info AppInfo
	// Clock is where time comes from; nil means RealClock. A *VirtualClock
	// must not be shared between runtimes.
	Clock Clock
	// ScriptTimeout is the real time one callback (a lifecycle hook, a
	// timer, an event handler, a wx callback) may run before it is
	// interrupted; 0 means DefaultScriptTimeout, negative disables it.
	ScriptTimeout time.Duration
	// MaxCallStackSize bounds recursion; 0 means DefaultMaxCallStackSize.
	MaxCallStackSize int
	// Programs shares compiled modules; nil means a process-wide cache.
	Programs *Programs
	// Extensions install wx APIs and anything else on the global object.
	Extensions []Extension
	// OnEvent receives every Event. It runs on the loop goroutine and must
	// not block or call back into the runtime's blocking methods.
	OnEvent func(Event)
	// Logger receives diagnostics; nil means slog.Default().
	Logger *slog.Logger
	// Context is the parent of the app's context; nil means Background.
	Context context.Context
}

// Runtime runs one mini program: one goja runtime owned by its own event
// loop goroutine. Its exported methods are safe to call from any goroutine
// (they hand work to the loop and wait for it) unless documented as "loop
// only"; they must not be called from Options.OnEvent or from wx API
// implementations running on the loop.
type Runtime struct {
	b      *bundle.Bundle
	opts   Options
	log    *slog.Logger
	progs  *Programs
	loop   *loop
	rt     *goja.Runtime
	ctx    context.Context
	cancel context.CancelCauseFunc
	env    *Env

	closeOnce sync.Once
	closed    atomic.Bool
	errCount  atomic.Int64

	// Everything below is owned by the loop goroutine.
	wx                *goja.Object
	modules           map[string]*module
	app               *goja.Object
	launched          bool
	hidden            bool
	pageDefs          map[string]*pageDef
	behaviors         map[*goja.Object]*behaviorDef
	defining          string // route or component path whose module is being evaluated
	definingComponent bool
	compDefs          map[string]*pageDef // component definitions by path
	stack             []*page
	tabPages          map[string]*page
	byObj             map[*goja.Object]*scope
	pages             map[int]*page // open pages by id
	ecFactory         goja.Callable
	gestureCall       goja.Callable
	appListeners      []func(kind string, args ...goja.Value)
	tmpls             *view.Templates
	sqFactory         goja.Callable
	compSeq           int
	sqSelect          goja.Value
	compPaths         map[string]string // "<owner>\x00<tag>" → component path ("" when none)
	pageProto         *goja.Object
	nextPageID        int
	launchOpts        LaunchOptions
	enterOpts         LaunchOptions
	gesture           bool
	inOnError         bool
	paths             map[string]datapath.Path
	rejections        map[*goja.Promise]struct{}
	rejectionSeq      []*goja.Promise
}

// New prepares a runtime for the bundle: it creates the loop and the global
// object and installs the extensions. It runs no code of the bundle; call
// Launch. Close releases the runtime.
func New(b *bundle.Bundle, opts *Options) (*Runtime, error) {
	if b == nil || b.App == nil {
		return nil, errors.New("runtime: nil bundle")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if vc, ok := o.Clock.(*VirtualClock); ok && !vc.owned.CompareAndSwap(false, true) {
		return nil, errors.New("runtime: a VirtualClock cannot be shared between runtimes")
	}
	switch {
	case o.ScriptTimeout == 0:
		o.ScriptTimeout = DefaultScriptTimeout
	case o.ScriptTimeout < 0:
		o.ScriptTimeout = 0
	}
	if o.MaxCallStackSize <= 0 {
		o.MaxCallStackSize = DefaultMaxCallStackSize
	}
	if o.Programs == nil {
		o.Programs = defaultPrograms
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	r := &Runtime{
		b:          b,
		opts:       o,
		log:        o.Logger.With("appId", o.Info.AppID),
		progs:      o.Programs,
		rt:         goja.New(),
		modules:    make(map[string]*module),
		pageDefs:   make(map[string]*pageDef),
		compDefs:   make(map[string]*pageDef),
		behaviors:  make(map[*goja.Object]*behaviorDef),
		tabPages:   make(map[string]*page),
		byObj:      make(map[*goja.Object]*scope),
		pages:      make(map[int]*page),
		compPaths:  make(map[string]string),
		paths:      make(map[string]datapath.Path),
		rejections: make(map[*goja.Promise]struct{}),
	}
	r.ctx, r.cancel = context.WithCancelCause(o.Context)
	r.loop = newLoop(r.rt, o.Clock, o.ScriptTimeout)
	r.loop.onPanic = func(v any, stack []byte) {
		r.log.Error("minihost: panic in loop job", "panic", v, "stack", string(stack))
		r.reportError(&ScriptError{Message: fmt.Sprintf("Error: internal error: %v", v), Source: "internal", Err: fmt.Errorf("panic: %v", v)})
	}
	r.loop.afterJob = r.flushRejections
	r.env = &Env{r: r}
	r.loop.start()
	err := r.do(context.Background(), func() error {
		r.rt.SetMaxCallStackSize(o.MaxCallStackSize)
		r.rt.SetTimeSource(o.Clock.Now)
		r.rt.SetPromiseRejectionTracker(r.trackRejection)
		r.installGlobals()
		for _, ext := range o.Extensions {
			if err := ext.Install(r.env); err != nil {
				return fmt.Errorf("runtime: installing extension: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Bundle returns the bundle the runtime runs.
func (r *Runtime) Bundle() *bundle.Bundle { return r.b }

// Info returns the app's identity.
func (r *Runtime) Info() AppInfo { return r.opts.Info }

// Context returns the app's context, cancelled when the runtime closes.
func (r *Runtime) Context() context.Context { return r.ctx }

// ErrorCount reports how many uncaught errors the app has had.
func (r *Runtime) ErrorCount() int { return int(r.errCount.Load()) }

// do runs fn on the loop and waits for it. It must not be called on the loop.
func (r *Runtime) do(ctx context.Context, fn func() error) error {
	if r.closed.Load() {
		return ErrClosed
	}
	if r.loop.onLoop() {
		return ErrOnLoop
	}
	done := make(chan error, 1)
	if !r.loop.enqueue(func() {
		var err error
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("runtime: internal error: %v", v)
				r.log.Error("minihost: panic on loop", "panic", v, "stack", string(debug.Stack()))
			}
			done <- err
		}()
		err = fn()
		// Promises rejected by fn with no handler are reported before the
		// caller hears back, so that it sees every error fn caused.
		r.flushRejections()
	}) {
		return ErrClosed
	}
	select {
	case err := <-done:
		return err
	case <-r.loop.done:
		select {
		case err := <-done:
			return err
		default:
			return ErrClosed
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Do runs fn on the loop goroutine with the goja runtime and waits for it.
// fn must not keep rt or any goja value for use after it returns. A
// JavaScript exception comes back as a *ScriptError.
func (r *Runtime) Do(ctx context.Context, fn func(rt *goja.Runtime) error) error {
	return r.do(ctx, func() error {
		if err := fn(r.rt); err != nil {
			return newScriptError(err, "script")
		}
		return nil
	})
}

// Eval evaluates JavaScript source in the app's global scope and returns the
// result converted as JSON would (see package jsvalue).
func (r *Runtime) Eval(ctx context.Context, src string) (any, error) {
	var out any
	err := r.do(ctx, func() error {
		v, err := r.rt.RunString(src)
		if err != nil {
			return newScriptError(err, "script")
		}
		out, _, err = jsvalue.ToGo(r.rt, v)
		return err
	})
	return out, err
}

// RunUntilIdle runs the app until nothing is left to do: no job queued, no
// wx call in flight and no timer scheduled. With a VirtualClock, time jumps
// from timer to timer, but by at most max in all (max <= 0: no cap); it
// reports capped=true when it stopped because of the cap. With the real
// clock it waits for timers in real time, until ctx is done.
func (r *Runtime) RunUntilIdle(ctx context.Context, max time.Duration) (capped bool, err error) {
	if r.closed.Load() {
		return false, ErrClosed
	}
	if r.loop.onLoop() {
		return false, ErrOnLoop
	}
	if r.loop.vclock == nil {
		select {
		case <-r.loop.whenQuiet(true):
			if r.closed.Load() {
				return false, ErrClosed
			}
			return false, nil
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	limit := time.Time{}
	if max > 0 {
		limit = r.loop.vclock.Now().Add(max)
	}
	for {
		select {
		case <-r.loop.whenQuiet(false):
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if r.closed.Load() {
			return false, ErrClosed
		}
		next, ok := r.loop.nextTimer()
		if !ok {
			return false, nil
		}
		if !limit.IsZero() && next.After(limit) {
			r.loop.vclock.set(limit)
			return true, nil
		}
		r.loop.vclock.set(next)
		r.loop.poke()
	}
}

// Advance moves a VirtualClock forward by d, firing the timers that fall due
// in order and letting each run to quiet before the next. It returns an
// error with a real clock.
func (r *Runtime) Advance(ctx context.Context, d time.Duration) error {
	if r.loop.vclock == nil {
		return errors.New("runtime: Advance needs a VirtualClock")
	}
	if r.closed.Load() {
		return ErrClosed
	}
	if r.loop.onLoop() {
		return ErrOnLoop
	}
	limit := r.loop.vclock.Now().Add(d)
	for {
		select {
		case <-r.loop.whenQuiet(false):
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.closed.Load() {
			return ErrClosed
		}
		next, ok := r.loop.nextTimer()
		if !ok || next.After(limit) {
			r.loop.vclock.set(limit)
			return nil
		}
		r.loop.vclock.set(next)
		r.loop.poke()
	}
}

// Wait blocks until no job is queued or running, no wx call is in flight
// and no timer is due; scheduled timers may remain.
func (r *Runtime) Wait(ctx context.Context) error {
	if r.loop.onLoop() {
		return ErrOnLoop
	}
	select {
	case <-r.loop.whenQuiet(false):
		if r.closed.Load() {
			return ErrClosed
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close finishes the app: every open page gets onUnload (top first), the
// app's context is cancelled (wx handlers see it), a running script is
// interrupted and the loop stops. Results of calls still in flight are
// dropped. Close is idempotent and safe from any goroutine.
func (r *Runtime) Close() error {
	r.closeOnce.Do(func() {
		if r.loop.onLoop() {
			// Called from the loop (OnEvent, an extension): unload now and
			// stop when the current job returns.
			r.unloadAll()
			r.closed.Store(true)
			r.cancel(ErrClosed)
			r.loop.stop(ErrClosed)
			return
		}
		// Give pages their onUnload, but never wait long for a stuck loop.
		ctx, cancel := context.WithTimeout(context.Background(), r.opts.ScriptTimeout+time.Second)
		_ = r.do(ctx, func() error {
			r.unloadAll()
			return nil
		})
		cancel()
		r.closed.Store(true)
		r.cancel(ErrClosed)
		r.loop.stop(ErrClosed)
	})
	return nil
}

// emit delivers an event to the host (loop only).
func (r *Runtime) emit(ev Event) {
	if r.opts.OnEvent != nil {
		r.opts.OnEvent(ev)
	}
}

// readFile reads a file of the bundle.
func (r *Runtime) readFile(name string) ([]byte, error) {
	return fs.ReadFile(r.b.FS, name)
}
