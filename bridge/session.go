package bridge

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// session is the bridge installed in one runtime. Loop only, except where a
// method says otherwise.
type session struct {
	b         *Bridge
	env       *runtime.Env
	rt        *goja.Runtime
	app       openapi.AppInfo
	log       *slog.Logger
	listeners []goja.Value // wx.onNativePluginEvent
}

func newSession(b *Bridge, env *runtime.Env) *session {
	log := b.cfg.Logger
	if log == nil {
		log = env.Logger()
	}
	return &session{b: b, env: env, rt: env.JS(), app: openapi.AppInfo(env.Info()), log: log}
}

// Pending is one asynchronous call in flight, settled exactly once on the
// loop: with Later (built-in work on the loop), Go (work off the loop), Serve
// (a host Handler), Fail, or Settle. Its methods are loop only, unless noted.
type Pending struct {
	s                 *session
	api               string
	args              map[string]any
	success, fail     goja.Callable
	complete, progres goja.Callable
	resolve, reject   func(any) error
	start             time.Time
	pageID            int
	route             string
	argObj            *goja.Object
	settled           bool
	arranged          bool // Later, Serve, Go or Fail was called: a result is on its way
}

// begin starts an asynchronous call: it separates the callbacks from the
// arguments. A bad argument is returned for the caller to report through the
// convention (Fail); promise makes the Promise the call returns.
func (s *session) begin(api string, argV goja.Value) (*Pending, error) {
	p := &Pending{s: s, api: api, start: time.Now()}
	p.pageID, p.route = s.env.CurrentPage()
	var err error
	if obj, ok := argV.(*goja.Object); ok {
		p.argObj = obj
		p.success, _ = goja.AssertFunction(obj.Get("success"))
		p.fail, _ = goja.AssertFunction(obj.Get("fail"))
		p.complete, _ = goja.AssertFunction(obj.Get("complete"))
		p.progres, _ = goja.AssertFunction(obj.Get("progress"))
		v, _, cerr := s.env.ToGo(obj)
		p.args, _ = v.(map[string]any)
		if cerr != nil {
			err = &ParamError{Msg: cerr.Error()}
		}
	} else if argV != nil && !goja.IsUndefined(argV) && !goja.IsNull(argV) {
		err = &ParamError{Msg: "parameter should be Object instead of " + TypeName(argV)}
	}
	if p.args == nil {
		p.args = map[string]any{}
	}
	return p, err
}

// promise makes the call settle a Promise, returned to JavaScript, when no
// callback was given; otherwise it returns undefined.
func (p *Pending) promise() goja.Value {
	if p.success != nil || p.fail != nil || p.complete != nil {
		return goja.Undefined()
	}
	promise, resolve, reject := p.s.rt.NewPromise()
	p.resolve, p.reject = resolve, reject
	return p.s.rt.ToValue(promise)
}

// Settle delivers the result now: success then complete, or fail then complete,
// or the Promise. Loop only; a second call does nothing.
func (p *Pending) Settle(res map[string]any, err error) {
	if p.settled {
		return
	}
	p.settled = true
	s := p.s
	result := make(map[string]any, len(res)+1)
	for k, v := range res {
		result[k] = v
	}
	if err == nil {
		result["errMsg"] = p.api + ":ok"
	} else {
		result["errMsg"] = p.api + ":fail " + reason(err)
		var oe *openapi.Error
		if errors.As(err, &oe) && oe.Code != 0 {
			result["errCode"] = float64(oe.Code)
		}
	}
	s.observe(p.api, p.pageID, p.route, p.args, result, time.Since(p.start))
	obj := s.env.ToJS(result)
	switch {
	case p.resolve != nil && err == nil:
		_ = p.resolve(obj)
	case p.reject != nil:
		_ = p.reject(obj)
	default:
		if err == nil && p.success != nil {
			_, _ = s.env.Call(p.success, goja.Undefined(), obj)
		}
		if err != nil && p.fail != nil {
			_, _ = s.env.Call(p.fail, goja.Undefined(), obj)
		}
		if p.complete != nil {
			_, _ = s.env.Call(p.complete, goja.Undefined(), obj)
		}
	}
}

// observe reports a finished call to the host as a runtime.APIEvent.
func (s *session) observe(api string, pageID int, route string, args, result map[string]any, d time.Duration) {
	if !s.env.Observed() && !s.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	clean := make(map[string]any, len(result))
	for k, v := range result {
		if jv, isJS := v.(goja.Value); isJS {
			// A JavaScript result (a Date from storage, a response body) is
			// recorded as JSON would see it; what JSON cannot carry (an
			// EventChannel, whose ends point at each other) is left out.
			g, ok, err := s.env.ToGo(jv)
			if err != nil || !ok {
				continue
			}
			v = g
		}
		clean[k] = v
	}
	if s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug("wx call", "appId", s.app.AppID, "api", api, "page", route, "errMsg", clean["errMsg"], "duration", d)
	}
	s.env.Emit(&runtime.APIEvent{Name: api, Route: route, PageID: pageID, Args: args, Result: clean, Duration: d})
}

