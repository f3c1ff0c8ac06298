package bundle

import (
	"encoding/json"
	"slices"
	"strings"
)

// WindowOptions are the window settings shared by app.json's "window"
// object and page configuration files ("<route>.json"), where the page's
// values override the app's for that page. Colors are kept as written (not
// validated); enumerated strings are validated when present.
//
// Besides the exported fields a WindowOptions remembers which keys its file
// actually set, which Bundle.PageWindow uses to merge app and page settings;
// two values that differ only in that record are not == or DeepEqual.
type WindowOptions struct {
	// NavigationBarBackgroundColor is a HexColor such as "#000000".
	NavigationBarBackgroundColor string `json:"navigationBarBackgroundColor,omitempty"`
	// NavigationBarTextStyle is "black" or "white" (WeChat's default).
	NavigationBarTextStyle string `json:"navigationBarTextStyle,omitempty"`
	// NavigationBarTitleText is the page title.
	NavigationBarTitleText string `json:"navigationBarTitleText,omitempty"`
	// NavigationStyle is "default" or "custom" (only the capsule button is
	// kept).
	NavigationStyle string `json:"navigationStyle,omitempty"`
	// BackgroundColor is the window's background HexColor.
	BackgroundColor string `json:"backgroundColor,omitempty"`
	// BackgroundTextStyle is the pull-down loading style, "dark" or "light".
	BackgroundTextStyle string `json:"backgroundTextStyle,omitempty"`
	// BackgroundColorTop and BackgroundColorBottom color the areas revealed
	// by over-scrolling (iOS only in WeChat).
	BackgroundColorTop    string `json:"backgroundColorTop,omitempty"`
	BackgroundColorBottom string `json:"backgroundColorBottom,omitempty"`
	// EnablePullDownRefresh enables Page.onPullDownRefresh.
	EnablePullDownRefresh bool `json:"enablePullDownRefresh,omitempty"`
	// OnReachBottomDistance is in px, non-negative (WeChat's default is 50).
	OnReachBottomDistance int `json:"onReachBottomDistance,omitempty"`
	// PageOrientation is "portrait", "landscape" or "auto".
	PageOrientation string `json:"pageOrientation,omitempty"`
	// DisableScroll only has an effect in a page configuration; PageWindow
	// ignores it in app.json, as WeChat does.
	DisableScroll bool `json:"disableScroll,omitempty"`

	set uint32 // bit i set: windowKeys[i] was present in the file
}

// windowKeys lists WindowOptions' JSON keys; the index is the bit in set.
var windowKeys = []string{
	"navigationBarBackgroundColor",
	"navigationBarTextStyle",
	"navigationBarTitleText",
	"navigationStyle",
	"backgroundColor",
	"backgroundTextStyle",
	"backgroundColorTop",
	"backgroundColorBottom",
	"enablePullDownRefresh",
	"onReachBottomDistance",
	"pageOrientation",
	"disableScroll",
}

// windowEnums holds the allowed values of enumerated window keys.
var windowEnums = map[string][]string{
	"navigationBarTextStyle": {"black", "white"},
	"navigationStyle":        {"default", "custom"},
	"backgroundTextStyle":    {"dark", "light"},
	"pageOrientation":        {"portrait", "landscape", "auto"},
}

// IsSet reports whether the file this value was parsed from set the window
// key (a JSON name such as "enablePullDownRefresh"), even to its zero value.
func (w *WindowOptions) IsSet(key string) bool {
	i := slices.Index(windowKeys, key)
	return i >= 0 && w.set&(1<<i) != 0
}

// DefaultWindow returns WeChat's default window settings, the base that
// Bundle.PageWindow merges app.json's window and the page's file onto.
func DefaultWindow() WindowOptions {
	return WindowOptions{
		NavigationBarBackgroundColor: "#000000",
		NavigationBarTextStyle:       "white",
		NavigationStyle:              "default",
		BackgroundColor:              "#ffffff",
		BackgroundTextStyle:          "dark",
		BackgroundColorTop:           "#ffffff",
		BackgroundColorBottom:        "#ffffff",
		OnReachBottomDistance:        50,
		PageOrientation:              "portrait",
	}
}

