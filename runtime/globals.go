package runtime

import (
	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/jsvalue"
)

// installGlobals defines what a mini program sees besides ECMAScript:
// App, Page, Component, Behavior, getApp, getCurrentPages, wx, console and
// the timer functions. Nothing of the host is reachable from them.
func (r *Runtime) installGlobals() {
	g := r.rt.GlobalObject()
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		_ = g.Set(name, r.rt.ToValue(fn))
	}
	set("App", r.jsApp)
	set("Page", r.jsPage)
	set("Component", r.jsComponent)
	set("Behavior", r.jsBehavior)
	set("getApp", func(goja.FunctionCall) goja.Value {
		if r.app == nil {
			return goja.Undefined()
		}
		return r.app
	})
	set("getCurrentPages", func(goja.FunctionCall) goja.Value {
		items := make([]any, len(r.stack))
		for i, p := range r.stack {
			items[i] = p.obj
		}
		return r.rt.NewArray(items...)
	})
	set("setTimeout", func(c goja.FunctionCall) goja.Value { return r.jsSetTimer(c, false) })
	set("setInterval", func(c goja.FunctionCall) goja.Value { return r.jsSetTimer(c, true) })
	clear := func(c goja.FunctionCall) goja.Value {
		if id := c.Argument(0).ToInteger(); id > 0 {
			r.loop.clearTimer(int(id))
		}
		return goja.Undefined()
	}
	set("clearTimeout", clear)
	set("clearInterval", clear)

	console := r.rt.NewObject()
	for _, level := range []string{"log", "info", "warn", "error", "debug", "trace"} {
		level := level
		_ = console.Set(level, func(c goja.FunctionCall) goja.Value {
			r.console(level, c.Arguments)
			return goja.Undefined()
		})
	}
	for _, name := range []string{"group", "groupEnd", "time", "timeEnd", "table", "assert", "count"} {
		_ = console.Set(name, func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	}
	_ = g.Set("console", console)

	// gestureCall calls fn with `end` queued as the first microtask, so that
	// end runs right after fn's synchronous part. It uses Promise internals
	// captured now, out of reach of app code.
	gc, err := r.rt.RunString(`(function (P) {
		var resolved = P.resolve(), then = P.prototype.then;
		return function (fn, self, ev, end) { then.call(resolved, end); return fn.call(self, ev); };
	})(Promise)`)
	if err == nil {
		r.gestureCall, _ = goja.AssertFunction(gc)
	}

	r.wx = r.rt.NewObject()
	_ = g.Set("wx", r.wx)
	r.pageProto = r.newPageProto()
}

func (r *Runtime) jsSetTimer(c goja.FunctionCall, repeat bool) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(r.rt.NewTypeError("The callback provided as parameter 1 is not a function"))
	}
	delay := c.Argument(1).ToFloat()
	if delay != delay || delay < 0 { // NaN or negative
		delay = 0
	}
	var args []goja.Value
	if len(c.Arguments) > 2 {
		args = append([]goja.Value(nil), c.Arguments[2:]...)
	}
	source := "timer"
	id := r.loop.addTimer(msDuration(delay), repeat, func() {
		if _, err := fn(goja.Undefined(), args...); err != nil {
			r.reportError(newScriptError(err, source))
		}
	})
	return r.rt.ToValue(id)
}

// console turns a console call into a ConsoleEvent; arguments are converted
// as JSON would, except errors, which print as "Name: message".
func (r *Runtime) console(level string, args []goja.Value) {
	out := make([]any, len(args))
	for i, a := range args {
		if obj, ok := a.(*goja.Object); ok {
			if obj.ClassName() == "Error" {
				out[i] = a.String()
				continue
			}
			if _, isFn := goja.AssertFunction(a); isFn {
				out[i] = "[Function]"
				continue
			}
		}
		v, ok, err := jsvalue.ToGo(r.rt, a)
		switch {
		case err != nil:
			out[i] = a.String()
		case !ok:
			out[i] = a.String() // "undefined", symbols
		default:
			out[i] = v
		}
	}
	if r.opts.OnEvent == nil {
		r.log.Debug("console."+level, "args", out)
		return
	}
	r.emit(&ConsoleEvent{Level: level, Args: out})
}
