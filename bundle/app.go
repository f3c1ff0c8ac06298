package bundle

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// AppConfig is the content of app.json, the mini program's global
// configuration. Field names follow WeChat's app.json; keys this package
// does not type are kept verbatim in Extra.
//
// Build one with ParseAppJSON (or Load), which validates it; the json tags
// only document the key names and allow marshalling.
type AppConfig struct {
	// Pages lists the main package's page routes ("pages/index/index",
	// without extension). The first is the home page unless EntryPagePath
	// is set. Never empty.
	Pages []string `json:"pages"`
	// EntryPagePath, if set, is the home page: any route of Pages or of a
	// subpackage.
	EntryPagePath string `json:"entryPagePath,omitempty"`
	// Window holds the default window settings of every page, nil if absent.
	Window *WindowConfig `json:"window,omitempty"`
	// TabBar, nil if absent, lists the tab pages.
	TabBar *TabBar `json:"tabBar,omitempty"`
	// Subpackages is read from either "subpackages" or "subPackages".
	Subpackages []Subpackage `json:"subpackages,omitempty"`
	// NavigateToMiniProgramAppIdList lists the app ids that
	// wx.navigateToMiniProgram may open (at most 10).
	NavigateToMiniProgramAppIdList []string `json:"navigateToMiniProgramAppIdList,omitempty"`
	// Permission maps a scope ("scope.userLocation") to the reason shown to
	// the user when the app asks for it.
	Permission map[string]PermissionDesc `json:"permission,omitempty"`
	// RequiredPrivateInfos declares the location APIs the app calls.
	RequiredPrivateInfos []string `json:"requiredPrivateInfos,omitempty"`
	// NetworkTimeout, nil if absent, sets network API timeouts.
	NetworkTimeout *NetworkTimeout `json:"networkTimeout,omitempty"`
	// UsingComponents declares custom components available to every page.
	UsingComponents map[string]string `json:"usingComponents,omitempty"`
	// Extra holds every top-level key not typed above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`

	subKey string // "subpackages" or "subPackages", as written
}

// WindowConfig is app.json's "window" object.
type WindowConfig struct {
	WindowOptions
	// Extra holds every window key not typed in WindowOptions.
	Extra map[string]json.RawMessage `json:"-"`
}

// TabBar is app.json's "tabBar" object.
type TabBar struct {
	Color           string `json:"color,omitempty"`
	SelectedColor   string `json:"selectedColor,omitempty"`
	BackgroundColor string `json:"backgroundColor,omitempty"`
	// BorderStyle is "black" or "white".
	BorderStyle string `json:"borderStyle,omitempty"`
	// Position is "bottom" or "top".
	Position string `json:"position,omitempty"`
	// Custom is true when the app renders its own tab bar component.
	Custom bool `json:"custom,omitempty"`
	// List holds 2 to 5 items, each a distinct main-package page.
	List []TabBarItem `json:"list"`
	// Extra holds every tabBar key not typed above.
	Extra map[string]json.RawMessage `json:"-"`
}

// TabBarItem is one entry of tabBar.list.
type TabBarItem struct {
	// PagePath is a route of AppConfig.Pages (never a subpackage page).
	PagePath string `json:"pagePath"`
	// Text is the tab's label, never empty.
	Text             string `json:"text"`
	IconPath         string `json:"iconPath,omitempty"`
	SelectedIconPath string `json:"selectedIconPath,omitempty"`
	// Extra holds every item key not typed above.
	Extra map[string]json.RawMessage `json:"-"`
}

// Subpackage is one entry of app.json's "subpackages".
type Subpackage struct {
	// Name is an optional alias, unique when set.
	Name string `json:"name,omitempty"`
	// Root is the subpackage's directory, e.g. "packageA" (a trailing "/"
	// is allowed). Unique and never nested in another root.
	Root string `json:"root"`
	// Pages are routes relative to Root; see Routes for the full ones.
	Pages []string `json:"pages"`
	// Independent subpackages can start without the main package.
	Independent bool `json:"independent,omitempty"`
	// Extra holds every subpackage key not typed above.
	Extra map[string]json.RawMessage `json:"-"`
}

// Routes returns the full routes of the subpackage's pages, Root joined
// with each entry of Pages, e.g. "packageA/pages/cat/cat".
func (s *Subpackage) Routes() []string {
	root := strings.TrimSuffix(s.Root, "/")
	out := make([]string, len(s.Pages))
	for i, p := range s.Pages {
		out[i] = root + "/" + p
	}
	return out
}

