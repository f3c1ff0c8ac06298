package bundle

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
)

const (
	appFile     = "app.json"
	projectFile = "project.config.json"
)

// Bundle is a loaded, validated mini program bundle. Its methods are safe
// for concurrent use; App and Project must be treated as read-only.
type Bundle struct {
	// FS is rooted at the mini program root, the directory holding app.json.
	FS fs.FS
	// App is the parsed app.json.
	App *AppConfig
	// Project is the parsed project.config.json, nil if there is none.
	Project *ProjectConfig

	pages map[string]int  // route -> subpackage index, -1 for the main package
	tabs  map[string]bool // tab page routes

	mu      sync.Mutex
	closer  io.Closer
	configs map[string]*PageConfig // parsed page configs by route
}

// Open opens the bundle at path, a directory or a .zip file, and loads it
// with Load. Errors name path; configuration problems stay reachable with
// errors.As(err, new(*ConfigError)). A file that is not a readable zip
// archive gives an error matching zip.ErrFormat.
//
// Close the bundle to release the zip file or directory; after Close, b.FS can no
// longer be read.
func Open(path string) (*Bundle, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err) // the *PathError names path
	}
	if fi.IsDir() {
		// An os.Root keeps reads inside the directory: a symlink in the
		// bundle cannot reach files of the host.
		root, err := os.OpenRoot(path)
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		b, err := Load(root.FS())
		if err != nil {
			root.Close()
			return nil, fmt.Errorf("bundle: %s: %w", path, err)
		}
		b.closer = root
		return b, nil
	}
	zr, err := zip.OpenReader(path)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// Insecure names are the package cache's concern; zip.Reader's
		// fs.FS view never serves them anyway.
		return nil, fmt.Errorf("bundle: open %s: %w", path, err)
	}
	b, err := Load(zr)
	if err != nil {
		zr.Close()
		return nil, fmt.Errorf("bundle: %s: %w", path, err)
	}
	b.closer = zr
	return b, nil
}

// Close releases the zip file or directory behind a bundle made by Open. It
// is a no-op for bundles made by Load, and safe to call more than once.
func (b *Bundle) Close() error {
	b.mu.Lock()
	c := b.closer
	b.closer = nil
	b.mu.Unlock()
	if c != nil {
		return c.Close()
	}
	return nil
}

// Load finds the mini program root in fsys, then reads and validates the
// bundle: app.json (see ParseAppJSON), project.config.json if present, and
// that every declared page has its "<route>.js" file.
//
// The root is, in order: fsys itself if it holds app.json; the
// miniprogramRoot directory named by fsys's project.config.json; or the one
// top-level directory that holds app.json (directly or through its own
// project.config.json), as in a zip made from a folder. Hidden entries and
// "__MACOSX" are ignored. Otherwise Load returns a *ConfigError for
// "app.json" wrapping ErrNoAppJSON.
//
// Page configuration files are read lazily by PageConfig.
func Load(fsys fs.FS) (*Bundle, error) {
	root, project, err := findRoot(fsys, true)
	if err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(root, appFile)
	if err != nil {
		return nil, fmt.Errorf("bundle: read %s: %w", appFile, err)
	}
	app, err := ParseAppJSON(data)
	if err != nil {
		return nil, err
	}
	b := &Bundle{
		FS:      root,
		App:     app,
		Project: project,
		pages:   make(map[string]int),
		tabs:    make(map[string]bool),
		configs: make(map[string]*PageConfig),
	}
	for i, p := range app.Pages {
		if err := checkPageFile(root, index("pages", i), p); err != nil {
			return nil, err
		}
		b.pages[p] = -1
	}
	key := app.subKey // as written: "subpackages" or "subPackages"
	for i := range app.Subpackages {
		for j, p := range app.Subpackages[i].Routes() {
			if err := checkPageFile(root, index(field(index(key, i), "pages"), j), p); err != nil {
				return nil, err
			}
			b.pages[p] = i
		}
	}
	if app.TabBar != nil {
		for _, it := range app.TabBar.List {
			b.tabs[it.PagePath] = true
		}
	}
	return b, nil
}

// checkPageFile reports a *ConfigError unless "<route>.js" is a file.
func checkPageFile(fsys fs.FS, path, route string) error {
	name := route + ".js"
	fi, err := fs.Stat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newError(appFile, path, ErrMissingFile, "page file %q not found", name)
	case err != nil:
		return &ConfigError{File: appFile, Field: path, Err: &problem{
			msg: fmt.Sprintf("page file %q: %v", name, err), kind: ErrMissingFile, cause: err}}
	case fi.IsDir():
		return newError(appFile, path, ErrMissingFile, "page file %q is a directory", name)
	}
	return nil
}

// isFile reports whether name is a regular file (or at least not a
// directory) in fsys.
func isFile(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && !fi.IsDir()
}

