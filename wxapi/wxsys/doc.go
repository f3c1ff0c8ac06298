// Package wxsys implements the system wx APIs: system and account
// information, app events, permissions (authorize, getSetting,
// openSetting), the update manager, nextTick and base64 helpers.
//
// # Basics
//
// Install the group in a bridge:
//
//	perms := wxsys.NewPermissions(wxsys.StoragePermissions(db), userID) // remembered across restarts
//	br := bridge.New(bridge.Config{UI: hostUI, Groups: []bridge.Group{
//		wxsys.New(wxsys.Options{System: &phone, Permissions: perms, Updates: hub}),
//	}})
//
// getSystemInfoSync, getSystemInfo (and the deprecated getSystemInfoAsync),
// getWindowInfo, getDeviceInfo, getAppBaseInfo, getSystemSetting,
// getAppAuthorizeSetting and getMenuButtonBoundingClientRect report
// Options.System (DefaultSystemInfo when nil: a mid-range Android phone,
// 393 x 873 CSS pixels at 2.75, zh_CN, light theme, everything authorized).
// getWindowInfo and the others without the Sync suffix are synchronous, as
// in the base library. getAccountInfoSync gives {miniProgram: {appId,
// envVersion, version}, plugin: {}} from the runtime's AppInfo (envVersion
// "release" when unset); getExtConfigSync and getExtConfig give
// Options.ExtConfig ({} by default).
//
// # Permissions
//
// wx.authorize({scope}) grants or refuses one of Scopes. The first request
// of a scope by an app asks the host (bridge.UI.Authorize, with the reason
// from app.json's "permission"); the answer is kept in a Store per user,
// app and scope, and later calls answer from it without asking: a refusal
// fails with "authorize:fail auth deny". A scope not in Scopes fails with
// "authorize:fail invalid scope". getSetting gives {authSetting} with every
// scope asked so far (and, withSubscriptions, a subscriptionsSetting whose
// main switch is on). openSetting, which needs a user tap, shows the
// settings page: a UI implementing SettingsUI gets the decisions and
// returns them as the user left them; any other UI is asked again, through
// Authorize, about each scope on the page. Only scopes already asked appear
// on the page.
//
// Groups that implement APIs behind a scope (getLocation, chooseAddress, see
// ScopeOf) call ScopeCheck when the call starts and run the function it
// returns off the loop before the work; it shares the memory of
// wx.authorize through PermissionsOf.
//
// MemoryStore keeps decisions for the life of the process;
// StoragePermissions keeps them in a storage file (package storage), in
// the namespace appID+"#permissions" of each user, so that they survive a
// restart.
//
// # Update manager
//
// wx.getUpdateManager() returns the runtime's one UpdateManager.
// Options.Updates (an UpdateHub, fed by the launcher with Publish or from a
// channel with Feed) reports the steps of the cache's update of the app:
// the end of the check (onCheckForUpdate({hasUpdate})), then the download
// (onUpdateReady() or onUpdateFailed()). Events reach the listeners on the
// loop; a listener registered after its step ran is called at once (in a
// later job), since the check often ends before the mini program listens.
// applyUpdate() after onUpdateReady calls Updates.Apply, which restarts the
// app on the new version; before that it logs a warning and does nothing.
// Without Updates, the check ends at once with hasUpdate false.
//
// # App events
//
// onAppShow, onAppHide, onError, onUnhandledRejection and onPageNotFound
// keep their listeners (a function is added once; off with a function
// removes it, off without one removes all). The runtime reports its app
// events (runtime.Env.OnAppEvent) after the App hook of the same name, and
// the group calls the listeners through EmitAppEvent.
//
// # Caveats
//
// nextTick runs its callback in a later loop job, after the promise jobs
// of the current one (the base library gives no stronger promise).
// base64ToArrayBuffer accepts the standard and URL-safe alphabets, with or
// without padding, and ignores whitespace; other input throws a TypeError
// instead of decoding garbage (see DecodeBase64).
//
// The system values are the same on every page: windowHeight does not
// shrink on tab pages or grow with a custom navigation bar, and
// onWindowResize never fires.
package wxsys
