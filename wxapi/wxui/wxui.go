package wxui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/openapi"
)

// MaxActionSheetItems is the most items wx.showActionSheet accepts.
const MaxActionSheetItems = 6

// MaxButtonTextWidth is the longest confirmText or cancelText of
// wx.showModal, in width units: a CJK (wide) character counts 2, any other
// character 1, so that 4 Chinese characters or 8 Latin letters fit.
const MaxButtonTextWidth = 8

// Errors that become the reason of a fail errMsg.
var (
	// ErrNotTabBarPage is the reason of a tab-bar API called while the
	// current page is not a page of app.json's tabBar.list.
	ErrNotTabBarPage = errors.New("not TabBar page")
	// ErrTabBarItemNotFound is the reason of a tab-bar API whose index is
	// not below the length of tabBar.list.
	ErrTabBarItemNotFound = errors.New("tabbar item not found")
)

// New returns the group of UI APIs. Each call reaches the host's UI
// (bridge.Config.UI, a bridge.HeadlessUI by default) off the loop.
func New() bridge.Group { return bridge.GroupFunc(install) }

// session is the state of the group in one runtime.
type session struct {
	d   *bridge.Definer
	app openapi.AppInfo

	// last is closed when the most recent display call (UI.Show) has
	// returned: display calls reach the host in the order they were made.
	// Loop only.
	last chan struct{}

	// clipboard is what setClipboardData stored in this runtime. Loop only.
	clipboard string
}

func install(d *bridge.Definer) error {
	s := &session{d: d, app: d.App()}
	defs := []struct {
		name string
		impl func(*session, *bridgePending)
	}{
		{"showToast", (*session).showToast},
		{"hideToast", (*session).plain},
		{"showLoading", (*session).showLoading},
		{"hideLoading", (*session).plain},
		{"showModal", (*session).showModal},
		{"showActionSheet", (*session).showActionSheet},
		{"setNavigationBarTitle", (*session).setNavigationBarTitle},
		{"setNavigationBarColor", (*session).setNavigationBarColor},
		{"showNavigationBarLoading", (*session).plain},
		{"hideNavigationBarLoading", (*session).plain},
		{"setTabBarBadge", (*session).setTabBarBadge},
		{"removeTabBarBadge", (*session).tabBarIndexed},
		{"showTabBarRedDot", (*session).tabBarIndexed},
		{"hideTabBarRedDot", (*session).tabBarIndexed},
		{"setTabBarItem", (*session).tabBarIndexed},
		{"showTabBar", (*session).tabBarWhole},
		{"hideTabBar", (*session).tabBarWhole},
		{"setTabBarStyle", (*session).tabBarWhole},
		{"startPullDownRefresh", (*session).plain},
		{"stopPullDownRefresh", (*session).plain},
		{"pageScrollTo", (*session).pageScrollTo},
		{"setClipboardData", (*session).setClipboardData},
		{"getClipboardData", (*session).getClipboardData},
	}
	for _, def := range defs {
		impl := def.impl
		if err := d.Async(def.name, func(p *bridge.Pending) { impl(s, &bridgePending{p}) }); err != nil {
			return err
		}
	}
	return nil
}

// bridgePending wraps a call with the argument checks of this package.
type bridgePending struct{ *bridge.Pending }

// show reports a display-only call to the host, after every display call
// made before it (loop only; the host runs off the loop).
func (s *session) show(p *bridgePending, args map[string]any, res map[string]any) {
	prev, done := s.last, make(chan struct{})
	s.last = done
	ui := s.d.Config().UI
	api := p.API()
	p.Go(func(ctx context.Context) (map[string]any, error) {
		defer close(done)
		if prev != nil {
			select {
			case <-prev:
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			}
		}
		if err := ui.Show(ctx, s.app, api, args); err != nil {
			return nil, err
		}
		return res, nil
	})
}

// plain shows a call that takes no checked argument.
func (s *session) plain(p *bridgePending) { s.show(p, p.Args(), nil) }