// PermissionDesc is one value of app.json's "permission" object.
type PermissionDesc struct {
	// Desc explains to the user why the scope is needed; never empty.
	Desc string `json:"desc"`
	// Extra holds every key not typed above.
	Extra map[string]json.RawMessage `json:"-"`
}

// NetworkTimeout is app.json's "networkTimeout" object; values are
// non-negative milliseconds, zero meaning "not set".
type NetworkTimeout struct {
	Request       int `json:"request,omitempty"`
	ConnectSocket int `json:"connectSocket,omitempty"`
	UploadFile    int `json:"uploadFile,omitempty"`
	DownloadFile  int `json:"downloadFile,omitempty"`
	// Extra holds every key not typed above.
	Extra map[string]json.RawMessage `json:"-"`
}

// MaxAppIDList is the most entries navigateToMiniProgramAppIdList may hold.
const MaxAppIDList = 10

// privateInfos lists the values requiredPrivateInfos accepts, in WeChat's
// documented order. The first (fuzzy location) excludes the next four
// (precise location).
var privateInfos = []string{
	"getFuzzyLocation",
	"getLocation",
	"onLocationChange",
	"startLocationUpdate",
	"startLocationUpdateBackground",
	"chooseLocation",
	"choosePoi",
	"chooseAddress",
}

// ParseAppJSON parses and validates the content of app.json alone: JSON
// syntax, types of known fields and every rule that needs no file (page
// files are checked by Load). Problems are reported as a *ConfigError with
// File "app.json"; the first one found, in a fixed order, is returned.
func ParseAppJSON(data []byte) (*AppConfig, error) {
	d := &decoder{file: "app.json"}
	o := d.root(data)
	if o == nil {
		return nil, d.err
	}
	a := &AppConfig{}
	seen := make(map[string]string) // full route -> field path that listed it

	// pages
	if !o.has("pages") {
		o.take("pages")
		d.fail("pages", ErrMissingField, "must list at least one page")
	}
	a.Pages = o.strings("pages")
	if d.err == nil && len(a.Pages) == 0 {
		d.fail("pages", ErrMissingField, "must list at least one page")
	}
	for i, p := range a.Pages {
		addRoute(d, seen, index("pages", i), p, p)
	}

	a.EntryPagePath = o.str("entryPagePath")
	hasEntry := o.has("entryPagePath")

	if w := o.object("window"); w != nil {
		a.Window = &WindowConfig{WindowOptions: decodeWindow(w)}
		a.Window.Extra = w.extra()
	}

	if t := o.object("tabBar"); t != nil {
		a.TabBar = decodeTabBar(t, a.Pages)
	}

	a.Subpackages, a.subKey = decodeSubpackages(o, seen)

	if hasEntry && d.err == nil {
		if msg := checkRoute("page route", a.EntryPagePath); msg != "" {
			d.fail("entryPagePath", ErrBadRoute, "%s", msg)
		} else if _, ok := seen[a.EntryPagePath]; !ok {
			d.fail("entryPagePath", ErrUnknownPage, "page %q is not in pages or subpackages", a.EntryPagePath)
		}
	}

	a.NavigateToMiniProgramAppIdList = decodeAppIDList(o)
	a.Permission = decodePermission(o)
	a.RequiredPrivateInfos = decodePrivateInfos(o)
	a.NetworkTimeout = decodeNetworkTimeout(o)
	a.UsingComponents = decodeComponents(o)
	a.Extra = o.extra()
	if d.err != nil {
		return nil, d.err
	}
	return a, nil
}

