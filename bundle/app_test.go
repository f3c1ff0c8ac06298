package bundle_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/minihost/minihost/bundle"
)

// withPages returns an app.json whose pages are index and logs, plus the
// given extra top-level members (JSON text without braces).
func withPages(extra string) string {
	s := `{"pages": ["pages/index/index", "pages/logs/logs"]`
	if extra != "" {
		s += ", " + extra
	}
	return s + "}"
}

// tabs returns a tabBar member with n items over pages p0..p(n-1), which
// withPagesN declares.
func tabs(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"pagePath": "p%d", "text": "T%d"}`, i, i)
	}
	return `"tabBar": {"list": [` + strings.Join(items, ",") + `]}`
}

// withPagesN returns an app.json declaring pages p0..p(n-1) plus extra.
func withPagesN(n int, extra string) string {
	pages := make([]string, n)
	for i := range pages {
		pages[i] = fmt.Sprintf("%q", fmt.Sprintf("p%d", i))
	}
	s := `{"pages": [` + strings.Join(pages, ",") + `]`
	if extra != "" {
		s += ", " + extra
	}
	return s + "}"
}

// appIDs returns a JSON array of n distinct app ids.
func appIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf(`"wx%016d"`, i)
	}
	return "[" + strings.Join(ids, ",") + "]"
}

// checkConfigError asserts that err is a *ConfigError for file and field
// matching sentinel kind.
func checkConfigError(t *testing.T, err error, file, field string, kind error) *bundle.ConfigError {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v at %s %s", kind, file, field)
	}
	var ce *bundle.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	if ce.File != file || ce.Field != field {
		t.Errorf("error %q: file, field = %q, %q; want %q, %q", err, ce.File, ce.Field, file, field)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q does not match %v", err, kind)
	}
	if kind != bundle.ErrNoAppJSON && !errors.Is(err, bundle.ErrInvalid) {
		t.Errorf("error %q does not match ErrInvalid", err)
	}
	prefix := file + ": "
	if field != "" {
		prefix += field + ": "
	}
	if ce.Line == 0 && !strings.HasPrefix(ce.Error(), prefix) {
		t.Errorf("error %q does not start with %q", ce, prefix)
	}
	return ce
}

func TestParseAppJSONInvalid(t *testing.T) {
	t.Parallel()
	sub := func(members string) string {
		return withPages(`"subpackages": [` + members + `]`)
	}
	tests := []struct {
		name  string
		json  string
		field string
		kind  error
		msg   string // substring of the message, optional
	}{
		// syntax and top level
		{"empty input", ``, "", bundle.ErrSyntax, "unexpected end"},
		{"unclosed", `{"pages": [`, "", bundle.ErrSyntax, ""},
		{"trailing garbage", withPages("") + "x", "", bundle.ErrSyntax, ""},
		{"top-level array", `["pages/index/index"]`, "", bundle.ErrType, "must be an object, got array"},
		{"top-level null", `null`, "", bundle.ErrType, "got null"},

		// pages
		{"pages missing", `{}`, "pages", bundle.ErrMissingField, ""},
		{"pages null", `{"pages": null}`, "pages", bundle.ErrMissingField, ""},
		{"pages empty", `{"pages": []}`, "pages", bundle.ErrMissingField, ""},
		{"pages not array", `{"pages": "pages/index/index"}`, "pages", bundle.ErrType, "must be an array, got string"},
		{"page not string", `{"pages": ["a", 1]}`, "pages[1]", bundle.ErrType, "must be a string, got number"},
		{"page empty", `{"pages": ["a", ""]}`, "pages[1]", bundle.ErrBadRoute, "empty"},
		{"page absolute", `{"pages": ["/pages/a/a"]}`, "pages[0]", bundle.ErrBadRoute, `start with "/"`},
		{"page with .js", `{"pages": ["a", "b", "pages/a/a.js"]}`, "pages[2]", bundle.ErrBadRoute, `".js"`},
		{"page with ..", `{"pages": ["pages/../a"]}`, "pages[0]", bundle.ErrBadRoute, `".."`},
		{"page with dotdot name", `{"pages": ["pages/a..b"]}`, "pages[0]", bundle.ErrBadRoute, `".."`},
		{"page with backslash", `{"pages": ["pages\\a\\a"]}`, "pages[0]", bundle.ErrBadRoute, "backslash"},
		{"page trailing slash", `{"pages": ["pages/a/"]}`, "pages[0]", bundle.ErrBadRoute, "clean"},
		{"page double slash", `{"pages": ["pages//a"]}`, "pages[0]", bundle.ErrBadRoute, "clean"},
		{"page dot", `{"pages": ["./a"]}`, "pages[0]", bundle.ErrBadRoute, "clean"},
		{"page duplicate", `{"pages": ["a", "b", "a"]}`, "pages[2]", bundle.ErrDuplicate, `already listed at pages[0]`},

		// entryPagePath
		{"entry unknown", withPages(`"entryPagePath": "pages/x/x"`), "entryPagePath", bundle.ErrUnknownPage, `"pages/x/x"`},
		{"entry wrong type", withPages(`"entryPagePath": 1`), "entryPagePath", bundle.ErrType, ""},
		{"entry absolute", withPages(`"entryPagePath": "/pages/index/index"`), "entryPagePath", bundle.ErrBadRoute, ""},
		{"entry empty", withPages(`"entryPagePath": ""`), "entryPagePath", bundle.ErrBadRoute, ""},

		// window
		{"window not object", withPages(`"window": []`), "window", bundle.ErrType, "must be an object, got array"},
		{"window text style", withPages(`"window": {"navigationBarTextStyle": "red"}`), "window.navigationBarTextStyle", bundle.ErrBadValue, `"red" is not one of black, white`},
		{"window text style empty", withPages(`"window": {"navigationBarTextStyle": ""}`), "window.navigationBarTextStyle", bundle.ErrBadValue, ""},
		{"window navigation style", withPages(`"window": {"navigationStyle": "none"}`), "window.navigationStyle", bundle.ErrBadValue, ""},
		{"window background text style", withPages(`"window": {"backgroundTextStyle": "grey"}`), "window.backgroundTextStyle", bundle.ErrBadValue, ""},
		{"window orientation", withPages(`"window": {"pageOrientation": "sideways"}`), "window.pageOrientation", bundle.ErrBadValue, ""},
		{"window title type", withPages(`"window": {"navigationBarTitleText": 3}`), "window.navigationBarTitleText", bundle.ErrType, ""},
		{"window pull down type", withPages(`"window": {"enablePullDownRefresh": "yes"}`), "window.enablePullDownRefresh", bundle.ErrType, "must be a boolean, got string"},
		{"window reach bottom negative", withPages(`"window": {"onReachBottomDistance": -1}`), "window.onReachBottomDistance", bundle.ErrBadValue, "negative"},
		{"window reach bottom fraction", withPages(`"window": {"onReachBottomDistance": 1.5}`), "window.onReachBottomDistance", bundle.ErrType, "integer"},
		{"window reach bottom huge", withPages(`"window": {"onReachBottomDistance": 1e300}`), "window.onReachBottomDistance", bundle.ErrBadValue, "out of range"},

		// tabBar
		{"tabBar not object", withPages(`"tabBar": true`), "tabBar", bundle.ErrType, ""},
		{"tabBar list missing", withPages(`"tabBar": {"color": "#000"}`), "tabBar.list", bundle.ErrMissingField, ""},
		{"tabBar list not array", withPages(`"tabBar": {"list": {}}`), "tabBar.list", bundle.ErrType, ""},
		{"tabBar one item", withPagesN(1, tabs(1)), "tabBar.list", bundle.ErrCount, "got 1"},
		{"tabBar six items", withPagesN(6, tabs(6)), "tabBar.list", bundle.ErrCount, "got 6"},
		{"tabBar item not object", withPages(`"tabBar": {"list": ["pages/index/index", "pages/logs/logs"]}`), "tabBar.list[0]", bundle.ErrType, ""},
		{"tabBar page unknown", withPagesN(3, `"tabBar": {"list": [{"pagePath": "p0", "text": "a"}, {"pagePath": "p1", "text": "b"}, {"pagePath": "pages/x/x", "text": "c"}]}`),
			"tabBar.list[2].pagePath", bundle.ErrUnknownPage, ""},
		{"tabBar page in subpackage", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index", "text": "a"}, {"pagePath": "sub/a", "text": "b"}]}, "subpackages": [{"root": "sub", "pages": ["a"]}]`),
			"tabBar.list[1].pagePath", bundle.ErrUnknownPage, ""},
		{"tabBar page missing", withPages(`"tabBar": {"list": [{"text": "a"}, {"pagePath": "pages/logs/logs", "text": "b"}]}`), "tabBar.list[0].pagePath", bundle.ErrMissingField, ""},
		{"tabBar page duplicate", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index", "text": "a"}, {"pagePath": "pages/index/index", "text": "b"}]}`),
			"tabBar.list[1].pagePath", bundle.ErrDuplicate, "tabBar.list[0]"},
		{"tabBar text empty", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index", "text": "a"}, {"pagePath": "pages/logs/logs", "text": ""}]}`), "tabBar.list[1].text", bundle.ErrMissingField, ""},
		{"tabBar text missing", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index"}, {"pagePath": "pages/logs/logs", "text": "b"}]}`), "tabBar.list[0].text", bundle.ErrMissingField, ""},
		{"tabBar text type", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index", "text": 1}, {"pagePath": "pages/logs/logs", "text": "b"}]}`), "tabBar.list[0].text", bundle.ErrType, ""},
		{"tabBar icon type", withPages(`"tabBar": {"list": [{"pagePath": "pages/index/index", "text": "a", "iconPath": false}, {"pagePath": "pages/logs/logs", "text": "b"}]}`), "tabBar.list[0].iconPath", bundle.ErrType, ""},
		{"tabBar border style", withPages(`"tabBar": {"borderStyle": "red", "list": []}`), "tabBar.borderStyle", bundle.ErrBadValue, ""},
		{"tabBar position", withPages(`"tabBar": {"position": "left", "list": []}`), "tabBar.position", bundle.ErrBadValue, ""},
		{"tabBar custom type", withPages(`"tabBar": {"custom": "yes", "list": []}`), "tabBar.custom", bundle.ErrType, ""},
		{"tabBar color type", withPages(`"tabBar": {"color": 0, "list": []}`), "tabBar.color", bundle.ErrType, ""},

		// subpackages
		{"both subpackage keys", withPages(`"subpackages": [], "subPackages": []`), "subPackages", bundle.ErrConflict, ""},
		{"subpackages not array", withPages(`"subpackages": {}`), "subpackages", bundle.ErrType, ""},
		{"subpackage not object", sub(`"sub"`), "subpackages[0]", bundle.ErrType, ""},
		{"root missing", sub(`{"pages": ["a"]}`), "subpackages[0].root", bundle.ErrMissingField, ""},
		{"root empty", sub(`{"root": "", "pages": ["a"]}`), "subpackages[0].root", bundle.ErrMissingField, ""},
		{"root empty subPackages", withPages(`"subPackages": [{"root": "a", "pages": ["a"]}, {"root": "", "pages": ["a"]}]`), "subPackages[1].root", bundle.ErrMissingField, ""},
		{"root type", sub(`{"root": 1, "pages": ["a"]}`), "subpackages[0].root", bundle.ErrType, ""},
		{"root absolute", sub(`{"root": "/sub", "pages": ["a"]}`), "subpackages[0].root", bundle.ErrBadRoute, ""},
		{"root escapes", sub(`{"root": "../sub", "pages": ["a"]}`), "subpackages[0].root", bundle.ErrBadRoute, ""},
		{"root only slash", sub(`{"root": "/", "pages": ["a"]}`), "subpackages[0].root", bundle.ErrBadRoute, ""},
		{"root duplicate", sub(`{"root": "sub", "pages": ["a"]}, {"root": "sub/", "pages": ["b"]}`), "subpackages[1].root", bundle.ErrDuplicate, "subpackages[0].root"},
		{"root nested", sub(`{"root": "sub", "pages": ["a"]}, {"root": "sub/inner", "pages": ["b"]}`), "subpackages[1].root", bundle.ErrConflict, "nested"},
		{"root contains other", sub(`{"root": "sub/inner", "pages": ["a"]}, {"root": "sub", "pages": ["b"]}`), "subpackages[1].root", bundle.ErrConflict, "contains"},
		{"sub pages missing", sub(`{"root": "sub"}`), "subpackages[0].pages", bundle.ErrMissingField, ""},
		{"sub pages empty", sub(`{"root": "sub", "pages": []}`), "subpackages[0].pages", bundle.ErrMissingField, ""},
		{"sub page type", sub(`{"root": "sub", "pages": [null]}`), "subpackages[0].pages[0]", bundle.ErrType, ""},
		{"sub page bad", sub(`{"root": "sub", "pages": ["a", "/b"]}`), "subpackages[0].pages[1]", bundle.ErrBadRoute, ""},
		{"sub page duplicate", sub(`{"root": "sub", "pages": ["a", "a"]}`), "subpackages[0].pages[1]", bundle.ErrDuplicate, ""},
		{"sub page also main", `{"pages": ["pages/index/index", "sub/a"], "subpackages": [{"root": "sub", "pages": ["a"]}]}`,
			"subpackages[0].pages[0]", bundle.ErrDuplicate, `page "sub/a" is already listed at pages[1]`},
		{"sub name duplicate", sub(`{"name": "n", "root": "a", "pages": ["a"]}, {"name": "n", "root": "b", "pages": ["a"]}`), "subpackages[1].name", bundle.ErrDuplicate, ""},
		{"sub independent type", sub(`{"root": "a", "pages": ["a"], "independent": 1}`), "subpackages[0].independent", bundle.ErrType, ""},

		// navigateToMiniProgramAppIdList
		{"app ids too many", withPages(`"navigateToMiniProgramAppIdList": ` + appIDs(11)), "navigateToMiniProgramAppIdList", bundle.ErrCount, "at most 10"},
		{"app ids not array", withPages(`"navigateToMiniProgramAppIdList": "wx1"`), "navigateToMiniProgramAppIdList", bundle.ErrType, ""},
		{"app id type", withPages(`"navigateToMiniProgramAppIdList": [1]`), "navigateToMiniProgramAppIdList[0]", bundle.ErrType, ""},
		{"app id empty", withPages(`"navigateToMiniProgramAppIdList": ["wx1", ""]`), "navigateToMiniProgramAppIdList[1]", bundle.ErrBadValue, ""},
		{"app id duplicate", withPages(`"navigateToMiniProgramAppIdList": ["wx1", "wx2", "wx1"]`), "navigateToMiniProgramAppIdList[2]", bundle.ErrDuplicate, "[0]"},

		// requiredPrivateInfos
		{"private info unknown", withPages(`"requiredPrivateInfos": ["getLocation", "getUserInfo"]`), "requiredPrivateInfos[1]", bundle.ErrBadValue, `"getUserInfo"`},
		{"private info type", withPages(`"requiredPrivateInfos": [true]`), "requiredPrivateInfos[0]", bundle.ErrType, ""},
		{"private info duplicate", withPages(`"requiredPrivateInfos": ["chooseAddress", "chooseAddress"]`), "requiredPrivateInfos[1]", bundle.ErrDuplicate, ""},
		{"fuzzy then precise", withPages(`"requiredPrivateInfos": ["getFuzzyLocation", "chooseAddress", "onLocationChange"]`), "requiredPrivateInfos[2]", bundle.ErrConflict, ""},
		{"precise then fuzzy", withPages(`"requiredPrivateInfos": ["startLocationUpdate", "getFuzzyLocation"]`), "requiredPrivateInfos[1]", bundle.ErrConflict, ""},

		// permission
		{"permission not object", withPages(`"permission": []`), "permission", bundle.ErrType, ""},
		{"permission key", withPages(`"permission": {"userLocation": {"desc": "x"}}`), `permission["userLocation"]`, bundle.ErrBadValue, ""},
		{"permission bare scope", withPages(`"permission": {"scope.": {"desc": "x"}}`), `permission["scope."]`, bundle.ErrBadValue, ""},
		{"permission value type", withPages(`"permission": {"scope.userLocation": "x"}`), `permission["scope.userLocation"]`, bundle.ErrType, ""},
		{"permission desc missing", withPages(`"permission": {"scope.userLocation": {}}`), `permission["scope.userLocation"].desc`, bundle.ErrMissingField, ""},
		{"permission desc type", withPages(`"permission": {"scope.userLocation": {"desc": 1}}`), `permission["scope.userLocation"].desc`, bundle.ErrType, ""},
		{"permission first sorted key", withPages(`"permission": {"z": {}, "scope.a": {}, "b": {}}`), `permission["b"]`, bundle.ErrBadValue, ""},

		// networkTimeout
		{"timeout not object", withPages(`"networkTimeout": 1000`), "networkTimeout", bundle.ErrType, ""},
		{"timeout negative", withPages(`"networkTimeout": {"request": -1}`), "networkTimeout.request", bundle.ErrBadValue, "negative"},
		{"timeout negative socket", withPages(`"networkTimeout": {"request": 1, "connectSocket": -5}`), "networkTimeout.connectSocket", bundle.ErrBadValue, ""},
		{"timeout type", withPages(`"networkTimeout": {"uploadFile": "10s"}`), "networkTimeout.uploadFile", bundle.ErrType, ""},
		{"timeout fraction", withPages(`"networkTimeout": {"downloadFile": 0.5}`), "networkTimeout.downloadFile", bundle.ErrType, ""},

		// usingComponents
		{"components not object", withPages(`"usingComponents": []`), "usingComponents", bundle.ErrType, ""},
		{"component path type", withPages(`"usingComponents": {"my-comp": 1}`), `usingComponents["my-comp"]`, bundle.ErrType, ""},
		{"component path empty", withPages(`"usingComponents": {"my-comp": ""}`), `usingComponents["my-comp"]`, bundle.ErrMissingField, ""},
		{"component tag empty", withPages(`"usingComponents": {"": "/c/c"}`), `usingComponents[""]`, bundle.ErrBadValue, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := bundle.ParseAppJSON([]byte(tt.json))
			if a != nil {
				t.Errorf("got config %+v with error", a)
			}
			checkConfigError(t, err, "app.json", tt.field, tt.kind)
			if err != nil && tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestParseAppJSONSyntaxPosition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		json       string
		line, col  int
		wantPrefix string
	}{
		{"trailing comma", "{\n  \"pages\": [\"a\"],\n  }", 3, 3, "app.json:3:3: "},
		{"bad literal", "{\"pages\": [tru]}", 1, 15, "app.json:1:15: "},
		{"second line", "{\n\"pages\" [\"a\"]}", 2, 9, "app.json:2:9: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := bundle.ParseAppJSON([]byte(tt.json))
			ce := checkConfigError(t, err, "app.json", "", bundle.ErrSyntax)
			if ce.Line != tt.line || ce.Column != tt.col {
				t.Errorf("line:col = %d:%d, want %d:%d (%v)", ce.Line, ce.Column, tt.line, tt.col, err)
			}
			if !strings.HasPrefix(err.Error(), tt.wantPrefix) {
				t.Errorf("error %q does not start with %q", err, tt.wantPrefix)
			}
			var se *json.SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("error %q does not wrap a *json.SyntaxError", err)
			}
		})
	}
}

func TestParseAppJSONErrorMessage(t *testing.T) {
	t.Parallel()
	data := withPagesN(2, `"tabBar": {"list": [{"pagePath": "p0", "text": "a"}, {"pagePath": "p1", "text": "b"}, {"pagePath": "pages/x/x", "text": "c"}]}`)
	_, err := bundle.ParseAppJSON([]byte(data))
	want := `app.json: tabBar.list[2].pagePath: page "pages/x/x" is not in pages`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestParseAppJSONDeterministic feeds input with several problems in maps
// (whose iteration order is random) and expects the same error every time.
func TestParseAppJSONDeterministic(t *testing.T) {
	t.Parallel()
	data := []byte(withPages(`"permission": {"q": {}, "c": {}, "x": {}, "a": {}, "m": {}}, "usingComponents": {"z": "", "b": ""}`))
	_, first := bundle.ParseAppJSON(data)
	if first == nil {
		t.Fatal("want an error")
	}
	for range 50 {
		if _, err := bundle.ParseAppJSON(data); err.Error() != first.Error() {
			t.Fatalf("error %q differs from %q", err, first)
		}
	}
	if want := `permission["a"]`; !strings.Contains(first.Error(), want) {
		t.Errorf("error %q does not name the first sorted key %s", first, want)
	}
}

func TestParseAppJSONValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		json  string
		check func(t *testing.T, a *bundle.AppConfig)
	}{
		{"minimal", `{"pages": ["pages/index/index"]}`, func(t *testing.T, a *bundle.AppConfig) {
			if !slices.Equal(a.Pages, []string{"pages/index/index"}) {
				t.Errorf("Pages = %q", a.Pages)
			}
			if a.Window != nil || a.TabBar != nil || a.Subpackages != nil || a.NetworkTimeout != nil || a.Extra != nil {
				t.Errorf("unexpected non-nil fields: %+v", a)
			}
		}},
		{"byte order mark", "\uFEFF" + `{"pages": ["a"]}`, func(t *testing.T, a *bundle.AppConfig) {
			if len(a.Pages) != 1 {
				t.Errorf("Pages = %q", a.Pages)
			}
		}},
		{"nulls are absent", withPages(`"window": null, "tabBar": null, "entryPagePath": null, "subpackages": null`), func(t *testing.T, a *bundle.AppConfig) {
			if a.Window != nil || a.TabBar != nil || a.EntryPagePath != "" || a.Subpackages != nil {
				t.Errorf("null fields were decoded: %+v", a)
			}
		}},
		{"window", withPages(`"window": {"navigationBarTitleText": "T", "navigationBarTextStyle": "white", "navigationStyle": "custom",
			"backgroundTextStyle": "light", "pageOrientation": "auto", "enablePullDownRefresh": true, "onReachBottomDistance": 0,
			"backgroundColor": "#eeeeee", "homeButton": true}`), func(t *testing.T, a *bundle.AppConfig) {
			w := a.Window
			if w.NavigationBarTitleText != "T" || w.NavigationBarTextStyle != "white" || w.NavigationStyle != "custom" ||
				w.BackgroundTextStyle != "light" || w.PageOrientation != "auto" || !w.EnablePullDownRefresh || w.BackgroundColor != "#eeeeee" {
				t.Errorf("Window = %+v", w)
			}
			if !w.IsSet("onReachBottomDistance") || w.IsSet("navigationBarBackgroundColor") || w.IsSet("homeButton") {
				t.Errorf("IsSet wrong for %+v", w)
			}
			if string(w.Extra["homeButton"]) != "true" || len(w.Extra) != 1 {
				t.Errorf("Window.Extra = %s", w.Extra)
			}
		}},
		{"tabBar two", withPagesN(2, tabs(2)), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.TabBar.List) != 2 || a.TabBar.List[1].PagePath != "p1" || a.TabBar.List[1].Text != "T1" {
				t.Errorf("TabBar = %+v", a.TabBar)
			}
		}},
		{"tabBar five", withPagesN(5, tabs(5)), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.TabBar.List) != 5 {
				t.Errorf("TabBar = %+v", a.TabBar)
			}
		}},
		{"tabBar fields", withPages(`"tabBar": {"color": "#111", "selectedColor": "#222", "backgroundColor": "#333", "borderStyle": "white",
			"position": "top", "custom": true, "list": [{"pagePath": "pages/index/index", "text": "a", "iconPath": "i.png", "selectedIconPath": "s.png", "badge": 1},
			{"pagePath": "pages/logs/logs", "text": "b"}], "midButton": {}}`), func(t *testing.T, a *bundle.AppConfig) {
			tb := a.TabBar
			if tb.Color != "#111" || tb.SelectedColor != "#222" || tb.BackgroundColor != "#333" || tb.BorderStyle != "white" || tb.Position != "top" || !tb.Custom {
				t.Errorf("TabBar = %+v", tb)
			}
			if it := tb.List[0]; it.IconPath != "i.png" || it.SelectedIconPath != "s.png" || string(it.Extra["badge"]) != "1" {
				t.Errorf("List[0] = %+v", it)
			}
			if _, ok := tb.Extra["midButton"]; !ok {
				t.Errorf("TabBar.Extra = %s", tb.Extra)
			}
		}},
		{"subpackages", withPages(`"subpackages": [{"root": "packageA/", "name": "a", "pages": ["pages/cat/cat", "pages/dog/dog"], "plugins": {}},
			{"root": "packageB", "pages": ["index"], "independent": true}], "entryPagePath": "packageB/index"`), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.Subpackages) != 2 {
				t.Fatalf("Subpackages = %+v", a.Subpackages)
			}
			s := a.Subpackages[0]
			if s.Root != "packageA/" || s.Name != "a" || s.Independent || !slices.Equal(s.Routes(), []string{"packageA/pages/cat/cat", "packageA/pages/dog/dog"}) {
				t.Errorf("Subpackages[0] = %+v, routes %q", s, s.Routes())
			}
			if _, ok := s.Extra["plugins"]; !ok {
				t.Errorf("Subpackages[0].Extra = %s", s.Extra)
			}
			if !a.Subpackages[1].Independent || a.EntryPagePath != "packageB/index" {
				t.Errorf("Subpackages[1] = %+v, entry %q", a.Subpackages[1], a.EntryPagePath)
			}
		}},
		{"subPackages spelling", withPages(`"subPackages": [{"root": "sub", "pages": ["a"]}]`), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.Subpackages) != 1 || a.Subpackages[0].Root != "sub" {
				t.Errorf("Subpackages = %+v", a.Subpackages)
			}
			if _, ok := a.Extra["subPackages"]; ok {
				t.Error("subPackages leaked into Extra")
			}
		}},
		{"sibling roots sharing a prefix", withPages(`"subpackages": [{"root": "sub", "pages": ["a"]}, {"root": "sub2", "pages": ["a"]}]`), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.Subpackages) != 2 {
				t.Errorf("Subpackages = %+v", a.Subpackages)
			}
		}},
		{"entry main page", withPages(`"entryPagePath": "pages/logs/logs"`), func(t *testing.T, a *bundle.AppConfig) {
			if a.EntryPagePath != "pages/logs/logs" {
				t.Errorf("EntryPagePath = %q", a.EntryPagePath)
			}
		}},
		{"ten app ids", withPages(`"navigateToMiniProgramAppIdList": ` + appIDs(10)), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.NavigateToMiniProgramAppIdList) != 10 {
				t.Errorf("NavigateToMiniProgramAppIdList = %q", a.NavigateToMiniProgramAppIdList)
			}
		}},
		{"precise private infos", withPages(`"requiredPrivateInfos": ["getLocation", "onLocationChange", "startLocationUpdate", "startLocationUpdateBackground", "chooseLocation", "choosePoi", "chooseAddress"]`),
			func(t *testing.T, a *bundle.AppConfig) {
				if len(a.RequiredPrivateInfos) != 7 {
					t.Errorf("RequiredPrivateInfos = %q", a.RequiredPrivateInfos)
				}
			}},
		{"fuzzy private infos", withPages(`"requiredPrivateInfos": ["getFuzzyLocation", "chooseLocation", "choosePoi", "chooseAddress"]`), func(t *testing.T, a *bundle.AppConfig) {
			if len(a.RequiredPrivateInfos) != 4 {
				t.Errorf("RequiredPrivateInfos = %q", a.RequiredPrivateInfos)
			}
		}},
		{"permission", withPages(`"permission": {"scope.userLocation": {"desc": "near you"}, "scope.userFuzzyLocation": {"desc": "city"}}`), func(t *testing.T, a *bundle.AppConfig) {
			if a.Permission["scope.userLocation"].Desc != "near you" || a.Permission["scope.userFuzzyLocation"].Desc != "city" || len(a.Permission) != 2 {
				t.Errorf("Permission = %+v", a.Permission)
			}
		}},
		{"network timeout", withPages(`"networkTimeout": {"request": 10000, "connectSocket": 0, "uploadFile": 2e4, "downloadFile": 30000, "other": 1}`), func(t *testing.T, a *bundle.AppConfig) {
			nt := a.NetworkTimeout
			if nt.Request != 10000 || nt.ConnectSocket != 0 || nt.UploadFile != 20000 || nt.DownloadFile != 30000 || string(nt.Extra["other"]) != "1" {
				t.Errorf("NetworkTimeout = %+v", nt)
			}
		}},
		{"components", withPages(`"usingComponents": {"van-button": "@vant/weapp/button/index", "x": "/components/x/x"}`), func(t *testing.T, a *bundle.AppConfig) {
			if a.UsingComponents["van-button"] != "@vant/weapp/button/index" || len(a.UsingComponents) != 2 {
				t.Errorf("UsingComponents = %q", a.UsingComponents)
			}
		}},
		{"unknown keys kept", withPages(`"sitemapLocation": "sitemap.json", "style": "v2", "lazyCodeLoading": "requiredComponents", "debug": true`), func(t *testing.T, a *bundle.AppConfig) {
			want := map[string]string{"sitemapLocation": `"sitemap.json"`, "style": `"v2"`, "lazyCodeLoading": `"requiredComponents"`, "debug": "true"}
			if len(a.Extra) != len(want) {
				t.Errorf("Extra = %s", a.Extra)
			}
			for k, v := range want {
				if string(a.Extra[k]) != v {
					t.Errorf("Extra[%q] = %s, want %s", k, a.Extra[k], v)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := bundle.ParseAppJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("ParseAppJSON: %v", err)
			}
			tt.check(t, a)
		})
	}
}