// Later settles p in a later loop job with what fn returns; fn runs on the
// loop (built-in APIs that work on the runtime itself). A panic in fn fails
// the call with "internal error".
func (p *Pending) Later(fn func() (map[string]any, error)) {
	p.arranged = true
	p.s.env.Enqueue(func() {
		res, err := p.s.safe(p.api, fn)
		p.Settle(res, err)
	})
}

// Fail settles p with err in a later job, as the base library reports every
// result asynchronously.
func (p *Pending) Fail(err error) {
	p.Later(func() (map[string]any, error) { return nil, err })
}

// Serve runs a host handler off the loop with a context that ends with the
// app or after the bridge's timeout, and settles p back on the loop exactly
// once. A late result after a timeout is dropped.
func (p *Pending) Serve(h Handler, call *Call) {
	p.arranged = true
	s := p.s
	complete := s.env.Reserve()
	call.progress = func(ev map[string]any) bool { return s.progress(p, call, ev) }
	go func() {
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
		var o outcome
		select {
		case o = <-done:
		case <-ctx.Done():
			o.err = ErrTimeout
			if !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
				o.err = context.Cause(s.env.Context()) // the app finished
			}
		}
		call.finished.Store(true)
		complete(func() { p.Settle(o.res, o.err) })
	}()
}

// progress delivers an intermediate result of a custom API (any goroutine).
func (s *session) progress(p *Pending, call *Call, ev map[string]any) bool {
	return s.env.Enqueue(func() {
		if p.settled {
			return
		}
		obj := s.env.ToJS(map[string]any{"api_name": call.API, "data": ev})
		if p.progres != nil {
			_, _ = s.env.Call(p.progres, goja.Undefined(), obj)
		}
		for _, l := range s.listeners {
			if fn, ok := goja.AssertFunction(l); ok {
				_, _ = s.env.Call(fn, goja.Undefined(), obj)
			}
		}
	})
}

// safe runs fn, turning a panic into ErrInternal (logged with its stack).
func (s *session) safe(api string, fn func() (map[string]any, error)) (res map[string]any, err error) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("minihost: API handler panicked", "appId", s.app.AppID, "api", api, "panic", v, "stack", string(debug.Stack()))
			res, err = nil, ErrInternal
		}
	}()
	return fn()
}

// reason is the text after ":fail " for an error.
func reason(err error) string {
	switch {
	case errors.Is(err, ErrCanceled):
		return "cancel"
	case errors.Is(err, ErrTimeout):
		return "timeout"
	case errors.Is(err, ErrInternal):
		return "internal error"
	case errors.Is(err, ErrNotSupported):
		return "not supported"
	}
	var oe *openapi.Error
	if errors.As(err, &oe) {
		return oe.Error()
	}
	return err.Error()
}

// syncCall runs a Sync API on the loop: it returns fn's value or throws an
// Error whose message is the errMsg.
func (s *session) syncCall(api string, argV []goja.Value, fn func() (any, error)) goja.Value {
	start := time.Now()
	pageID, route := s.env.CurrentPage()
	args := map[string]any{}
	if len(argV) > 0 {
		if v, ok, _ := s.env.ToGo(argV[0]); ok {
			if m, isMap := v.(map[string]any); isMap {
				args = m
			} else {
				args = map[string]any{"0": v}
			}
		}
	}
	var v any
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				if jsErr, ok := p.(*goja.Object); ok { // a JavaScript throw from inside fn
					panic(jsErr)
				}
				s.log.Error("minihost: API panicked", "appId", s.app.AppID, "api", api, "panic", p, "stack", string(debug.Stack()))
				err = ErrInternal
			}
		}()
		v, err = fn()
	}()
	if err != nil {
		msg := api + ":fail " + reason(err)
		s.observe(api, pageID, route, args, map[string]any{"errMsg": msg}, time.Since(start))
		panic(s.rt.NewGoError(errors.New(msg)))
	}
	result := map[string]any{"errMsg": api + ":ok"}
	if v != nil {
		result["result"] = v
	}
	s.observe(api, pageID, route, args, result, time.Since(start))
	if jv, ok := v.(goja.Value); ok {
		return jv
	}
	return s.env.ToJS(v)
}
