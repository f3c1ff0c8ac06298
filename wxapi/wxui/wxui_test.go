package wxui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxui"
)

// testFiles add two pages and a tab bar to the harness's bundle.
var testFiles = map[string]string{
	"app.json": `{"pages":["pages/a/a","pages/b/b","pages/c/c"],
		"tabBar":{"list":[{"pagePath":"pages/a/a","text":"A"},{"pagePath":"pages/b/b","text":"B"}]}}`,
	"pages/b/b.js": `Page({})`,
	"pages/c/c.js": `Page({})`,
}

// scriptedUI answers modals and action sheets as told and records
// everything through its HeadlessUI.
type scriptedUI struct {
	bridge.HeadlessUI
	modal   bridge.ModalResult
	sheet   int
	sheetEr error
}

func (u *scriptedUI) ShowModal(ctx context.Context, app openapi.AppInfo, m bridge.Modal) (bridge.ModalResult, error) {
	_, _ = u.HeadlessUI.ShowModal(ctx, app, m)
	return u.modal, nil
}

func (u *scriptedUI) ShowActionSheet(ctx context.Context, app openapi.AppInfo, items []string) (int, error) {
	_, _ = u.HeadlessUI.ShowActionSheet(ctx, app, items)
	return u.sheet, u.sheetEr
}

type env struct {
	*bridgetest.App
	t  testing.TB
	ui *scriptedUI
}

// launch runs the test bundle with wxui and ui (nil: one that confirms
// modals).
func launch(t testing.TB, ui *scriptedUI) *env {
	t.Helper()
	if ui == nil {
		ui = &scriptedUI{modal: bridge.ModalResult{Confirm: true}}
	}
	app := bridgetest.Launch(t, bridge.Config{UI: ui, Groups: []bridge.Group{wxui.New()}},
		bridgetest.WithInfo(runtime.AppInfo{AppID: "wxui", Version: "1.0.0"}),
		bridgetest.WithFiles(testFiles), bridgetest.LogJSON())
	return &env{App: app, t: t, ui: ui}
}

// run evaluates src (with a log function), runs until idle and returns the
// log lines.
func (e *env) run(src string) []string {
	e.t.Helper()
	var out []string
	for _, x := range e.Run(src) {
		out = append(out, x.(string))
	}
	return out
}

// call runs one API with success and fail logging.
func call(api, args string) string {
	return fmt.Sprintf(`wx.%s(Object.assign(%s, {success: r => log(JSON.stringify(r)), fail: r => log(r.errMsg)}))`, api, args)
}

func TestCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"toast", call("showToast", `{title: 'hi', icon: 'none'}`), `{"errMsg":"showToast:ok"}`},
		{"toast without title", call("showToast", `{}`), `showToast:fail parameter error: parameter.title should be String instead of Undefined;`},
		{"toast bad duration", call("showToast", `{title: 'x', duration: '1'}`), `showToast:fail parameter error: parameter.duration should be Number instead of String;`},
		{"hide toast", call("hideToast", `{}`), `{"errMsg":"hideToast:ok"}`},
		{"loading", call("showLoading", `{title: 'wait'}`), `{"errMsg":"showLoading:ok"}`},
		{"loading title number", call("showLoading", `{title: 1}`), `showLoading:fail parameter error: parameter.title should be String instead of Number;`},
		{"hide loading", call("hideLoading", `{}`), `{"errMsg":"hideLoading:ok"}`},
		{"modal", call("showModal", `{title: 't', content: 'c'}`), `{"cancel":false,"confirm":true,"errMsg":"showModal:ok"}`},
		{"modal bad title", call("showModal", `{title: {}}`), `showModal:fail parameter error: parameter.title should be String instead of Object;`},
		{"modal long confirm", call("showModal", `{confirmText: '确定确定确'}`), `showModal:fail confirmText length should not larger than 4 Chinese characters`},
		{"modal 8 latin ok", call("showModal", `{cancelText: 'abcdefgh'}`), `{"cancel":false,"confirm":true,"errMsg":"showModal:ok"}`},
		{"modal 9 latin", call("showModal", `{cancelText: 'abcdefghi'}`), `showModal:fail cancelText length should not larger than 4 Chinese characters`},
		{"sheet", call("showActionSheet", `{itemList: ['a', 'b']}`), `{"errMsg":"showActionSheet:ok","tapIndex":0}`},
		{"sheet missing", call("showActionSheet", `{}`), `showActionSheet:fail parameter error: parameter.itemList should be Array instead of Undefined;`},
		{"sheet empty", call("showActionSheet", `{itemList: []}`), `showActionSheet:fail parameter error: parameter.itemList should have at least 1 item;`},
		{"sheet 7", call("showActionSheet", `{itemList: ['1','2','3','4','5','6','7']}`), `showActionSheet:fail parameter error: itemList should not be large than 6`},
		{"sheet 6", call("showActionSheet", `{itemList: ['1','2','3','4','5','6']}`), `{"errMsg":"showActionSheet:ok","tapIndex":0}`},
		{"sheet number item", call("showActionSheet", `{itemList: ['a', 2]}`), `showActionSheet:fail parameter error: parameter.itemList[1] should be String instead of Number;`},
		{"title", call("setNavigationBarTitle", `{title: 'T'}`), `{"errMsg":"setNavigationBarTitle:ok"}`},
		{"title missing", call("setNavigationBarTitle", `{}`), `setNavigationBarTitle:fail parameter error: parameter.title should be String instead of Undefined;`},
		{"bar color", call("setNavigationBarColor", `{frontColor: '#ffffff', backgroundColor: '#ff0000'}`), `{"errMsg":"setNavigationBarColor:ok"}`},
		{"bar color front", call("setNavigationBarColor", `{frontColor: '#ff0000', backgroundColor: '#ff0000'}`), `setNavigationBarColor:fail invalid frontColor "#ff0000": only #ffffff and #000000 are allowed`},
		{"bar color bg", call("setNavigationBarColor", `{frontColor: '#000000', backgroundColor: 'red'}`), `setNavigationBarColor:fail invalid backgroundColor "red": want a hex color such as #f8f8f8`},
		{"bar loading", call("showNavigationBarLoading", `{}`), `{"errMsg":"showNavigationBarLoading:ok"}`},
		{"bar loading off", call("hideNavigationBarLoading", `{}`), `{"errMsg":"hideNavigationBarLoading:ok"}`},
		{"badge", call("setTabBarBadge", `{index: 1, text: '9'}`), `{"errMsg":"setTabBarBadge:ok"}`},
		{"badge out of range", call("setTabBarBadge", `{index: 2, text: '9'}`), `setTabBarBadge:fail tabbar item not found`},
		{"badge no index", call("setTabBarBadge", `{text: '9'}`), `setTabBarBadge:fail parameter error: parameter.index should be Number instead of Undefined;`},
		{"badge no text", call("setTabBarBadge", `{index: 0}`), `setTabBarBadge:fail parameter error: parameter.text should be String instead of Undefined;`},
		{"badge negative", call("removeTabBarBadge", `{index: -1}`), `removeTabBarBadge:fail parameter error: parameter.index should be a non-negative integer, got -1;`},
		{"remove badge", call("removeTabBarBadge", `{index: 0}`), `{"errMsg":"removeTabBarBadge:ok"}`},
		{"red dot", call("showTabBarRedDot", `{index: 0}`), `{"errMsg":"showTabBarRedDot:ok"}`},
		{"red dot off", call("hideTabBarRedDot", `{index: 1}`), `{"errMsg":"hideTabBarRedDot:ok"}`},
		{"tab item", call("setTabBarItem", `{index: 1, text: 'x'}`), `{"errMsg":"setTabBarItem:ok"}`},
		{"tab item range", call("setTabBarItem", `{index: 5}`), `setTabBarItem:fail tabbar item not found`},
		{"tab style", call("setTabBarStyle", `{color: '#000000'}`), `{"errMsg":"setTabBarStyle:ok"}`},
		{"show tab bar", call("showTabBar", `{}`), `{"errMsg":"showTabBar:ok"}`},
		{"hide tab bar", call("hideTabBar", `{animation: true}`), `{"errMsg":"hideTabBar:ok"}`},
		{"pull down", call("startPullDownRefresh", `{}`), `{"errMsg":"startPullDownRefresh:ok"}`},
		{"pull down stop", call("stopPullDownRefresh", `{}`), `{"errMsg":"stopPullDownRefresh:ok"}`},
		{"scroll", call("pageScrollTo", `{scrollTop: 100}`), `{"errMsg":"pageScrollTo:ok"}`},
		{"scroll selector", call("pageScrollTo", `{selector: '#x'}`), `{"errMsg":"pageScrollTo:ok"}`},
		{"scroll nothing", call("pageScrollTo", `{duration: 3}`), `pageScrollTo:fail parameter error: scrollTop or selector should be specified`},
		{"clipboard missing", call("setClipboardData", `{}`), `setClipboardData:fail parameter error: parameter.data should be String instead of Undefined;`},
	}
	e := launch(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.run(tt.src)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTabBarOnOtherPage(t *testing.T) {
	t.Parallel()
	e := launch(t, nil)
	if err := e.Runtime().Navigate(context.Background(), "navigateTo", "/pages/c/c"); err != nil {
		t.Fatal(err)
	}
	for _, api := range []string{"setTabBarBadge", "removeTabBarBadge", "showTabBarRedDot", "hideTabBarRedDot", "showTabBar", "hideTabBar", "setTabBarItem", "setTabBarStyle"} {
		got := e.run(call(api, `{index: 0, text: 'x'}`))
		if want := api + ":fail not TabBar page"; len(got) != 1 || got[0] != want {
			t.Errorf("%s: got %q, want %q", api, got, want)
		}
	}
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ui   *scriptedUI
		src  string
		want string
	}{
		{"modal cancel", &scriptedUI{modal: bridge.ModalResult{Confirm: false}}, call("showModal", `{content: 'c'}`), `{"cancel":true,"confirm":false,"errMsg":"showModal:ok"}`},
		{"editable modal", &scriptedUI{modal: bridge.ModalResult{Confirm: true, Content: "typed"}}, call("showModal", `{editable: true}`), `{"cancel":false,"confirm":true,"content":"typed","errMsg":"showModal:ok"}`},
		{"sheet index", &scriptedUI{sheet: 2}, call("showActionSheet", `{itemList: ['a','b','c']}`), `{"errMsg":"showActionSheet:ok","tapIndex":2}`},
		{"sheet cancel", &scriptedUI{sheetEr: bridge.ErrCanceled}, call("showActionSheet", `{itemList: ['a']}`), `showActionSheet:fail cancel`},
		{"sheet bad host index", &scriptedUI{sheet: 3}, call("showActionSheet", `{itemList: ['a']}`), `showActionSheet:fail host UI answered item 3 of an action sheet of 1 items`},
		{"promise", &scriptedUI{sheet: 1}, `wx.showActionSheet({itemList: ['a','b']}).then(r => log(r.tapIndex))`, `1`},
		{"promise reject", &scriptedUI{sheetEr: bridge.ErrCanceled}, `wx.showActionSheet({itemList: ['a']}).catch(r => log(r.errMsg))`, `showActionSheet:fail cancel`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := launch(t, tt.ui)
			got := e.run(tt.src)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestClipboard(t *testing.T) {
	t.Parallel()
	e := launch(t, nil)
	got := e.run(`wx.getClipboardData().then(r => { log('empty', r.data === '');
		return wx.setClipboardData({data: 'copied'}) }).then(() => wx.getClipboardData()).then(r => log(r.data))`)
	if want := []string{"empty true", "copied"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	other := launch(t, nil)
	if got := other.run(`wx.getClipboardData().then(r => log(JSON.stringify(r.data)))`); len(got) != 1 || got[0] != `""` {
		t.Errorf("clipboard leaked to another runtime: %q", got)
	}
	var apis []string
	for _, r := range e.ui.Records() {
		apis = append(apis, r.API)
	}
	if want := "getClipboardData setClipboardData getClipboardData"; strings.Join(apis, " ") != want {
		t.Errorf("host saw %q, want %q", apis, want)
	}
}

// TestDisplayOrder checks that display calls reach the host in call order,
// even though each runs on its own goroutine.
func TestDisplayOrder(t *testing.T) {
	t.Parallel()
	e := launch(t, nil)
	e.run(`for (let i = 0; i < 50; i++) { wx.showLoading({title: 'L' + i}); wx.hideLoading() }`)
	recs := e.ui.Records()
	if len(recs) != 100 {
		t.Fatalf("host saw %d calls, want 100", len(recs))
	}
	for i := 0; i < 50; i++ {
		show, hide := recs[2*i], recs[2*i+1]
		if show.API != "showLoading" || show.Args["title"] != fmt.Sprint("L", i) || hide.API != "hideLoading" {
			t.Fatalf("call %d reached the host out of order: %v then %v", i, show, hide)
		}
	}
}

func TestRecordedArgs(t *testing.T) {
	t.Parallel()
	e := launch(t, nil)
	e.run(`wx.showToast({title: 'saved', icon: 'success', duration: 2000, success() {}})`)
	recs := e.ui.Records()
	if len(recs) != 1 {
		t.Fatalf("records: %v", recs)
	}
	r := recs[0]
	if r.API != "showToast" || r.App.AppID != "wxui" || r.Args["title"] != "saved" || r.Args["duration"] != float64(2000) {
		t.Errorf("record %+v", r)
	}
	if _, ok := r.Args["success"]; ok {
		t.Errorf("callbacks reached the host: %v", r.Args)
	}
	evs := e.Calls()
	if len(evs) == 0 || evs[len(evs)-1].Name != "showToast" || evs[len(evs)-1].Result["errMsg"] != "showToast:ok" {
		t.Errorf("transcript: %+v", evs)
	}
}
