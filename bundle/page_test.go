package bundle_test

import (
	"testing"

	"github.com/minihost/minihost/bundle"
)

func TestParsePageConfigInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		json  string
		field string
		kind  error
	}{
		{"syntax", `{"navigationBarTitleText": }`, "", bundle.ErrSyntax},
		{"not object", `"title"`, "", bundle.ErrType},
		{"text style", `{"navigationBarTextStyle": "blue"}`, "navigationBarTextStyle", bundle.ErrBadValue},
		{"navigation style", `{"navigationStyle": "hidden"}`, "navigationStyle", bundle.ErrBadValue},
		{"background text style", `{"backgroundTextStyle": 1}`, "backgroundTextStyle", bundle.ErrType},
		{"orientation", `{"pageOrientation": "upside-down"}`, "pageOrientation", bundle.ErrBadValue},
		{"pull down type", `{"enablePullDownRefresh": 1}`, "enablePullDownRefresh", bundle.ErrType},
		{"disable scroll type", `{"disableScroll": "true"}`, "disableScroll", bundle.ErrType},
		{"reach bottom negative", `{"onReachBottomDistance": -50}`, "onReachBottomDistance", bundle.ErrBadValue},
		{"reach bottom type", `{"onReachBottomDistance": "50px"}`, "onReachBottomDistance", bundle.ErrType},
		{"component type", `{"component": "yes"}`, "component", bundle.ErrType},
		{"components type", `{"usingComponents": ["a"]}`, "usingComponents", bundle.ErrType},
		{"component path empty", `{"usingComponents": {"a": "/a", "b": ""}}`, `usingComponents["b"]`, bundle.ErrMissingField},
		{"component path type", `{"usingComponents": {"a": {}}}`, `usingComponents["a"]`, bundle.ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pc, err := bundle.ParsePageConfig("pages/a/a", []byte(tt.json))
			if pc != nil {
				t.Errorf("got config %+v with error", pc)
			}
			checkConfigError(t, err, "pages/a/a.json", tt.field, tt.kind)
		})
	}
}

func TestParsePageConfigValid(t *testing.T) {
	t.Parallel()
	data := `{
		"navigationBarTitleText": "Cart",
		"navigationBarBackgroundColor": "#ff0000",
		"navigationBarTextStyle": "black",
		"navigationStyle": "custom",
		"backgroundColor": "#eee",
		"backgroundTextStyle": "light",
		"backgroundColorTop": "#111",
		"backgroundColorBottom": "#222",
		"enablePullDownRefresh": false,
		"onReachBottomDistance": 100,
		"pageOrientation": "landscape",
		"disableScroll": true,
		"component": true,
		"usingComponents": {"cell": "/components/cell/cell"},
		"styleIsolation": "apply-shared",
		"componentGenerics": {"selectable": true}
	}`
	pc, err := bundle.ParsePageConfig("pages/cart/cart", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := bundle.WindowOptions{
		NavigationBarTitleText:       "Cart",
		NavigationBarBackgroundColor: "#ff0000",
		NavigationBarTextStyle:       "black",
		NavigationStyle:              "custom",
		BackgroundColor:              "#eee",
		BackgroundTextStyle:          "light",
		BackgroundColorTop:           "#111",
		BackgroundColorBottom:        "#222",
		OnReachBottomDistance:        100,
		PageOrientation:              "landscape",
		DisableScroll:                true,
	}
	got := pc.WindowOptions
	if got.NavigationBarTitleText != want.NavigationBarTitleText ||
		got.NavigationBarBackgroundColor != want.NavigationBarBackgroundColor ||
		got.NavigationBarTextStyle != want.NavigationBarTextStyle ||
		got.NavigationStyle != want.NavigationStyle ||
		got.BackgroundColor != want.BackgroundColor ||
		got.BackgroundTextStyle != want.BackgroundTextStyle ||
		got.BackgroundColorTop != want.BackgroundColorTop ||
		got.BackgroundColorBottom != want.BackgroundColorBottom ||
		got.EnablePullDownRefresh != want.EnablePullDownRefresh ||
		got.OnReachBottomDistance != want.OnReachBottomDistance ||
		got.PageOrientation != want.PageOrientation ||
		got.DisableScroll != want.DisableScroll {
		t.Errorf("WindowOptions = %+v, want %+v", got, want)
	}
	if !pc.IsSet("enablePullDownRefresh") || pc.IsSet("nonsense") {
		t.Error("IsSet: enablePullDownRefresh was set explicitly to false; nonsense is no window key")
	}
	if !pc.Component || pc.UsingComponents["cell"] != "/components/cell/cell" || len(pc.UsingComponents) != 1 {
		t.Errorf("Component, UsingComponents = %v, %q", pc.Component, pc.UsingComponents)
	}
	if string(pc.Extra["styleIsolation"]) != `"apply-shared"` || len(pc.Extra) != 2 {
		t.Errorf("Extra = %s", pc.Extra)
	}
}

func TestParsePageConfigEmpty(t *testing.T) {
	t.Parallel()
	pc, err := bundle.ParsePageConfig("p", []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"navigationBarTitleText", "enablePullDownRefresh", "onReachBottomDistance"} {
		if pc.IsSet(k) {
			t.Errorf("IsSet(%q) on an empty config", k)
		}
	}
	if pc.UsingComponents != nil || pc.Extra != nil || pc.Component {
		t.Errorf("empty config = %+v", pc)
	}
}
