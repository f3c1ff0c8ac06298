package wxsys

import (
	"context"
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime"
)

// AppEvent names an app-wide event that mini programs listen to with
// wx.on<Event> and stop listening to with wx.off<Event>.
type AppEvent string

// The app events and their listener arguments.
const (
	AppShow            AppEvent = "AppShow"            // wx.onAppShow(options): the options of App.onShow
	AppHide            AppEvent = "AppHide"            // wx.onAppHide(): no argument
	AppError           AppEvent = "Error"              // wx.onError(message): the error message
	UnhandledRejection AppEvent = "UnhandledRejection" // wx.onUnhandledRejection({reason, promise})
	PageNotFound       AppEvent = "PageNotFound"       // wx.onPageNotFound({path, query, isEntryPage})
)

// AppEvents lists the app events.
var AppEvents = []AppEvent{AppShow, AppHide, AppError, UnhandledRejection, PageNotFound}

// state is the group in one runtime. Loop only, except perms.
type state struct {
	env       *runtime.Env
	perms     *Permissions
	listeners map[AppEvent][]goja.Value
	update    *updateManager
}

// states maps each runtime's Env to its state, for the functions other
// packages call with an Env; an entry is removed when its app finishes.
var states sync.Map

func register(env *runtime.Env, st *state) {
	states.Store(env, st)
	context.AfterFunc(env.Context(), func() { states.Delete(env) })
}

func lookup(env *runtime.Env) *state {
	v, ok := states.Load(env)
	if !ok {
		return nil
	}
	return v.(*state)
}

// PermissionsOf returns the Permissions the group uses in the runtime of
// env, nil if the group is not installed there (or the app has finished).
// Other groups call it to check a scope with the same memory as
// wx.authorize. Safe from any goroutine.
func PermissionsOf(env *runtime.Env) *Permissions {
	if st := lookup(env); st != nil {
		return st.perms
	}
	return nil
}

// EmitAppEvent calls the listeners that the mini program in env registered
// for kind (wx.onAppShow, ...), in registration order, with args, and
// returns how many were called. An exception in a listener is reported as
// an uncaught error and does not stop the others. Loop only.
//
// The runtime does not call it yet: this is the hook through which the
// runtime, or a test, delivers app events until runtime.Env offers a
// listener hook of its own (see the package doc).
func EmitAppEvent(env *runtime.Env, kind AppEvent, args ...goja.Value) int {
	st := lookup(env)
	if st == nil {
		return 0
	}
	ls := append([]goja.Value(nil), st.listeners[kind]...) // a listener may call off
	for _, l := range ls {
		fn, _ := goja.AssertFunction(l)
		_, _ = env.Call(fn, goja.Undefined(), args...)
	}
	return len(ls)
}

// on adds a listener unless it is already there (as the base library
// does); off removes one, or all of them when called without a function.
func (st *state) on(kind AppEvent, fn goja.Value) {
	if _, ok := goja.AssertFunction(fn); !ok {
		return
	}
	for _, l := range st.listeners[kind] {
		if l.SameAs(fn) {
			return
		}
	}
	st.listeners[kind] = append(st.listeners[kind], fn)
}

func (st *state) off(kind AppEvent, fn goja.Value) {
	if fn == nil || goja.IsUndefined(fn) || goja.IsNull(fn) {
		delete(st.listeners, kind)
		return
	}
	ls := st.listeners[kind]
	for i, l := range ls {
		if l.SameAs(fn) {
			st.listeners[kind] = append(ls[:i:i], ls[i+1:]...)
			return
		}
	}
}
