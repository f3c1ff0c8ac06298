package runtime

import "time"

// Event is something that happened in a running app, delivered to
// Options.OnEvent: *LifecycleEvent, *SetDataEvent, *ConsoleEvent,
// *ErrorEvent or *APIEvent. Values in events are copies the receiver may
// keep.
type Event interface{ event() }

// LifecycleEvent is one call of an App or page hook.
type LifecycleEvent struct {
	Target string // "app" or the page route
	PageID int    // 0 for the app
	Hook   string // "onLaunch", "onShow", "onLoad", ...
}

// SetDataEvent is one applied setData call, on a page or on one of its
// components.
type SetDataEvent struct {
	Route     string
	PageID    int
	Component string         // the component's path when the call was a component's; "" for the page
	Patch     map[string]any // the patch as given, values as copied
	Data      map[string]any // a copy of the page data after the update
}

// ConsoleEvent is one console.* call.
type ConsoleEvent struct {
	Level string // "log", "info", "warn", "error", "debug"
	Args  []any
}

// ErrorEvent is an uncaught error. Err is a *ScriptError.
type ErrorEvent struct {
	Err *ScriptError
}

// APIEvent is one wx API call, reported by the code that implements wx
// (package bridge) through [Env.Emit].
type APIEvent struct {
	Name     string
	Route    string // the current page when the call was made
	PageID   int
	Args     map[string]any // the call's argument, callbacks left out
	Result   map[string]any // what success or fail received, or the Sync return value under "result"
	Duration time.Duration
}

func (*LifecycleEvent) event() {}
func (*SetDataEvent) event()   {}
func (*ConsoleEvent) event()   {}
func (*ErrorEvent) event()     {}
func (*APIEvent) event()       {}