func (s *session) showToast(p *bridgePending) {
	if _, err := p.str("title", true); err != nil {
		p.Fail(err)
		return
	}
	if err := p.check(map[string]string{"icon": "String", "image": "String", "duration": "Number", "mask": "Boolean"}); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) showLoading(p *bridgePending) {
	if _, err := p.str("title", true); err != nil {
		p.Fail(err)
		return
	}
	if err := p.check(map[string]string{"mask": "Boolean"}); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) showModal(p *bridgePending) {
	m := bridge.Modal{ShowCancel: true, CancelText: "取消", ConfirmText: "确定"}
	var err error
	if m.Title, err = p.str("title", false); err != nil {
		p.Fail(err)
		return
	}
	if m.Content, err = p.str("content", false); err != nil {
		p.Fail(err)
		return
	}
	if err := p.check(map[string]string{"showCancel": "Boolean", "editable": "Boolean", "placeholderText": "String", "cancelColor": "String", "confirmColor": "String"}); err != nil {
		p.Fail(err)
		return
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"cancelText", &m.CancelText}, {"confirmText", &m.ConfirmText}} {
		v, err := p.str(f.name, false)
		if err != nil {
			p.Fail(err)
			return
		}
		if _, ok := p.Args()[f.name]; !ok {
			continue
		}
		if textWidth(v) > MaxButtonTextWidth {
			p.Fail(fmt.Errorf("%s length should not larger than 4 Chinese characters", f.name))
			return
		}
		*f.dst = v
	}
	if v, ok := p.Args()["showCancel"].(bool); ok {
		m.ShowCancel = v
	}
	m.Editable, _ = p.Args()["editable"].(bool)
	m.PlaceholderText, _ = p.Args()["placeholderText"].(string)
	ui := s.d.Config().UI
	p.Go(func(ctx context.Context) (map[string]any, error) {
		r, err := ui.ShowModal(ctx, s.app, m)
		if err != nil {
			return nil, err
		}
		res := map[string]any{"confirm": r.Confirm, "cancel": !r.Confirm}
		if m.Editable {
			res["content"] = r.Content
		}
		return res, nil
	})
}

func (s *session) showActionSheet(p *bridgePending) {
	raw, ok := p.Args()["itemList"]
	list, isList := raw.([]any)
	switch {
	case !ok:
		p.Fail(errors.New("parameter error: parameter.itemList should be Array instead of Undefined;"))
		return
	case !isList:
		p.Fail(fmt.Errorf("parameter error: parameter.itemList should be Array instead of %s;", bridge.JSONTypeName(raw)))
		return
	case len(list) == 0:
		p.Fail(errors.New("parameter error: parameter.itemList should have at least 1 item;"))
		return
	case len(list) > MaxActionSheetItems:
		p.Fail(fmt.Errorf("parameter error: itemList should not be large than %d", MaxActionSheetItems))
		return
	}
	items := make([]string, len(list))
	for i, v := range list {
		str, ok := v.(string)
		if !ok {
			p.Fail(fmt.Errorf("parameter error: parameter.itemList[%d] should be String instead of %s;", i, bridge.JSONTypeName(v)))
			return
		}
		items[i] = str
	}
	if err := p.check(map[string]string{"alertText": "String", "itemColor": "String"}); err != nil {
		p.Fail(err)
		return
	}
	ui := s.d.Config().UI
	p.Go(func(ctx context.Context) (map[string]any, error) {
		i, err := ui.ShowActionSheet(ctx, s.app, items)
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= len(items) {
			return nil, fmt.Errorf("host UI answered item %d of an action sheet of %d items", i, len(items))
		}
		return map[string]any{"tapIndex": float64(i)}, nil
	})
}