// checkRoute returns why route is not a valid page route (or, with noun
// "subpackage root", a valid root), or "".
func checkRoute(noun, route string) string {
	switch {
	case route == "":
		return noun + " must not be empty"
	case strings.HasPrefix(route, "/"):
		return fmt.Sprintf("%s %q must not start with \"/\"", noun, route)
	case strings.HasSuffix(route, ".js"):
		return fmt.Sprintf("%s %q must not end in \".js\" (list routes without extension)", noun, route)
	case strings.Contains(route, `\`):
		return fmt.Sprintf("%s %q must not contain a backslash", noun, route)
	case strings.Contains(route, ".."):
		return fmt.Sprintf("%s %q must not contain \"..\"", noun, route)
	case !fs.ValidPath(route) || route == ".":
		return fmt.Sprintf("%s %q is not a clean slash-separated path", noun, route)
	}
	return ""
}

// addRoute validates one page route listed at path (rel is the value as
// written, full the route including any subpackage root) and records it in
// seen, reporting duplicates.
func addRoute(d *decoder, seen map[string]string, path, rel, full string) {
	if d.err != nil {
		return
	}
	if msg := checkRoute("page route", rel); msg != "" {
		d.fail(path, ErrBadRoute, "%s", msg)
		return
	}
	if prev, dup := seen[full]; dup {
		d.fail(path, ErrDuplicate, "page %q is already listed at %s", full, prev)
		return
	}
	seen[full] = path
}

// decodeTabBar reads and validates tabBar; mainPages are app.json's pages.
func decodeTabBar(t *object, mainPages []string) *TabBar {
	d := t.d
	tb := &TabBar{
		Color:           t.str("color"),
		SelectedColor:   t.str("selectedColor"),
		BackgroundColor: t.str("backgroundColor"),
		BorderStyle:     t.str("borderStyle"),
		Position:        t.str("position"),
		Custom:          t.boolean("custom"),
	}
	if t.has("borderStyle") && tb.BorderStyle != "black" && tb.BorderStyle != "white" {
		d.fail("tabBar.borderStyle", ErrBadValue, "%q is not one of black, white", tb.BorderStyle)
	}
	if t.has("position") && tb.Position != "bottom" && tb.Position != "top" {
		d.fail("tabBar.position", ErrBadValue, "%q is not one of bottom, top", tb.Position)
	}
	if !t.has("list") {
		d.fail("tabBar.list", ErrMissingField, "must list 2 to 5 tabs")
	}
	items := t.array("list")
	if d.err == nil && (len(items) < 2 || len(items) > 5) {
		d.fail("tabBar.list", ErrCount, "must list 2 to 5 tabs, got %d", len(items))
	}
	seen := make(map[string]int)
	for i, raw := range items {
		path := index("tabBar.list", i)
		it := d.object(path, raw)
		if it == nil {
			break
		}
		item := TabBarItem{
			PagePath:         it.str("pagePath"),
			Text:             it.str("text"),
			IconPath:         it.str("iconPath"),
			SelectedIconPath: it.str("selectedIconPath"),
		}
		item.Extra = it.extra()
		pp := field(path, "pagePath")
		switch {
		case d.err != nil:
		case item.PagePath == "":
			d.fail(pp, ErrMissingField, "tab page path must not be empty")
		case !slices.Contains(mainPages, item.PagePath):
			d.fail(pp, ErrUnknownPage, "page %q is not in pages", item.PagePath)
		case seen[item.PagePath] > 0:
			d.fail(pp, ErrDuplicate, "page %q is already a tab at tabBar.list[%d]", item.PagePath, seen[item.PagePath]-1)
		case item.Text == "":
			d.fail(field(path, "text"), ErrMissingField, "tab text must not be empty")
		}
		seen[item.PagePath] = i + 1
		tb.List = append(tb.List, item)
	}
	tb.Extra = t.extra()
	return tb
}

// decodeSubpackages reads "subpackages" or "subPackages" and validates
// roots and pages; seen holds the routes listed so far.
func decodeSubpackages(o *object, seen map[string]string) ([]Subpackage, string) {
	d := o.d
	key := "subpackages"
	if o.has("subPackages") {
		if o.has("subpackages") {
			d.fail("subPackages", ErrConflict, `both "subpackages" and "subPackages" are set; use one`)
			return nil, ""
		}
		key = "subPackages"
	}
	elems := o.array(key)
	var subs []Subpackage
	roots := make([]string, 0, len(elems)) // normalized, index = subpackage
	names := make(map[string]int)
	for i, raw := range elems {
		path := index(key, i)
		so := d.object(path, raw)
		if so == nil {
			break
		}
		s := Subpackage{
			Name:        so.str("name"),
			Root:        so.str("root"),
			Independent: so.boolean("independent"),
		}
		rootPath := field(path, "root")
		root := strings.TrimSuffix(s.Root, "/")
		switch {
		case d.err != nil:
		case s.Root == "":
			d.fail(rootPath, ErrMissingField, "subpackage root must not be empty")
		case checkRoute("subpackage root", root) != "":
			d.fail(rootPath, ErrBadRoute, "%s", checkRoute("subpackage root", s.Root))
		}
		for j, r := range roots {
			if d.err != nil {
				break
			}
			other := field(index(key, j), "root")
			switch {
			case r == root:
				d.fail(rootPath, ErrDuplicate, "root %q is already used by %s", s.Root, other)
			case strings.HasPrefix(root, r+"/"):
				d.fail(rootPath, ErrConflict, "root %q is nested in %s %q", s.Root, other, r)
			case strings.HasPrefix(r, root+"/"):
				d.fail(rootPath, ErrConflict, "root %q contains %s %q", s.Root, other, r)
			}
		}
		roots = append(roots, root)
		if s.Name != "" && d.err == nil {
			if j, dup := names[s.Name]; dup {
				d.fail(field(path, "name"), ErrDuplicate, "name %q is already used by %s", s.Name, index(key, j))
			}
			names[s.Name] = i
		}
		pagesPath := field(path, "pages")
		if d.err == nil && !so.has("pages") {
			d.fail(pagesPath, ErrMissingField, "must list at least one page")
		}
		s.Pages = so.strings("pages")
		if d.err == nil && len(s.Pages) == 0 {
			d.fail(pagesPath, ErrMissingField, "must list at least one page")
		}
		for j, p := range s.Pages {
			addRoute(d, seen, index(pagesPath, j), p, root+"/"+p)
		}
		s.Extra = so.extra()
		subs = append(subs, s)
	}
	if d.err != nil {
		return nil, ""
	}
	return subs, key
}

func decodeAppIDList(o *object) []string {
	const key = "navigateToMiniProgramAppIdList"
	d := o.d
	ids := o.strings(key)
	if len(ids) > MaxAppIDList {
		d.fail(key, ErrCount, "must list at most %d app ids, got %d", MaxAppIDList, len(ids))
	}
	seen := make(map[string]int)
	for i, id := range ids {
		switch j, dup := seen[id]; {
		case strings.TrimSpace(id) == "":
			d.fail(index(key, i), ErrBadValue, "app id must not be empty")
		case dup:
			d.fail(index(key, i), ErrDuplicate, "app id %q is already listed at %s", id, index(key, j))
		}
		seen[id] = i
	}
	return ids
}

func decodePermission(o *object) map[string]PermissionDesc {
	d := o.d
	po := o.object("permission")
	if po == nil {
		return nil
	}
	out := make(map[string]PermissionDesc, len(po.m))
	for _, k := range po.keys() {
		path := mapKey("permission", k)
		if !strings.HasPrefix(k, "scope.") || k == "scope." {
			d.fail(path, ErrBadValue, "permission key %q must be a scope such as \"scope.userLocation\"", k)
			break
		}
		vo := d.object(path, po.m[k])
		po.used[k] = true
		if vo == nil {
			break
		}
		pd := PermissionDesc{Desc: vo.str("desc")}
		if d.err == nil && strings.TrimSpace(pd.Desc) == "" {
			d.fail(field(path, "desc"), ErrMissingField, "must explain why the scope is needed")
		}
		pd.Extra = vo.extra()
		out[k] = pd
	}
	if d.err != nil {
		return nil
	}
	return out
}

func decodePrivateInfos(o *object) []string {
	const key = "requiredPrivateInfos"
	d := o.d
	infos := o.strings(key)
	seen := make(map[string]int)
	for i, s := range infos {
		path := index(key, i)
		if !slices.Contains(privateInfos, s) {
			d.fail(path, ErrBadValue, "%q is not one of %s", s, strings.Join(privateInfos, ", "))
		}
		if j, dup := seen[s]; dup {
			d.fail(path, ErrDuplicate, "%q is already listed at %s", s, index(key, j))
		}
		seen[s] = i
	}
	// Fuzzy and precise location exclude each other; report at the later.
	if fuzzy, ok := seen[privateInfos[0]]; ok {
		for i, s := range infos {
			if slices.Contains(privateInfos[1:5], s) {
				at := max(i, fuzzy)
				d.fail(index(key, at), ErrConflict, "%q (fuzzy location) and %q (precise location) cannot both be declared", privateInfos[0], s)
				break
			}
		}
	}
	return infos
}

func decodeNetworkTimeout(o *object) *NetworkTimeout {
	d := o.d
	no := o.object("networkTimeout")
	if no == nil {
		return nil
	}
	nt := &NetworkTimeout{}
	for _, f := range []struct {
		key string
		dst *int
	}{
		{"request", &nt.Request},
		{"connectSocket", &nt.ConnectSocket},
		{"uploadFile", &nt.UploadFile},
		{"downloadFile", &nt.DownloadFile},
	} {
		*f.dst = no.integer(f.key)
		if *f.dst < 0 {
			d.fail(field("networkTimeout", f.key), ErrBadValue, "timeout must not be negative, got %d", *f.dst)
		}
	}
	nt.Extra = no.extra()
	return nt
}
