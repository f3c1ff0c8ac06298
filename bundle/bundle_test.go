package bundle_test

import (
	"archive/zip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/bundle"
)

// files builds a MapFS from name/content pairs.
func files(kv ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return m
}

// prefixed returns the files of m moved under dir.
func prefixed(dir string, m fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[dir+"/"+k] = v
	}
	return out
}

// merge returns the union of the given file systems.
func merge(ms ...fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// tiny is a valid one-page mini program.
func tiny(title string) fstest.MapFS {
	return files(
		"app.json", `{"pages": ["pages/index/index"], "window": {"navigationBarTitleText": "`+title+`"}}`,
		"app.js", "App({})",
		"pages/index/index.js", "Page({})",
	)
}

// title returns the app window title of b, used to tell bundles apart.
func title(b *bundle.Bundle) string {
	if b.App.Window == nil {
		return ""
	}
	return b.App.Window.NavigationBarTitleText
}

func TestLoadRoot(t *testing.T) {
	t.Parallel()
	project := func(extra string) string {
		return `{"appid": "wxabc", "projectname": "p"` + extra + `}`
	}
	tests := []struct {
		name      string
		fsys      fstest.MapFS
		wantTitle string // "" means an error is expected
		wantAppID string
		errFile   string
		errField  string
		errKind   error
	}{
		{name: "at root", fsys: tiny("root"), wantTitle: "root"},
		{name: "at root with project", fsys: merge(tiny("root"), files("project.config.json", project(""))), wantTitle: "root", wantAppID: "wxabc"},
		{name: "root wins over miniprogramRoot", fsys: merge(tiny("root"), prefixed("mp", tiny("mp")), files("project.config.json", project(`, "miniprogramRoot": "mp"`))), wantTitle: "root", wantAppID: "wxabc"},
		{name: "miniprogramRoot", fsys: merge(prefixed("miniprogram", tiny("mp")), files("project.config.json", project(`, "miniprogramRoot": "miniprogram/"`))), wantTitle: "mp", wantAppID: "wxabc"},
		{name: "miniprogramRoot dot slash", fsys: merge(prefixed("src/mp", tiny("deep")), files("project.config.json", project(`, "miniprogramRoot": "./src/mp"`))), wantTitle: "deep", wantAppID: "wxabc"},
		{name: "miniprogramRoot missing app.json", fsys: merge(prefixed("other", tiny("x")), files("project.config.json", project(`, "miniprogramRoot": "miniprogram"`))),
			errFile: "app.json", errKind: bundle.ErrNoAppJSON},
		{name: "miniprogramRoot escapes", fsys: files("project.config.json", project(`, "miniprogramRoot": "../x"`)),
			errFile: "project.config.json", errField: "miniprogramRoot", errKind: bundle.ErrBadRoute},
		{name: "miniprogramRoot absolute", fsys: files("project.config.json", project(`, "miniprogramRoot": "/x"`)),
			errFile: "project.config.json", errField: "miniprogramRoot", errKind: bundle.ErrBadRoute},
		{name: "miniprogramRoot type", fsys: files("project.config.json", project(`, "miniprogramRoot": 1`)),
			errFile: "project.config.json", errField: "miniprogramRoot", errKind: bundle.ErrType},
		{name: "project syntax", fsys: merge(tiny("root"), files("project.config.json", `{"appid": }`)),
			errFile: "project.config.json", errKind: bundle.ErrSyntax},
		{name: "single top folder", fsys: prefixed("hello", tiny("top")), wantTitle: "top"},
		{name: "single top folder with junk", fsys: merge(prefixed("hello", tiny("top")), files("__MACOSX/hello/._app.json", "x", ".DS_Store", "x", "README.md", "hi")), wantTitle: "top"},
		{name: "single top folder with project", fsys: prefixed("proj", merge(prefixed("miniprogram", tiny("nested")), files("project.config.json", project(`, "miniprogramRoot": "miniprogram"`)))),
			wantTitle: "nested", wantAppID: "wxabc"},
		{name: "one of two folders", fsys: merge(prefixed("docs", files("index.md", "x")), prefixed("app", tiny("app"))), wantTitle: "app"},
		{name: "two candidate folders", fsys: merge(prefixed("a", tiny("a")), prefixed("b", tiny("b"))), errFile: "app.json", errKind: bundle.ErrNoAppJSON},
		{name: "two levels deep", fsys: prefixed("a/b", tiny("deep")), errFile: "app.json", errKind: bundle.ErrNoAppJSON},
		{name: "empty", fsys: fstest.MapFS{}, errFile: "app.json", errKind: bundle.ErrNoAppJSON},
		{name: "app.json is a directory", fsys: files("app.json/x", "{}"), errFile: "app.json", errKind: bundle.ErrNoAppJSON},
		{name: "invalid app.json in top folder", fsys: prefixed("hello", files("app.json", `{"pages": []}`)), errFile: "app.json", errField: "pages", errKind: bundle.ErrMissingField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := bundle.Load(tt.fsys)
			if tt.wantTitle == "" {
				ce := checkConfigError(t, err, tt.errFile, tt.errField, tt.errKind)
				if tt.errKind == bundle.ErrNoAppJSON && errors.Is(ce, bundle.ErrInvalid) {
					t.Errorf("ErrNoAppJSON error %q also matches ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := title(b); got != tt.wantTitle {
				t.Errorf("loaded the bundle titled %q, want %q", got, tt.wantTitle)
			}
			if tt.wantAppID == "" && b.Project != nil {
				t.Errorf("Project = %+v, want nil", b.Project)
			}
			if tt.wantAppID != "" && (b.Project == nil || b.Project.AppID != tt.wantAppID) {
				t.Errorf("Project = %+v, want appid %q", b.Project, tt.wantAppID)
			}
			// FS is rooted at the mini program root.
			if _, err := fs.Stat(b.FS, "pages/index/index.js"); err != nil {
				t.Errorf("FS is not rooted at the mini program: %v", err)
			}
		})
	}
}

func TestLoadPageFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		field string // "" means valid
		msg   string
	}{
		{name: "all present", fsys: files(
			"app.json", `{"pages": ["a/a", "b/b"], "subpackages": [{"root": "s", "pages": ["c"]}]}`,
			"a/a.js", "", "b/b.js", "", "s/c.js", "")},
		{name: "main page missing", fsys: files(
			"app.json", `{"pages": ["a/a", "b/b"]}`, "a/a.js", "", "b/b.json", "{}"),
			field: "pages[1]", msg: `page file "b/b.js" not found`},
		{name: "subpackage page missing", fsys: files(
			"app.json", `{"pages": ["a/a"], "subPackages": [{"root": "s", "pages": ["c"]}, {"root": "t/", "pages": ["d", "e"]}]}`,
			"a/a.js", "", "s/c.js", "", "t/d.js", ""),
			field: "subPackages[1].pages[1]", msg: `"t/e.js"`},
		{name: "page file is a directory", fsys: files(
			"app.json", `{"pages": ["a/a"]}`, "a/a.js/index.js", ""),
			field: "pages[0]", msg: "directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := bundle.Load(tt.fsys)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !b.HasPage("s/c") {
					t.Error("subpackage page s/c not found")
				}
				return
			}
			checkConfigError(t, err, "app.json", tt.field, bundle.ErrMissingFile)
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestBundleMethods(t *testing.T) {
	t.Parallel()
	b, err := bundle.Load(os.DirFS("testdata/hello"))
	if err != nil {
		t.Fatal(err)
	}
	wantPages := []string{"pages/index/index", "pages/logs/logs", "packageA/pages/cat/cat"}
	if got := b.Pages(); !slices.Equal(got, wantPages) {
		t.Errorf("Pages() = %q, want %q", got, wantPages)
	}
	b.Pages()[0] = "mutated"
	if b.Pages()[0] != wantPages[0] {
		t.Error("Pages() returned an alias of internal state")
	}
	if got := b.HomePage(); got != "pages/index/index" {
		t.Errorf("HomePage() = %q", got)
	}
	for _, tt := range []struct {
		route      string
		page, tab  bool
		subpackage string
	}{
		{route: "pages/index/index", page: true, tab: true},
		{route: "pages/logs/logs", page: true, tab: true},
		{route: "packageA/pages/cat/cat", page: true, subpackage: "packageA"},
		{route: "pages/cat/cat"},
		{route: "/pages/index/index"},
		{route: "pages/index/index.js"},
		{route: ""},
	} {
		if got := b.HasPage(tt.route); got != tt.page {
			t.Errorf("HasPage(%q) = %v", tt.route, got)
		}
		if got := b.IsTabPage(tt.route); got != tt.tab {
			t.Errorf("IsTabPage(%q) = %v", tt.route, got)
		}
		s, ok := b.Subpackage(tt.route)
		if ok != (tt.subpackage != "") || (ok && s.Root != tt.subpackage) {
			t.Errorf("Subpackage(%q) = %+v, %v; want root %q", tt.route, s, ok, tt.subpackage)
		}
	}
	if b.App.Extra["sitemapLocation"] == nil {
		t.Error("unknown key sitemapLocation not kept in Extra")
	}
}

func TestHomePageEntry(t *testing.T) {
	t.Parallel()
	b, err := bundle.Load(files(
		"app.json", `{"pages": ["a", "b"], "entryPagePath": "s/c", "subpackages": [{"root": "s", "pages": ["c"]}]}`,
		"a.js", "", "b.js", "", "s/c.js", ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.HomePage(); got != "s/c" {
		t.Errorf("HomePage() = %q, want the entryPagePath s/c", got)
	}
	if b.IsTabPage("a") {
		t.Error("IsTabPage without a tabBar")
	}
}

func TestPageConfig(t *testing.T) {
	t.Parallel()
	fsys := files(
		"app.json", `{"pages": ["a/a", "b/b", "c/c"], "window": {"navigationBarTitleText": "App", "enablePullDownRefresh": true, "backgroundColor": "#123456", "disableScroll": true}}`,
		"a/a.js", "", "a/a.json", `{"navigationBarTitleText": "A", "enablePullDownRefresh": false, "usingComponents": {"x": "/x/x"}}`,
		"b/b.js", "",
		"c/c.js", "", "c/c.json", `{"navigationBarTextStyle": "pink"}`,
	)
	b, err := bundle.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("present", func(t *testing.T) {
		t.Parallel()
		pc, err := b.PageConfig("a/a")
		if err != nil {
			t.Fatal(err)
		}
		if pc.NavigationBarTitleText != "A" || pc.UsingComponents["x"] != "/x/x" {
			t.Errorf("PageConfig(a/a) = %+v", pc)
		}
		again, _ := b.PageConfig("a/a")
		if again != pc {
			t.Error("PageConfig is not cached")
		}
	})
	t.Run("absent is empty", func(t *testing.T) {
		t.Parallel()
		pc, err := b.PageConfig("b/b")
		if err != nil || pc == nil || pc.IsSet("navigationBarTitleText") || pc.UsingComponents != nil {
			t.Errorf("PageConfig(b/b) = %+v, %v; want an empty config", pc, err)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		t.Parallel()
		_, err := b.PageConfig("c/c")
		checkConfigError(t, err, "c/c.json", "navigationBarTextStyle", bundle.ErrBadValue)
	})
	t.Run("unknown page", func(t *testing.T) {
		t.Parallel()
		_, err := b.PageConfig("d/d")
		checkConfigError(t, err, "d/d.json", "", bundle.ErrUnknownPage)
	})
	t.Run("window merge", func(t *testing.T) {
		t.Parallel()
		w, err := b.PageWindow("a/a")
		if err != nil {
			t.Fatal(err)
		}
		// page overrides app (even with false), app overrides defaults,
		// defaults fill the rest, disableScroll from app.json is ignored.
		if w.NavigationBarTitleText != "A" || w.EnablePullDownRefresh || w.BackgroundColor != "#123456" ||
			w.NavigationBarTextStyle != "white" || w.OnReachBottomDistance != 50 || w.DisableScroll {
			t.Errorf("PageWindow(a/a) = %+v", w)
		}
		w, err = b.PageWindow("b/b")
		if err != nil {
			t.Fatal(err)
		}
		if w.NavigationBarTitleText != "App" || !w.EnablePullDownRefresh || w.NavigationBarBackgroundColor != "#000000" {
			t.Errorf("PageWindow(b/b) = %+v", w)
		}
		if _, err := b.PageWindow("c/c"); !errors.Is(err, bundle.ErrBadValue) {
			t.Errorf("PageWindow(c/c) error = %v, want ErrBadValue", err)
		}
	})
}

func TestPageConfigConcurrent(t *testing.T) {
	t.Parallel()
	b, err := bundle.Load(os.DirFS("testdata/hello"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]*bundle.PageConfig, 16)
	for i := range results {
		wg.Go(func() {
			pc, err := b.PageConfig("packageA/pages/cat/cat")
			if err != nil {
				t.Error(err)
			}
			results[i] = pc
		})
	}
	wg.Wait()
	for _, pc := range results {
		if pc != results[0] {
			t.Fatal("concurrent PageConfig calls returned different values")
		}
	}
	if results[0].NavigationStyle != "custom" {
		t.Errorf("NavigationStyle = %q", results[0].NavigationStyle)
	}
}

// writeZip writes the files under dir into a new zip file, each name
// prefixed with prefix, and returns its path.
func writeZip(t *testing.T, dir, prefix string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "bundle.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(prefix + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestOpen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		path      func(t *testing.T) string
		wantHome  string
		wantAppID string
	}{
		{"directory", func(*testing.T) string { return "testdata/hello" }, "pages/index/index", ""},
		{"project directory", func(*testing.T) string { return "testdata/project" }, "pages/home/home", "wx1234567890abcdef"},
		{"zip", func(t *testing.T) string { return writeZip(t, "testdata/hello", "") }, "pages/index/index", ""},
		{"zip with top folder", func(t *testing.T) string { return writeZip(t, "testdata/hello", "hello/") }, "pages/index/index", ""},
		{"zip of project", func(t *testing.T) string { return writeZip(t, "testdata/project", "demo/") }, "pages/home/home", "wx1234567890abcdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := bundle.Open(tt.path(t))
			if err != nil {
				t.Fatal(err)
			}
			if got := b.HomePage(); got != tt.wantHome {
				t.Errorf("HomePage() = %q, want %q", got, tt.wantHome)
			}
			if (b.Project == nil) != (tt.wantAppID == "") || (b.Project != nil && b.Project.AppID != tt.wantAppID) {
				t.Errorf("Project = %+v, want appid %q", b.Project, tt.wantAppID)
			}
			pc, err := b.PageConfig(tt.wantHome)
			if err != nil || !pc.IsSet("navigationBarTitleText") {
				t.Errorf("PageConfig(%q) = %+v, %v", tt.wantHome, pc, err)
			}
			if err := b.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := b.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	corrupt := filepath.Join(t.TempDir(), "corrupt.zip")
	if err := os.WriteFile(corrupt, []byte("PK\x03\x04 definitely not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.zip")

	_, err := bundle.Open(corrupt)
	if !errors.Is(err, zip.ErrFormat) || !strings.Contains(err.Error(), corrupt) {
		t.Errorf("corrupt zip: error = %v, want zip.ErrFormat naming %s", err, corrupt)
	}
	_, err = bundle.Open(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error = %v, want fs.ErrNotExist naming %s", err, missing)
	}
	_, err = bundle.Open("testdata/missingpage")
	checkConfigError(t, err, "app.json", "pages[1]", bundle.ErrMissingFile)
	if err != nil && !strings.HasPrefix(err.Error(), "bundle: testdata/missingpage: app.json: pages[1]: ") {
		t.Errorf("error %q does not name the bundle path", err)
	}
	_, err = bundle.Open(writeZip(t, "testdata/missingpage", ""))
	checkConfigError(t, err, "app.json", "pages[1]", bundle.ErrMissingFile)
	_, err = bundle.Open("testdata")
	checkConfigError(t, err, "app.json", "", bundle.ErrNoAppJSON)
}
