// Package bridge is the one way a mini program's JavaScript reaches Go: it
// builds the wx object of a runtime (it is a runtime.Extension) and carries
// every wx call with the base library's calling convention.
//
// # The convention
//
// An asynchronous API takes one object argument. Its result reaches success
// then complete, or fail then complete, each with errMsg "<api>:ok" or
// "<api>:fail <reason>" (and errCode when the host gave one); with none of
// the three callbacks the call returns a Promise that resolves or rejects
// with the same object. Results are always delivered in a later loop job,
// never synchronously. Sync APIs (the ...Sync ones, and custom APIs
// registered with HandleSync) return their value or throw an Error whose
// message is the errMsg.
//
// Host handlers ([Handler], [HandlerFunc]) run off the loop, on their own
// goroutine, with a context cancelled when the call times out
// (Config.Timeout) or the app finishes. The loop is reserved before the
// handler starts, and the result is delivered on the loop exactly once.
// [ErrCanceled] gives ":fail cancel"; a handler that panics gives ":fail
// internal error" for that call alone (logged with its stack); one that
// outlives the timeout gives ":fail timeout" and its late result is dropped.
// *openapi.Error sets errCode.
//
// # Custom APIs
//
// A host registers custom APIs in a [Registry] before any app starts:
//
//	reg := &bridge.Registry{}
//	err := reg.HandleFunc("getDeviceToken", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
//		return map[string]any{"token": token(c.App.AppID)}, nil
//	})
//	br := bridge.New(bridge.Config{Plugins: reg, OpenAPI: myHost})
//
// Mini programs call them with wx.invokeNativePlugin({api_name, data,
// success, fail, complete}); the handler sees Call.Params exactly as the
// reference SDK (2.2.17+) gives them: {stateEvent: "requestCustomApi",
// api_name, data, webviewId}. Config.AppPlugins are per app and win over
// Config.Plugins. A handler may send intermediate results with
// Call.Progress; they reach the call's "progress" callback and the listeners
// of wx.onNativePluginEvent before the final result. Config.Overrides
// replaces built-in wx APIs by name.
//
// # Open APIs
//
// wx.login, checkSession, getUserInfo, getUserProfile, getPhoneNumber,
// requestPayment and requestVirtualPayment go to Config.OpenAPI (package
// openapi), after the parameters the base library requires are checked;
// getUserProfile also needs a user tap (runtime.Runtime.Dispatch).
//
// # Observing calls
//
// Every finished call is reported to the runtime's OnEvent as a
// *runtime.APIEvent (name, page, arguments, result, duration), and logged
// at debug level through log/slog.
//
// # Performance
//
// A JavaScript → Go → JavaScript round trip through wx.invokeNativePlugin,
// measured with go test -bench . -benchmem on a 2-core Xeon (go1.26), next
// to the same round trip with bare goja and goja_nodejs's event loop:
//
//	InvokeNativePluginCallback   22.9 µs   7.8 KB  123 allocs   (baseline: eventloop + callback  6.5 µs)
//	InvokeNativePluginPromise    24.3 µs   7.8 KB  124 allocs   (baseline: eventloop + Promise  11.3 µs)
//	InvokeNativePluginBatch      21.3 µs  11.0 KB  166 allocs   (64 calls in flight, per call)
//	InvokeNativePluginSync       13.6 µs   4.3 KB   63 allocs   (baseline: goja sync call        2.4 µs)
//
// The bridge's own cost is the argument and result conversion (JSON
// semantics, in Go), the handler goroutine with its timeout, and the
// APIEvent for observers.
package bridge