func (s *session) setNavigationBarTitle(p *bridgePending) {
	if _, err := p.str("title", true); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) setNavigationBarColor(p *bridgePending) {
	front, err := p.str("frontColor", true)
	if err != nil {
		p.Fail(err)
		return
	}
	bg, err := p.str("backgroundColor", true)
	if err != nil {
		p.Fail(err)
		return
	}
	if f := strings.ToLower(front); f != "#ffffff" && f != "#000000" {
		p.Fail(fmt.Errorf("invalid frontColor %q: only #ffffff and #000000 are allowed", front))
		return
	}
	if !isHexColor(bg) {
		p.Fail(fmt.Errorf("invalid backgroundColor %q: want a hex color such as #f8f8f8", bg))
		return
	}
	if err := p.check(map[string]string{"animation": "Object"}); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

// tabBarPage checks that the app has a tab bar and the current page is on
// it; it returns the number of tabs.
func (s *session) tabBarPage(p *bridgePending) (int, error) {
	tb := s.d.Env().Bundle().App.TabBar
	_, route := p.Page()
	if tb == nil || !slices.ContainsFunc(tb.List, func(it bundle.TabBarItem) bool { return it.PagePath == route }) {
		return 0, ErrNotTabBarPage
	}
	return len(tb.List), nil
}

// tabIndex checks the tab page and the index argument.
func (s *session) tabIndex(p *bridgePending) error {
	n, err := s.tabBarPage(p)
	if err != nil {
		return err
	}
	raw, ok := p.Args()["index"]
	f, isNum := raw.(float64)
	switch {
	case !ok:
		return errors.New("parameter error: parameter.index should be Number instead of Undefined;")
	case !isNum:
		return fmt.Errorf("parameter error: parameter.index should be Number instead of %s;", bridge.JSONTypeName(raw))
	case f < 0 || f != float64(int(f)):
		return fmt.Errorf("parameter error: parameter.index should be a non-negative integer, got %v;", f)
	case int(f) >= n:
		return ErrTabBarItemNotFound
	}
	return nil
}

func (s *session) setTabBarBadge(p *bridgePending) {
	if err := s.tabIndex(p); err != nil {
		p.Fail(err)
		return
	}
	if _, err := p.str("text", true); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) tabBarIndexed(p *bridgePending) {
	if err := s.tabIndex(p); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) tabBarWhole(p *bridgePending) {
	if _, err := s.tabBarPage(p); err != nil {
		p.Fail(err)
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) pageScrollTo(p *bridgePending) {
	if err := p.check(map[string]string{"scrollTop": "Number", "duration": "Number", "selector": "String", "offsetTop": "Number"}); err != nil {
		p.Fail(err)
		return
	}
	_, top := p.Args()["scrollTop"]
	_, sel := p.Args()["selector"]
	if !top && !sel {
		p.Fail(errors.New("parameter error: scrollTop or selector should be specified"))
		return
	}
	s.show(p, p.Args(), nil)
}

func (s *session) setClipboardData(p *bridgePending) {
	data, err := p.str("data", true)
	if err != nil {
		p.Fail(err)
		return
	}
	s.clipboard = data
	s.show(p, p.Args(), nil)
}

func (s *session) getClipboardData(p *bridgePending) {
	data := s.clipboard
	s.show(p, p.Args(), map[string]any{"data": data})
}

// str returns the string argument name; a missing one is an error only when
// required; a value of another type always is.
func (p *bridgePending) str(name string, required bool) (string, error) {
	v, ok := p.Args()[name]
	if !ok {
		if required {
			return "", fmt.Errorf("parameter error: parameter.%s should be String instead of Undefined;", name)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("parameter error: parameter.%s should be String instead of %s;", name, bridge.JSONTypeName(v))
	}
	return s, nil
}

// check verifies the JavaScript type of optional arguments, by name.
func (p *bridgePending) check(types map[string]string) error {
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		v, ok := p.Args()[n]
		if !ok {
			continue
		}
		if got := bridge.JSONTypeName(v); got != types[n] {
			return fmt.Errorf("parameter error: parameter.%s should be %s instead of %s;", n, types[n], got)
		}
	}
	return nil
}

// textWidth measures button text: wide (CJK) characters count 2.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// isWide reports whether r is an East Asian wide or full-width character.
func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1FAFF, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// isHexColor reports whether s is #rgb or #rrggbb (optionally with alpha).
func isHexColor(s string) bool {
	if !strings.HasPrefix(s, "#") || !utf8.ValidString(s) {
		return false
	}
	h := s[1:]
	switch len(h) {
	case 3, 4, 6, 8:
	default:
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
