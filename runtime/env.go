package runtime

import (
	"context"
	"log/slog"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime/jsvalue"
)

// Env is what a runtime offers to the code that implements wx APIs
// (package bridge) and other extensions. Unless a method says otherwise it
// is loop only: call it from Extension.Install, from a function installed on
// the global object while it runs, or from a function handed to a
// reservation's complete or to Enqueue.
type Env struct {
	r *Runtime
}

// JS returns the goja runtime. Loop only.
func (e *Env) JS() *goja.Runtime { return e.r.rt }

// WX returns the global wx object, for extensions to fill. Loop only.
func (e *Env) WX() *goja.Object { return e.r.wx }

// Bundle returns the bundle being run. Safe from any goroutine.
func (e *Env) Bundle() *bundle.Bundle { return e.r.b }

// Info returns the app's identity. Safe from any goroutine.
func (e *Env) Info() AppInfo { return e.r.opts.Info }

// Context returns the app's context: cancelled when the app finishes. Safe
// from any goroutine; handlers running off the loop must honour it.
func (e *Env) Context() context.Context { return e.r.ctx }

// Logger returns the runtime's logger. Safe from any goroutine.
func (e *Env) Logger() *slog.Logger { return e.r.log }

// Clock returns the runtime's clock. Safe from any goroutine.
func (e *Env) Clock() Clock { return e.r.opts.Clock }

// Reserve holds the loop open for Go work started from JavaScript: the app
// does not count as idle, and the loop keeps running, until complete is
// called. complete may be called from any goroutine, exactly once (later
// calls do nothing); fn then runs on the loop, unless the app has finished,
// in which case it is dropped. Loop only.
//
//	complete := env.Reserve()
//	go func() {
//		res, err := work(env.Context())
//		complete(func() { settle(res, err) }) // back on the loop
//	}()
func (e *Env) Reserve() (complete func(fn func())) { return e.r.loop.reserve() }

// Enqueue runs fn on the loop in a later job. It reports false if the app
// has finished. Safe from any goroutine.
func (e *Env) Enqueue(fn func()) bool { return e.r.loop.enqueue(fn) }

// Observed reports whether the host receives events (Options.OnEvent is
// set), so that code can skip building events nobody reads. Safe from any
// goroutine.
func (e *Env) Observed() bool { return e.r.opts.OnEvent != nil }

// Emit delivers an event to the host's OnEvent. Loop only.
func (e *Env) Emit(ev Event) { e.r.emit(ev) }

// Call calls a JavaScript callback; an exception it throws is reported as an
// uncaught error (App.onError, OnEvent) and returned. Loop only.
func (e *Env) Call(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
	v, err := fn(this, args...)
	if err != nil {
		se := newScriptError(err, "script")
		e.r.reportError(se)
		return nil, se
	}
	return v, nil
}

// ReportError reports an uncaught error. Loop only.
func (e *Env) ReportError(err error) { e.r.reportError(newScriptError(err, "script")) }

// UserGesture reports whether the current call happens synchronously
// inside a handler dispatched as a user tap. Loop only.
func (e *Env) UserGesture() bool { return e.r.gesture }

// CurrentPage returns the id (the WebView id) and route of the page on top
// of the stack; 0 and "" when there is none. Loop only.
func (e *Env) CurrentPage() (id int, route string) {
	if p := e.r.top(); p != nil {
		return p.id, p.route
	}
	return 0, ""
}

// OnAppEvent registers fn for the app's events, called after the App hook
// of the same name (whether or not the app defines it): "AppShow" (the enter
// options), "AppHide", "Error" (the message), "UnhandledRejection"
// ({reason, promise}) and "PageNotFound" ({path, query, isEntryPage}). It is
// how wx.onAppShow and the like are implemented. Loop only.
func (e *Env) OnAppEvent(fn func(kind string, args ...goja.Value)) {
	e.r.appListeners = append(e.r.appListeners, fn)
}

// Navigate performs a page-stack operation for a wx routing API: api is
// "navigateTo", "redirectTo", "switchTab", "reLaunch" or "navigateBack"
// (delta used only by it). For navigateTo, events are listeners for the new
// page's EventChannel, and the opener's end of it is returned. Errors are
// *RouteError, *PageError or *ScriptError. Loop only.
func (e *Env) Navigate(api, url string, delta int, events goja.Value) (eventChannel goja.Value, err error) {
	return e.r.navigate(api, url, delta, events)
}

// LaunchOptions returns the options of the launch as a JSON-like map (what
// wx.getLaunchOptionsSync gives). Loop only.
func (e *Env) LaunchOptions() map[string]any { return optionsMap(e.r.launchOpts) }

// EnterOptions returns the options of the last launch or return to the
// foreground (what wx.getEnterOptionsSync gives). Loop only.
func (e *Env) EnterOptions() map[string]any { return optionsMap(e.r.enterOpts) }

// ToGo converts a JavaScript value as JSON would (see package jsvalue).
// Loop only.
func (e *Env) ToGo(v goja.Value) (any, bool, error) { return jsvalue.ToGo(e.r.rt, v) }

// ToJS converts a Go value to a fresh JavaScript value (see package
// jsvalue). Loop only.
func (e *Env) ToJS(v any) goja.Value { return jsvalue.ToJS(e.r.rt, v) }
