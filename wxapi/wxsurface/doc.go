// Package wxsurface completes the wx object: every function of the public
// typings (Names, 495 of them) exists, so that a real mini program never
// dies on "wx.x is not a function", and wx.canIUse answers from what is
// really implemented.
//
// # Basics
//
// Install the group last, after every group that implements APIs:
//
//	br := bridge.New(bridge.Config{Groups: []bridge.Group{
//		wxui.New(), wxsys.New(sysOpts), /* storage, network, files... */
//		wxsurface.New(wxsurface.Options{Handlers: wxsurface.HandlerMap{
//			"scanCode": scanner, // a bridge.Handler of the host
//		}}),
//	}})
//
// Each name no earlier group defined gets a stub, by the shape of the API:
//
//   - Asynchronous APIs follow the convention: with a host handler in
//     Options.Handlers the call is served by it (off the loop, as
//     bridge.Pending.Serve does); otherwise success/fail/complete or the
//     Promise get "<api>:fail not supported", in a later job. A host
//     override in bridge.Config.Overrides also serves the call (the bridge
//     routes it before the stub runs, without the checks below).
//   - xxxSync APIs call their host handler while the loop waits (bounded
//     by the bridge's timeout: "<api>:fail timeout") and return its map, or
//     throw Error("<api>:fail not supported").
//   - on*/off* listener registrations are accepted and do nothing; so are
//     reportAnalytics, reportEvent, reportMonitor, reportPerformance and
//     revokeBufferURL.
//   - Factories (create*, get*Manager, get*Context and a few more) return a
//     new object whose methods exist: createSelectorQuery's exec calls back
//     with one empty answer per request (null, or [] for selectAll), as for
//     nodes that do not exist; createIntersectionObserver's observe never
//     fires; createAnimation records its steps and export() returns
//     {actions}; on the others, methods given success/fail/complete fail
//     with "<method>:fail not supported", ad-style methods (load, show)
//     return a rejected Promise, xxxSync methods throw, and the rest do
//     nothing (measureText gives {width: 0}, getEntries []).
//
// canIUse, getApiCategory ("default"), requestIdleCallback and
// cancelIdleCallback are implemented here when no group defines them.
//
// # Permissions
//
// The location APIs must be declared in app.json's requiredPrivateInfos,
// as the base library requires, or they fail with "<api>:fail the api need
// to be declared in the requiredPrivateInfos field in app.json/ext.json".
// A stub behind a permission scope (wxsys.ScopeOf: getLocation and
// chooseAddress, saveImageToPhotosAlbum, openBluetoothAdapter...) checks it
// with wxsys before its host handler runs: the first call asks the host UI,
// a refusal fails with "<api>:fail auth deny", then and later, without
// asking again. Without a host handler the user is not asked (the host
// could not serve the call anyway): a refusal already made still gives
// "auth deny", anything else "not supported".
//
// # canIUse
//
// wx.canIUse(schema) takes "api", "api.section", "api.section.field" or
// "api.section.field.option", where section is object, success, fail,
// complete, return or callback. The API must be a function of wx defined by
// a real group, or a stub with a host handler; stubs without one answer
// false. Deeper paths answer true only for the fields and options this
// project implements (a built-in table covering the UI, system, routing,
// open, storage and network APIs) and for the paths in Options.CanIUse.
// Components and their attributes ("button.open-type.contact") answer false:
// there is no render layer.
//
// # Caveats
//
// The stubs' host handlers see bridge.Call with Args only (Params is nil,
// as for any wx API). bridge.Registry has no exported lookup yet, so
// Options.Handlers is the Handlers interface: use HandlerMap, or
// bridge.Config.Overrides for asynchronous APIs.
//
// A Sync host handler blocks the app's loop while it runs; keep it fast.
// Factories' objects draw, play and record nothing; their callbacks and
// listeners are never called except to report "not supported".
package wxsurface