// overlay returns w with every key that over's file set replaced by over's
// value. Keys in skip are not copied.
func (w WindowOptions) overlay(over *WindowOptions, skip ...string) WindowOptions {
	copyIf := func(key string, apply func()) {
		if over.IsSet(key) && !slices.Contains(skip, key) {
			apply()
			w.set |= 1 << slices.Index(windowKeys, key)
		}
	}
	copyIf("navigationBarBackgroundColor", func() { w.NavigationBarBackgroundColor = over.NavigationBarBackgroundColor })
	copyIf("navigationBarTextStyle", func() { w.NavigationBarTextStyle = over.NavigationBarTextStyle })
	copyIf("navigationBarTitleText", func() { w.NavigationBarTitleText = over.NavigationBarTitleText })
	copyIf("navigationStyle", func() { w.NavigationStyle = over.NavigationStyle })
	copyIf("backgroundColor", func() { w.BackgroundColor = over.BackgroundColor })
	copyIf("backgroundTextStyle", func() { w.BackgroundTextStyle = over.BackgroundTextStyle })
	copyIf("backgroundColorTop", func() { w.BackgroundColorTop = over.BackgroundColorTop })
	copyIf("backgroundColorBottom", func() { w.BackgroundColorBottom = over.BackgroundColorBottom })
	copyIf("enablePullDownRefresh", func() { w.EnablePullDownRefresh = over.EnablePullDownRefresh })
	copyIf("onReachBottomDistance", func() { w.OnReachBottomDistance = over.OnReachBottomDistance })
	copyIf("pageOrientation", func() { w.PageOrientation = over.PageOrientation })
	copyIf("disableScroll", func() { w.DisableScroll = over.DisableScroll })
	return w
}

// decodeWindow reads the window keys of o (taking them, so they do not land
// in Extra) and validates them.
func decodeWindow(o *object) WindowOptions {
	var w WindowOptions
	for i, k := range windowKeys {
		if o.has(k) {
			w.set |= 1 << i
		}
	}
	w.NavigationBarBackgroundColor = o.str("navigationBarBackgroundColor")
	w.NavigationBarTextStyle = o.str("navigationBarTextStyle")
	w.NavigationBarTitleText = o.str("navigationBarTitleText")
	w.NavigationStyle = o.str("navigationStyle")
	w.BackgroundColor = o.str("backgroundColor")
	w.BackgroundTextStyle = o.str("backgroundTextStyle")
	w.BackgroundColorTop = o.str("backgroundColorTop")
	w.BackgroundColorBottom = o.str("backgroundColorBottom")
	w.EnablePullDownRefresh = o.boolean("enablePullDownRefresh")
	w.OnReachBottomDistance = o.integer("onReachBottomDistance")
	w.PageOrientation = o.str("pageOrientation")
	w.DisableScroll = o.boolean("disableScroll")

	values := map[string]string{
		"navigationBarTextStyle": w.NavigationBarTextStyle,
		"navigationStyle":        w.NavigationStyle,
		"backgroundTextStyle":    w.BackgroundTextStyle,
		"pageOrientation":        w.PageOrientation,
	}
	for _, k := range windowKeys { // fixed order
		allowed, ok := windowEnums[k]
		if ok && w.IsSet(k) && !slices.Contains(allowed, values[k]) {
			o.d.fail(field(o.path, k), ErrBadValue, "%q is not one of %s", values[k], strings.Join(allowed, ", "))
		}
	}
	if w.OnReachBottomDistance < 0 {
		o.d.fail(field(o.path, "onReachBottomDistance"), ErrBadValue, "must not be negative, got %d", w.OnReachBottomDistance)
	}
	return w
}

// PageConfig is the content of a page's "<route>.json" file: window
// settings that override app.json's window for this page, the page's
// custom components, and every other key in Extra.
type PageConfig struct {
	WindowOptions
	// UsingComponents maps a tag name to a component path (relative, absolute
	// within the bundle, or a plugin:// URL); never validated beyond being a
	// non-empty string.
	UsingComponents map[string]string `json:"usingComponents,omitempty"`
	// Component is true when the file describes a custom component rather
	// than a page.
	Component bool `json:"component,omitempty"`
	// Extra holds every key not typed above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// ParsePageConfig parses and validates the content of the page
// configuration file of route ("<route>.json", the name used in errors).
// Problems are reported as a *ConfigError.
func ParsePageConfig(route string, data []byte) (*PageConfig, error) {
	d := &decoder{file: route + ".json"}
	o := d.root(data)
	if o == nil {
		return nil, d.err
	}
	pc := &PageConfig{WindowOptions: decodeWindow(o)}
	pc.UsingComponents = decodeComponents(o)
	pc.Component = o.boolean("component")
	pc.Extra = o.extra()
	if d.err != nil {
		return nil, d.err
	}
	return pc, nil
}

// decodeComponents reads and validates a usingComponents object.
func decodeComponents(o *object) map[string]string {
	m := o.stringMap("usingComponents")
	if o.d.err != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	path := field(o.path, "usingComponents")
	for _, k := range keys {
		switch {
		case strings.TrimSpace(k) == "":
			o.d.fail(mapKey(path, k), ErrBadValue, "component tag name must not be empty")
		case m[k] == "":
			o.d.fail(mapKey(path, k), ErrMissingField, "component path must not be empty")
		}
	}
	return m
}
