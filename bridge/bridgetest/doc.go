// Package bridgetest is a test harness for wx API groups: it runs a tiny
// mini program with a bridge made from a [bridge.Config], evaluates
// JavaScript in it and reads back what the script logged, in the spirit of
// k6's modulestest.
//
// # Basics
//
// [Launch] loads a one-page bundle (add or replace files with
// [WithFiles]), creates a runtime on a VirtualClock with bridge.New(cfg) as
// its extension, launches the app and closes it when the test ends:
//
//	app := bridgetest.Launch(t, bridge.Config{Groups: []bridge.Group{wxui.New()}})
//	got := app.Run(`wx.showToast({title: 'hi', success: r => log(r.errMsg)})`)
//	// got is []any{"showToast:ok"}
//
// [App.Run] defines log(...args), which appends its arguments joined with
// spaces to a log, evaluates the source in a block, runs the app until it
// is idle and returns the log. [App.Start] and [App.Wait] are its two
// halves, for a test that acts between them. [App.Tap] runs the source
// inside a user gesture. [App.Calls] returns the API events the bridge
// reported, and [App.Runtime] the runtime for everything else.
//
// A package's shared JavaScript helpers go in [WithPrelude]; [LogJSON]
// makes log write objects as JSON.
//
// # Caveats
//
// The harness is for tests only: its methods call t.Fatal and so must run
// on the test's goroutine (not in a handler, not in a fuzz target's
// function when the App belongs to the *testing.F; use App.Runtime there).
// Each Run empties the log first, and evaluates the source in a block, so
// let and const declarations do not carry over from one Run to the next.
// The log lives in globalThis.__bridgetestLog and the tap handler calls
// globalThis.__bridgetestTap; scripts must leave both alone.
package bridgetest
