// Package runtime runs the logic layer of one WeChat-style mini program in
// goja, headlessly: App, Page, Component and Behavior, CommonJS require
// inside the bundle, the page stack and its lifecycles, setData and timers.
//
// # Basics
//
// A Runtime owns one goja runtime and the event loop goroutine that alone
// touches it. Create it for a bundle (package bundle), then Launch:
//
//	b, err := bundle.Open("examples/miniprograms/shop")
//	...
//	rt, err := runtime.New(b, &runtime.Options{
//		Clock:      runtime.NewVirtualClock(time.Time{}), // tests: time only moves when asked
//		Extensions: []runtime.Extension{bridge.New(bridge.Config{})}, // the wx APIs
//		OnEvent:    func(ev runtime.Event) { ... },  // lifecycle, setData, wx calls, console, errors
//	})
//	defer rt.Close()
//	err = rt.Launch(ctx, runtime.LaunchOptions{Path: "pages/index/index?id=1"})
//	capped, err := rt.RunUntilIdle(ctx, time.Minute)
//	err = rt.Dispatch(ctx, "onBuy", runtime.UIEvent{Dataset: map[string]any{"id": 3}})
//	pages, err := rt.Pages(ctx) // the stack with each page's data
//
// Every JavaScript file is compiled once per content by esbuild (ES modules
// to CommonJS; async generators lowered, the only modern syntax goja lacks)
// and goja, and the compiled program is shared by all runtimes through a
// [Programs] cache. Page modules are evaluated lazily, on the first visit.
// Page data lives twice: as plain Go values (map[string]any, what
// [Runtime.Pages] and SetDataEvent report) and as the page's this.data;
// setData copies each value once, in Go, into both.
//
// The exported methods of Runtime are safe from any goroutine: they hand
// work to the loop and wait for it. [Env], the interface for code that
// implements wx APIs (package bridge), is loop only, except where a method
// says otherwise. Go work started from JavaScript reserves the loop with
// Env.Reserve, runs off the loop with Env.Context, and completes back on the
// loop exactly once.
//
// Time comes from Options.Clock. With a [VirtualClock], timers fire only when
// the host moves time: [Runtime.Advance] by a duration, or
// [Runtime.RunUntilIdle], which jumps from timer to timer while nothing else
// is pending — a 30-second setTimeout costs nothing.
//
// # The view
//
// A page with a WXML file is rendered headlessly (package view) before its
// onLoad, and its setData calls update the tree incrementally. Custom
// components named in usingComponents (app.json, page and component json;
// relative, root-relative and miniprogram_npm paths) are instantiated per
// element: properties with types, defaults and observers, data, methods,
// behaviors, observers (with ** and several fields), lifetimes (created,
// attached, ready, detached, error), pageLifetimes (show, hide, resize:
// [Runtime.Resize]), externalClasses, options.virtualHost and
// options.pureDataPattern, relations
// and getRelationNodes, triggerEvent (bubbles, composed, capturePhase),
// selectComponent / selectAllComponents / selectOwnerComponent, and
// wx://component-export. [Runtime.TapElement], [Runtime.InputText] and
// [Runtime.FireEvent] drive elements by selector: events run the capture
// phase, then bubble, honouring catch, mut-bind and marks, with target and
// currentTarget datasets; a tap is a user gesture. wx.createSelectorQuery and
// this.createSelectorQuery answer from the tree (layout fields are zeros).
// [Runtime.Query] and [Runtime.Snapshot] read what a user sees.
//
// # Safety
//
// Every callback (hook, timer, event handler, wx callback) runs under a real
// time budget, Options.ScriptTimeout (default 5 s); a callback over budget is
// interrupted and reported as a *ScriptError wrapping [ErrScriptTimeout],
// both to App.onError and to OnEvent, and the app lives on. Recursion is
// bounded (Options.MaxCallStackSize) and reported as a RangeError. A Go panic
// in a function installed by an extension is recovered on the loop and
// reported as an uncaught error; it never reaches the host. Unhandled promise
// rejections go to App.onUnhandledRejection and OnEvent.
//
// Nothing of the host is reachable from JavaScript: the globals are App,
// Page, Component, Behavior, getApp, getCurrentPages, wx, console, the timer
// functions and ECMAScript's own (require, module and exports are per module).
//
// # Caveats
//
// Options.OnEvent runs on the loop goroutine: it must not block, and must not
// call the blocking methods of the Runtime. setData callbacks run in a later
// loop job, after the update is applied. The page lifecycle follows the base
// library's routing table (navigateTo: old onHide, new onLoad, onShow,
// onReady; redirectTo and navigateBack: onUnload; switchTab keeps tab pages
// alive). onReady runs right after the first onShow, since there is no
// render. A page built with Component() receives its query as properties,
// converted to the declared type. A user gesture (for APIs such as
// getUserProfile) lasts for the synchronous part of a dispatched handler:
// code after an await no longer counts as a tap.
//
// Components are updated synchronously: an observer of a child component
// runs inside the parent's setData, not after the current handler as on the
// device. The moved lifetime never runs (nothing moves without a layout).
// externalClasses map the classes an element gives when its component's
// nodes render.
//
// A VirtualClock belongs to one runtime. Close runs onUnload on every open
// page, cancels Context and stops the loop; results of wx calls still in
// flight are dropped.
//
// # Performance
//
// Measured with go test -bench . -benchmem on a 2-core Xeon (go1.26, the
// project's CI machine kind), on a generated 200 KB, 12-page bundle
// (benchbundle_test.go):
//
//	StartCold (compile + run to the entry page's onReady)  111 ms   30.8 MB  295,018 allocs
//	StartWarm (compiled programs reused)                     14.4 ms   4.5 MB   54,628 allocs
//	BareGoja  (new goja runtime + the same compiled code)    12.4 ms   4.4 MB   59,185 allocs
//	SetData   (one path key, no observer)                     4.5 µs   1,047 B       27 allocs
//	SetData   (with OnEvent: the event carries a data copy)  101 µs   48 KB        398 allocs
//	Navigate  (navigateTo + navigateBack)                     1.2 ms   316 KB     6,606 allocs
//	IdleRuntimeMemory                                         2.28 MB per runtime (bare goja: 2.18 MB)
//
// Warm start-up costs about 15% more than goja itself needs to run the same
// compiled code on a fresh runtime. Timings vary by ±30% on a busy machine.
package runtime
