package bundle_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/minihost/minihost/bundle"
)

// addJSONSeeds adds every *.json file under testdata to the corpus.
func addJSONSeeds(f *testing.F) {
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}

// validRoute restates the route rules independently of the package.
func validRoute(r string) bool {
	return r != "" && !strings.HasPrefix(r, "/") && !strings.HasSuffix(r, ".js") &&
		!strings.Contains(r, "..") && !strings.Contains(r, `\`) && fs.ValidPath(r) && r != "."
}

// checkAppInvariants fails t unless a satisfies every documented rule.
func checkAppInvariants(t *testing.T, a *bundle.AppConfig) {
	t.Helper()
	if len(a.Pages) == 0 {
		t.Fatal("no pages")
	}
	all := map[string]bool{}
	for _, p := range a.Pages {
		if !validRoute(p) || all[p] {
			t.Fatalf("bad or duplicate main page %q", p)
		}
		all[p] = true
	}
	var roots []string
	for i := range a.Subpackages {
		s := &a.Subpackages[i]
		root := strings.TrimSuffix(s.Root, "/")
		if !validRoute(root) || len(s.Pages) == 0 {
			t.Fatalf("bad subpackage %+v", s)
		}
		for _, r := range roots {
			if r == root || strings.HasPrefix(root, r+"/") || strings.HasPrefix(r, root+"/") {
				t.Fatalf("roots %q and %q overlap", r, root)
			}
		}
		roots = append(roots, root)
		for j, p := range s.Routes() {
			if !validRoute(s.Pages[j]) || all[p] {
				t.Fatalf("bad or duplicate subpackage page %q", p)
			}
			all[p] = true
		}
	}
	if a.EntryPagePath != "" && !all[a.EntryPagePath] {
		t.Fatalf("entryPagePath %q is not a page", a.EntryPagePath)
	}
	if tb := a.TabBar; tb != nil {
		if len(tb.List) < 2 || len(tb.List) > 5 {
			t.Fatalf("%d tabs", len(tb.List))
		}
		seen := map[string]bool{}
		for _, it := range tb.List {
			if !slices.Contains(a.Pages, it.PagePath) || it.Text == "" || seen[it.PagePath] {
				t.Fatalf("bad tab %+v", it)
			}
			seen[it.PagePath] = true
		}
	}
	if len(a.NavigateToMiniProgramAppIdList) > 10 {
		t.Fatalf("%d app ids", len(a.NavigateToMiniProgramAppIdList))
	}
	ids := map[string]bool{}
	for _, id := range a.NavigateToMiniProgramAppIdList {
		if strings.TrimSpace(id) == "" || ids[id] {
			t.Fatalf("bad or duplicate app id %q", id)
		}
		ids[id] = true
	}
	fuzzy, precise := false, false
	for _, s := range a.RequiredPrivateInfos {
		switch s {
		case "getFuzzyLocation":
			fuzzy = true
		case "getLocation", "onLocationChange", "startLocationUpdate", "startLocationUpdateBackground":
			precise = true
		case "chooseLocation", "choosePoi", "chooseAddress":
		default:
			t.Fatalf("unknown private info %q", s)
		}
	}
	if fuzzy && precise {
		t.Fatal("fuzzy and precise location both declared")
	}
	for k, v := range a.Permission {
		if !strings.HasPrefix(k, "scope.") || strings.TrimSpace(v.Desc) == "" {
			t.Fatalf("bad permission %q: %+v", k, v)
		}
	}
	if nt := a.NetworkTimeout; nt != nil && (nt.Request < 0 || nt.ConnectSocket < 0 || nt.UploadFile < 0 || nt.DownloadFile < 0) {
		t.Fatalf("negative timeout %+v", nt)
	}
	if a.Window != nil {
		checkWindowInvariants(t, &a.Window.WindowOptions)
	}
	for k, v := range a.UsingComponents {
		if strings.TrimSpace(k) == "" || v == "" {
			t.Fatalf("bad component %q: %q", k, v)
		}
	}
}

// checkWindowInvariants fails t unless enumerated window values are valid
// and unset keys hold zero values.
func checkWindowInvariants(t *testing.T, w *bundle.WindowOptions) {
	t.Helper()
	enums := []struct {
		key, val string
		allowed  []string
	}{
		{"navigationBarTextStyle", w.NavigationBarTextStyle, []string{"black", "white"}},
		{"navigationStyle", w.NavigationStyle, []string{"default", "custom"}},
		{"backgroundTextStyle", w.BackgroundTextStyle, []string{"dark", "light"}},
		{"pageOrientation", w.PageOrientation, []string{"portrait", "landscape", "auto"}},
	}
	for _, e := range enums {
		if w.IsSet(e.key) && !slices.Contains(e.allowed, e.val) {
			t.Fatalf("%s = %q", e.key, e.val)
		}
		if !w.IsSet(e.key) && e.val != "" {
			t.Fatalf("%s = %q but not set", e.key, e.val)
		}
	}
	if w.OnReachBottomDistance < 0 {
		t.Fatalf("onReachBottomDistance = %d", w.OnReachBottomDistance)
	}
	if !w.IsSet("enablePullDownRefresh") && w.EnablePullDownRefresh {
		t.Fatal("enablePullDownRefresh true but not set")
	}
}

// checkErr fails t unless err is a *ConfigError for file matching
// ErrInvalid.
func checkErr(t *testing.T, err error, file string) {
	t.Helper()
	var ce *bundle.ConfigError
	if !errors.As(err, &ce) || ce.File != file || !errors.Is(err, bundle.ErrInvalid) {
		t.Fatalf("error %v (%T) is not an invalid-config *ConfigError for %s", err, err, file)
	}
	if ce.Error() == "" {
		t.Fatal("empty error message")
	}
}

func FuzzParseAppJSON(f *testing.F) {
	addJSONSeeds(f)
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"pages": null}`, `{"pages": ["a"]}`, "\uFEFF{\"pages\": [\"a\"]}",
		`{"pages": ["a", "a"]}`, `{"pages": ["a/../b"]}`, `{"pages": ["a"], "entryPagePath": "s/b", "subpackages": [{"root": "s/", "pages": ["b"]}]}`,
		`{"pages": ["a", "b"], "tabBar": {"list": [{"pagePath": "a", "text": "A"}, {"pagePath": "b", "text": "B"}]}}`,
		`{"pages": ["a"], "subPackages": [{"root": "x", "pages": ["y"]}], "subpackages": []}`,
		`{"pages": ["a"], "requiredPrivateInfos": ["getFuzzyLocation", "chooseAddress"], "permission": {"scope.userLocation": {"desc": "d"}}}`,
		`{"pages": ["a"], "networkTimeout": {"request": 1e3, "uploadFile": -0}, "window": {"onReachBottomDistance": 9007199254740991}}`,
		`{"pages": ["a"], "navigateToMiniProgramAppIdList": ["x", "y"], "usingComponents": {"c": "/c"}}`,
		`{"pages": ["a"], "window": {"navigationBarTextStyle": "black", "enablePullDownRefresh": true}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := bundle.ParseAppJSON(data)
		if err != nil {
			if a != nil {
				t.Fatal("config returned with an error")
			}
			checkErr(t, err, "app.json")
			return
		}
		checkAppInvariants(t, a)

		// Parsing is deterministic.
		again, err := bundle.ParseAppJSON(data)
		if err != nil || !reflect.DeepEqual(a, again) {
			t.Fatalf("second parse differs: %v", err)
		}

		// The typed fields re-encode to an app.json that is still valid and
		// declares the same pages.
		enc, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		re, err := bundle.ParseAppJSON(enc)
		if err != nil {
			t.Fatalf("re-encoded %s is invalid: %v", enc, err)
		}
		if !slices.Equal(a.Pages, re.Pages) || a.EntryPagePath != re.EntryPagePath || len(a.Subpackages) != len(re.Subpackages) {
			t.Fatalf("re-encoded config differs: %s", enc)
		}
	})
}

func FuzzParsePageConfig(f *testing.F) {
	addJSONSeeds(f)
	for _, s := range []string{
		``, `{}`, `[]`, `{"navigationBarTextStyle": "black"}`, `{"navigationBarTextStyle": "red"}`,
		`{"usingComponents": {"a": "/a"}, "component": true}`, `{"onReachBottomDistance": -1}`,
		`{"onReachBottomDistance": 1.5}`, `{"enablePullDownRefresh": null}`, `{"disableScroll": true, "x": [1, {}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pc, err := bundle.ParsePageConfig("pages/p/p", data)
		if err != nil {
			if pc != nil {
				t.Fatal("config returned with an error")
			}
			checkErr(t, err, "pages/p/p.json")
			return
		}
		checkWindowInvariants(t, &pc.WindowOptions)
		for k, v := range pc.UsingComponents {
			if strings.TrimSpace(k) == "" || v == "" {
				t.Fatalf("bad component %q: %q", k, v)
			}
		}
		for k := range pc.Extra {
			if k == "usingComponents" || k == "component" || k == "navigationBarTitleText" {
				t.Fatalf("typed key %q in Extra", k)
			}
		}
	})
}
