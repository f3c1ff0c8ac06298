// Package apptest runs a mini program in a fresh, isolated test host for
// go test, in the spirit of net/http/httptest: page-level tests with real
// storage, navigation and wx calls, fakes for every host handler, control of
// time, and a log of every wx call to assert on.
//
// # Basics
//
//	func TestPurchase(t *testing.T) {
//		app := apptest.New(t, "testdata/shop") // a directory, a .zip, an fs.FS
//		app.OpenAPI.RequestPayment.Cancels()   // script the host
//		app.Tap("onTapProduct", apptest.Event{Dataset: map[string]any{"id": 3}})
//		app.Idle()                             // run timers: virtual time
//		if got := app.Data("cart.items[0].price"); got != 68.0 { ... }
//		if c := app.LastCall("requestPayment"); c.OK() { ... }
//	}
//
// New starts the bundle with temporary storage (wx.setStorage and friends
// persist in a bbolt file of the test), the system, UI and permission APIs, a
// virtual clock, and fakes: OpenAPI (wx.login, wx.requestPayment, ...),
// Plugins (wx.invokeNativePlugin) and UI (modals, action sheets, permission
// answers, toasts). Each fake has a plausible default and is scripted per call
// (ReturnsOnce, FailsOnce, CancelsOnce) or for all calls (Returns, Fails,
// Cancels); each records what it received. t.Cleanup tears everything down.
//
// Driving: Open, NavigateTo, SwitchTab, Back, Tap (a user gesture, with a
// dataset and detail), Hide and Show, Advance (move the clock), Idle (run
// until nothing is left) and Wait (let pending calls finish without moving
// the clock). Reading: Page, Stack, Data (a path into the current page's
// data), GlobalData, Storage, Calls and LastCall, Errors, Transcript.
//
// # Failures
//
// An uncaught JavaScript error fails the test, with the transcript of the run
// (the JSON lines of "minihost run"), unless the test declared it with
// ExpectError. WithGolden compares the transcript with a file when the test
// ends; go test -update rewrites it.
//
// # Performance
//
// BenchmarkPageTest (start a small bundle in a fresh host, tap, read the
// data) runs about 300 page tests per second on one core of a 2-core Xeon
// (3.3 ms, 215 KB, 2,400 allocs each); most of it is opening the test's bbolt
// storage file.
//
// # Caveats
//
// apptest defines the -update flag in test binaries that import it; such a
// test package must not define its own (call Update instead). Calls that run
// concurrently in host handlers may finish in any order, so a golden
// transcript of such a flow is not stable; keep golden files for flows whose
// calls are sequential.
package apptest
