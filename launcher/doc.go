// Package launcher is the host app's entry point: it starts mini programs
// (the Go counterpart of the reference SDKs' startMiniAppWithId /
// startApplet family), keeps the running ones, and moves the user between
// them. It ties the package cache, the runtime and the bridge together.
//
// # Basics
//
//	l, err := launcher.New(launcher.Config{
//		CacheDir:  dir,                    // or Cache: an opened *cache.Store
//		ServerURL: "https://packages.example.com",
//		OpenAPI:   myOpenAPIs,             // wx.login, wx.requestPayment, ...
//		Plugins:   myCustomAPIs,           // wx.invokeNativePlugin
//		OnEvent:   func(ev launcher.Event) { log.Println(ev.Kind, ev.AppID) },
//	})
//	defer l.Shutdown()
//	res := l.Start(ctx, "wxshop000000001", &launcher.StartOptions{Path: "pages/detail/detail?id=3"})
//	if res.Code != launcher.CodeOK { ... res.Info ... }
//	app := res.App // app.Runtime() drives it: Dispatch a tap, read Pages, ...
//	l.Close(app.AppID())  // to the background (the capsule's close button)
//	l.Finish(app.AppID()) // destroyed
//
// Starts come by app id (Start), link (StartLink), QR code content
// (StartQRCode), a Scanner the host passes to StartScan, and a cache listing
// (StartInfo). Starts, Close and Finish are safe to call from any goroutine,
// at once: state changes happen one at a time, and an app's state always
// matches what its runtime was told (onShow, onHide). A start resolves the package through the cache (cache-first,
// with a background update check; ForceUpdate asks the server first;
// OfflinePackage installs a local zip), loads the bundle, creates the
// runtime with the bridge and the host's handlers, and launches it: App
// onLaunch and onShow, then the entry page up to onReady.
//
// # Links and QR codes
//
//	minihost://app/<appId>[@<envVersion>][/<page route>][?<query>]
//	https://<any host>/minihost/app/<appId>[@<envVersion>][/<page route>][?<query>]
//
// envVersion is release (default), trial or develop; the query belongs to
// the page and reaches onLoad as written. See Link and ParseLink.
//
// # Start codes
//
// Every start returns a StartResult whose Code is 0 or one of:
//
//	-11001 CodeAppNotFound     the package server has no such app (or env)
//	-11002 CodeNetwork         the server is unreachable and nothing is cached
//	-11003 CodeIntegrity       size, hash or signature check failed, or a rollback
//	-11004 CodeInvalidPackage  the zip is unsafe (traversal, bomb, duplicates, ...)
//	-12001 CodeInvalidBundle   app.json or project files are invalid
//	-12002 CodeScriptError     app.js or the entry page threw, or App() was not called
//	-12003 CodeEntryNotFound   the entry page is not a page of the bundle
//	-12004 CodeBadLink         link or QR code content not understood
//	-12005 CodeCanceled        the start's context ended, or the scan was dismissed
//	-12006 CodeClosed          the launcher was shut down
//	-12007 CodeInvalidRequest  the app id or the start options are not valid
//	-12099 CodeInternal        anything else (an unreadable cache, ...)
//
// # Running apps
//
// One app is in the foreground at a time; starting another sends it to the
// background (App and page onHide, timers paused). Starting an app that is
// already running brings it back (App.onShow with the new options) and,
// depending on StartOptions.Relaunch, resets its page stack to the entry
// page: ParamsExist (default) when the start names a path or params,
// OnlyParamsDiff when they differ from the last start, Always, Never. At
// most Config.MaxBackground apps stay in the background (default 3): the
// least recently used beyond that is finished, and so is an app idle in the
// background for Config.BackgroundTimeout (default 10 minutes). Finish
// destroys an app: onUnload on its pages, its handlers' contexts cancelled,
// its runtime released.
//
// # Between mini programs
//
// wx.navigateToMiniProgram needs a user tap, the target in the caller's
// navigateToMiniProgramAppIdList and the host UI's confirmation; the target
// starts (or comes back) with scene 1037 and referrerInfo {appId, extraData}.
// wx.navigateBackMiniProgram returns to the opener with scene 1038 and the
// extraData in its App.onShow. wx.exitMiniProgram needs a tap and closes the
// app to the background.
//
// # Performance
//
// go test -bench . -benchmem on a 2-core Xeon (go1.26), with the small test
// app of testdata/apps/alpha:
//
//	StartCached/cold (resolve from the cache, compile, run to onReady)  6.0 ms  775 KB  5,434 allocs
//	StartCached/warm (compiled programs reused)                         1.0 ms  126 KB  1,583 allocs
//	IdleAppMemory                                                        69 KB per running idle app
//
// A realistic 200 KB bundle costs about 14 ms and 2.3 MB per app warm (see
// package runtime).
//
// # Caveats
//
// Config.OnEvent is called from the goroutine that caused the change; it
// must not block for long. Config.OnAppEvent runs on each app's loop.
// Custom APIs must be registered before the first start.
package launcher