// findRoot locates the mini program root; see Load. descend allows looking
// into top-level directories (one level only).
func findRoot(fsys fs.FS, descend bool) (fs.FS, *ProjectConfig, error) {
	var project *ProjectConfig
	if isFile(fsys, projectFile) {
		data, err := fs.ReadFile(fsys, projectFile)
		if err != nil {
			return nil, nil, fmt.Errorf("bundle: read %s: %w", projectFile, err)
		}
		if project, err = ParseProjectConfig(data); err != nil {
			return nil, nil, err
		}
	}
	if isFile(fsys, appFile) {
		return fsys, project, nil
	}
	if project != nil && project.MiniprogramRoot != "" {
		dir, _ := project.root() // validated by ParseProjectConfig
		if dir != "." {
			sub, err := fs.Sub(fsys, dir)
			if err == nil && isFile(sub, appFile) {
				return sub, project, nil
			}
		}
		return nil, nil, newError(appFile, "", ErrNoAppJSON, "no app.json in miniprogramRoot %q of %s", project.MiniprogramRoot, projectFile)
	}
	notFound := newError(appFile, "", ErrNoAppJSON, "no app.json at the bundle root, under a miniprogramRoot, or in a single top-level directory")
	if !descend {
		return nil, nil, notFound
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("bundle: read root directory: %w", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "__MACOSX" {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 1 {
		sub, err := fs.Sub(fsys, dirs[0])
		if err != nil {
			return nil, nil, notFound
		}
		return findRoot(sub, false)
	}
	var (
		hit     fs.FS
		hitProj *ProjectConfig
		n       int
	)
	for _, name := range dirs {
		sub, err := fs.Sub(fsys, name)
		if err != nil {
			continue
		}
		if r, p, err := findRoot(sub, false); err == nil {
			hit, hitProj = r, p
			n++
		}
	}
	switch n {
	case 0:
		return nil, nil, notFound
	case 1:
		return hit, hitProj, nil
	default:
		return nil, nil, newError(appFile, "", ErrNoAppJSON, "app.json found in %d top-level directories; cannot tell which is the bundle", n)
	}
}

// HasPage reports whether route is a declared page of the main package or
// of a subpackage (full route, e.g. "packageA/pages/cat/cat").
func (b *Bundle) HasPage(route string) bool {
	_, ok := b.pages[route]
	return ok
}

// Pages returns every page route: the main package's in app.json order,
// then each subpackage's. The slice is the caller's.
func (b *Bundle) Pages() []string {
	out := slices.Clone(b.App.Pages)
	for i := range b.App.Subpackages {
		out = append(out, b.App.Subpackages[i].Routes()...)
	}
	return out
}

// HomePage returns the route the app starts on: entryPagePath if set, else
// the first of pages.
func (b *Bundle) HomePage() string {
	if b.App.EntryPagePath != "" {
		return b.App.EntryPagePath
	}
	return b.App.Pages[0]
}

// IsTabPage reports whether route is listed in tabBar.list.
func (b *Bundle) IsTabPage(route string) bool {
	return b.tabs[route]
}

// Subpackage returns the subpackage that declares route, or nil and false
// when route is a main package page or not a page at all.
func (b *Bundle) Subpackage(route string) (*Subpackage, bool) {
	i, ok := b.pages[route]
	if !ok || i < 0 {
		return nil, false
	}
	return &b.App.Subpackages[i], true
}

// PageConfig returns the validated configuration of page route, read from
// "<route>.json"; a page without that file gets an empty configuration.
// Results are cached, and the returned value is shared: do not modify it.
// A route that is not a declared page gives a *ConfigError wrapping
// ErrUnknownPage.
func (b *Bundle) PageConfig(route string) (*PageConfig, error) {
	if !b.HasPage(route) {
		return nil, newError(route+".json", "", ErrUnknownPage, "page %q is not declared in app.json", route)
	}
	b.mu.Lock()
	pc, ok := b.configs[route]
	b.mu.Unlock()
	if ok {
		return pc, nil
	}
	data, err := fs.ReadFile(b.FS, route+".json")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		pc = &PageConfig{}
	case err != nil:
		return nil, fmt.Errorf("bundle: read %s.json: %w", route, err)
	default:
		if pc, err = ParsePageConfig(route, data); err != nil {
			return nil, err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if prev, ok := b.configs[route]; ok {
		return prev, nil // another goroutine won the race; share its value
	}
	b.configs[route] = pc
	return pc, nil
}

// PageWindow returns the effective window settings of page route:
// DefaultWindow, overridden by every key app.json's window sets (except
// disableScroll, which is page-only), overridden by every key the page's
// configuration file sets.
func (b *Bundle) PageWindow(route string) (WindowOptions, error) {
	pc, err := b.PageConfig(route)
	if err != nil {
		return WindowOptions{}, err
	}
	w := DefaultWindow()
	if b.App.Window != nil {
		w = w.overlay(&b.App.Window.WindowOptions, "disableScroll")
	}
	return w.overlay(&pc.WindowOptions), nil
}
