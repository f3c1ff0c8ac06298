package bridge

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// Group is a set of wx APIs. The bridge installs its built-in groups, then
// Config.Groups, into every runtime; a group defines its APIs with the
// Definer, which applies the calling convention. Packages that implement wx
// APIs (storage, network, UI...) export a Group.
type Group interface {
	Install(d *Definer) error
}

// GroupFunc adapts a function to [Group].
type GroupFunc func(d *Definer) error

// Install calls f(d).
func (f GroupFunc) Install(d *Definer) error { return f(d) }

// Definer defines wx APIs in one runtime. It is handed to Group.Install on
// the loop goroutine; the functions it defines run on the loop too.
type Definer struct {
	s *session
}

// Env returns the runtime environment (loop only, see runtime.Env).
func (d *Definer) Env() *runtime.Env { return d.s.env }

// App returns the calling app's identity.
func (d *Definer) App() openapi.AppInfo { return d.s.app }

// Config returns the bridge's configuration.
func (d *Definer) Config() *Config { return &d.s.b.cfg }

// Defined reports whether wx.name is already defined.
func (d *Definer) Defined(name string) bool {
	v := d.s.env.WX().Get(name)
	return v != nil && !goja.IsUndefined(v)
}

// Func defines wx.name as a plain function, outside the convention: for
// APIs that return objects (getFileSystemManager, createSelectorQuery) or
// register listeners (onAppShow).
func (d *Definer) Func(name string, fn func(goja.FunctionCall) goja.Value) error {
	s := d.s
	guarded := func(c goja.FunctionCall) goja.Value {
		defer s.contain(name, func() { panic(s.rt.NewGoError(fmt.Errorf("%s:fail internal error", name))) })
		return fn(c)
	}
	if err := s.env.WX().Set(name, guarded); err != nil {
		return fmt.Errorf("bridge: defining wx.%s: %w", name, err)
	}
	return nil
}

// Async defines wx.name as an asynchronous API. impl runs on the loop with
// the call's Pending (arguments decoded, callbacks separated, a Promise made
// when no callback was given) and must arrange for it to be settled exactly
// once: p.Later, p.Go, p.Serve or p.Fail. A host override of name
// (Config.Overrides) replaces impl.
func (d *Definer) Async(name string, impl func(p *Pending)) error {
	s := d.s
	return d.Func(name, func(c goja.FunctionCall) goja.Value {
		p, err := s.begin(name, c.Argument(0))
		ret := p.promise()
		switch {
		case err != nil:
			p.Fail(err)
		default:
			if e, ok := s.b.cfg.Overrides.lookup(name); ok {
				p.Serve(e.h, s.newCall(name, p, nil))
			} else {
				s.runImpl(p, func() { impl(p) })
			}
		}
		return ret
	})
}

// runImpl runs the loop side of an API; a Go panic in it fails the call
// with "internal error" (logged with its stack), for that call only.
func (s *session) runImpl(p *Pending, impl func()) {
	defer s.contain(p.api, func() {
		if !p.settled && !p.arranged {
			p.Fail(ErrInternal)
		}
	})
	impl()
}

// contain recovers a Go panic of API code and runs then; JavaScript
// exceptions and interrupts (which goja carries as panics) go on.
func (s *session) contain(api string, then func()) {
	v := recover()
	if v == nil {
		return
	}
	switch v.(type) {
	case *goja.Object, *goja.Exception, *goja.InterruptedError, goja.Value:
		panic(v)
	}
	s.log.Error("minihost: API implementation panicked", "appId", s.app.AppID, "api", api, "panic", v, "stack", string(debug.Stack()))
	then()
}

// AsyncTask defines wx.name as an asynchronous API that returns a task
// object (wx.request's RequestTask, wx.downloadFile's DownloadTask) instead
// of a Promise: impl settles p as with Async and returns the task.
func (d *Definer) AsyncTask(name string, impl func(p *Pending) goja.Value) error {
	s := d.s
	return d.Func(name, func(c goja.FunctionCall) goja.Value {
		p, err := s.begin(name, c.Argument(0)) // task APIs have no Promise form
		if err != nil {
			p.Fail(err)
			return goja.Undefined()
		}
		ret := goja.Undefined()
		s.runImpl(p, func() { ret = impl(p) })
		return ret
	})
}

// Sync defines wx.name as a synchronous API: fn's value is returned to
// JavaScript (converted as JSON would, unless it is already a goja.Value) and
// an error is thrown as an Error whose message is "<name>:fail <reason>".
func (d *Definer) Sync(name string, fn func(c goja.FunctionCall) (any, error)) error {
	s := d.s
	return d.Func(name, func(c goja.FunctionCall) goja.Value {
		return s.syncCall(name, c.Arguments, func() (any, error) { return fn(c) })
	})
}

// API returns the name of the call.
func (p *Pending) API() string { return p.api }

// Args returns the call's argument object converted as JSON would, without
// its callbacks; empty when no object was passed.
func (p *Pending) Args() map[string]any { return p.args }

// ArgObject returns the JavaScript argument object, for the rare API that
// needs a value JSON drops (navigateTo's events, an ArrayBuffer); nil if
// none was passed.
func (p *Pending) ArgObject() *goja.Object { return p.argObj }

// Page returns the WebView id and route of the page current at the call.
func (p *Pending) Page() (id int, route string) { return p.pageID, p.route }

// Go runs fn off the loop with the bridge's timeout and the app's context,
// and settles p with its result back on the loop (see Serve).
func (p *Pending) Go(fn func(ctx context.Context) (map[string]any, error)) {
	p.Serve(HandlerFunc(func(ctx context.Context, _ *Call) (map[string]any, error) { return fn(ctx) }), p.s.newCall(p.api, p, nil))
}

// newCall describes a call for a host handler.
func (s *session) newCall(api string, p *Pending, params map[string]any) *Call {
	return &Call{API: api, App: s.app, PageID: p.pageID, Route: p.route, Args: p.args, Params: params}
}

// ServeSync runs a host handler for a Sync API while the loop waits for
// it, bounded by the bridge's timeout (ErrTimeout) and with a panic turned
// into ErrInternal (logged with its stack). Loop only. Keep such handlers
// fast: the app does nothing else meanwhile, and a handler that waits for
// this app's loop (through the launcher, say) waits until the timeout.
func (d *Definer) ServeSync(h Handler, call *Call) (map[string]any, error) {
	s := d.s
	ctx, cancel := context.WithTimeout(s.env.Context(), s.b.cfg.Timeout)
	defer cancel()
	type outcome struct {
		res map[string]any
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := s.safe(call.API, func() (map[string]any, error) { return h.ServeAPI(ctx, call) })
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-ctx.Done():
		return nil, ErrTimeout
	}
}

// NewCall describes the call behind p for a host handler (API name, app,
// page, arguments).
func (d *Definer) NewCall(p *Pending) *Call { return d.s.newCall(p.api, p, nil) }
