// Package wxui implements the wx APIs that show something or ask the user:
// toasts, loading, modals, action sheets, the navigation bar, the tab bar,
// pull-down refresh, page scrolling and the clipboard.
//
// # Basics
//
// Install the group in a bridge; every call reaches the host's bridge.UI
// (bridge.Config.UI, a bridge.HeadlessUI that records calls by default):
//
//	br := bridge.New(bridge.Config{UI: hostUI, Groups: []bridge.Group{wxui.New()}})
//
// showModal goes to UI.ShowModal and succeeds with {confirm, cancel} (and
// content for an editable modal); showActionSheet goes to UI.ShowActionSheet
// and succeeds with {tapIndex}, or fails with "showActionSheet:fail cancel"
// when the host returns bridge.ErrCanceled. Every other API only displays
// something: it goes to UI.Show with the API name and the call's arguments
// (callbacks removed) and succeeds when Show returns nil. getClipboardData
// succeeds with {data}.
//
// Arguments are checked as the base library checks them, with its
// messages: a required string (showToast's and showLoading's title,
// setNavigationBarTitle's title, setClipboardData's data, setTabBarBadge's
// text) that is missing or not a string fails with "parameter error:
// parameter.title should be String instead of Undefined;"; showActionSheet
// needs 1 to 6 string items; setNavigationBarColor's frontColor must be
// #ffffff or #000000 and its backgroundColor a hex color; showModal's
// confirmText and cancelText hold at most 4 Chinese characters (see
// MaxButtonTextWidth). The tab-bar APIs fail with "…:fail not TabBar page"
// when the current page is not in app.json's tabBar.list, and those that
// take an index with "…:fail tabbar item not found" when it is not below
// the length of the list.
//
// # Caveats
//
// Host UI methods run off the loop, each call on its own goroutine, but the
// display-only calls of one runtime reach UI.Show in the order the mini
// program made them (a showLoading never arrives after the hideLoading that
// followed it). Modals and action sheets are not ordered with them: a toast
// may show while a modal waits for its answer, as on a device.
//
// The clipboard belongs to the runtime and lives in memory: what one app
// copies, only that app (in that run) pastes. setClipboardData and
// getClipboardData are reported through UI.Show too, so that a host with a
// real clipboard can mirror them; the value the host holds is not read back.
//
// Nothing is drawn: the navigation-bar title, colors and tab-bar state are
// reported to the host and not kept, so reading them back is not possible.
// startPullDownRefresh does not call the page's onPullDownRefresh.
package wxui
