package runtime

import (
	"errors"
	"math"
	"time"

	"github.com/dop251/goja"
)

func msDuration(ms float64) time.Duration {
	const maxMS = float64(math.MaxInt64 / int64(time.Millisecond))
	if ms > maxMS {
		ms = maxMS
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// reportError records an uncaught error: it counts it, tells the host and
// calls App.onError(message). Loop only.
func (r *Runtime) reportError(err error) {
	var se *ScriptError
	if !errors.As(err, &se) {
		se = newScriptError(err, "script").(*ScriptError)
	}
	r.errCount.Add(1)
	r.log.Debug("minihost: uncaught error", "message", se.Message, "source", se.Source)
	r.emit(&ErrorEvent{Err: se})
	if r.inOnError || r.loop.stopFlag.Load() {
		return
	}
	if se.Source == "timeout" {
		r.rt.ClearInterrupt() // let onError run after an interrupted callback
	}
	msg := se.Message
	if se.Stack != "" {
		msg += "\n" + se.Stack
	}
	r.inOnError = true
	defer func() { r.inOnError = false }()
	defer r.appEvent("Error", r.rt.ToValue(msg))
	if r.app == nil {
		return
	}
	if fn, ok := goja.AssertFunction(r.app.Get("onError")); ok {
		r.emit(&LifecycleEvent{Target: "app", Hook: "onError"})
		_, err := fn(r.app, r.rt.ToValue(msg))
		if err != nil {
			r.errCount.Add(1)
			r.emit(&ErrorEvent{Err: newScriptError(err, "lifecycle").(*ScriptError)})
		}
	}
}

func (r *Runtime) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		if _, ok := r.rejections[p]; !ok {
			r.rejections[p] = struct{}{}
			r.rejectionSeq = append(r.rejectionSeq, p)
		}
	case goja.PromiseRejectionHandle:
		delete(r.rejections, p)
	}
}

// flushRejections reports promises rejected during the last job that still
// have no handler: to App.onUnhandledRejection and as uncaught errors.
func (r *Runtime) flushRejections() {
	if len(r.rejectionSeq) == 0 {
		return
	}
	seq := r.rejectionSeq
	r.rejectionSeq = nil
	for _, p := range seq {
		if _, ok := r.rejections[p]; !ok {
			continue
		}
		delete(r.rejections, p)
		reason := p.Result()
		se := &ScriptError{Source: "unhandledrejection", Message: "Uncaught (in promise) " + valueString(reason)}
		if obj, ok := reason.(*goja.Object); ok {
			if s := obj.Get("stack"); s != nil && !goja.IsUndefined(s) {
				se.Stack = s.String()
			}
		}
		se.Err = errors.New(se.Message)
		r.errCount.Add(1)
		r.emit(&ErrorEvent{Err: se})
		arg := r.rt.NewObject()
		_ = arg.Set("reason", reason)
		_ = arg.Set("promise", r.rt.ToValue(p))
		r.appHook("onUnhandledRejection", arg)
	}
}

func valueString(v goja.Value) string {
	if v == nil {
		return "undefined"
	}
	return safeString(v)
}
