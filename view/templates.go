package view

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
)

// Templates parses and caches the WXML files of one bundle. Parsing is
// done once per file content: the parse is cached process-wide under the
// SHA-256 of path and content (like compiled scripts), so bundles and
// Templates sharing a file share its parse. Safe for concurrent use.
type Templates struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*Template
	wxs   map[string]*wxsFile
}

// Template is one parsed WXML file with its imports, includes and WXS
// modules resolved. It is immutable and may be shared by any number of
// trees and goroutines.
type Template struct {
	Path string // bundle path, e.g. "pages/index/index.wxml"

	f        *parsedFile
	imports  []*Template
	includes map[*tInclude]*Template
	modules  []*wxsModule
}

// wxsModule is a WXS module visible to a template under a name.
type wxsModule struct {
	name string
	file *wxsFile
}

// wxsFile is one WXS program: a .wxs file or the inline code of a <wxs>
// element, with the files it requires resolved.
type wxsFile struct {
	path     string
	prog     []stmt
	src      *srcFile
	requires map[string]*wxsFile
}

// parseCache holds parses process-wide, keyed by SHA-256 of path+content.
// It is emptied when it grows past maxCached entries, which bounds the
// memory a long-running host spends on old bundle versions.
var (
	parseCache sync.Map // [32]byte → *parsedFile or []stmt
	cacheSize  atomic.Int64
)

const maxCached = 8192

func cacheStore(key [32]byte, v any) {
	if _, loaded := parseCache.LoadOrStore(key, v); loaded {
		return
	}
	if cacheSize.Add(1) > maxCached {
		parseCache.Range(func(k, _ any) bool {
			parseCache.Delete(k)
			return true
		})
		cacheSize.Store(0)
	}
}

func cacheKey(kind, p string, content []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(p))
	h.Write([]byte{0})
	h.Write(content)
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// NewTemplates returns a loader of the WXML and WXS files in fsys (the
// bundle's root).
func NewTemplates(fsys fs.FS) *Templates {
	return &Templates{fsys: fsys, files: map[string]*Template{}, wxs: map[string]*wxsFile{}}
}

// cleanPath turns a bundle path ("/pages/x/x", "pages/x/x.wxml") into the
// canonical form with the given extension.
func cleanPath(p, ext string) (string, bool) {
	p = path.Clean("/" + strings.ReplaceAll(p, "\\", "/"))[1:]
	if p == "" || p == "." {
		return "", false
	}
	if path.Ext(p) == "" {
		p += ext
	}
	return p, true
}

// resolveRef resolves src as written in file from (relative to its
// directory, or root-relative with a leading "/").
func resolveRef(from, src, ext string) (string, bool) {
	if strings.HasPrefix(src, "/") {
		return cleanPath(src, ext)
	}
	joined := path.Join(path.Dir(from), src)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return "", false
	}
	return cleanPath(joined, ext)
}

// Load returns the template at p ("pages/index/index.wxml"; the extension
// may be left out, a leading "/" is allowed), parsing it and the files it
// names through <import src>, <include src> and <wxs src> on first use.
// Errors are *ParseError values naming the file, line and column.
func (t *Templates) Load(p string) (*Template, error) {
	clean, ok := cleanPath(p, ".wxml")
	if !ok {
		return nil, &ParseError{File: p, Msg: "invalid template path", Err: ErrNotFound}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tpl, err := t.load(clean, nil)
	if err != nil {
		// Drop half-resolved templates so a later Load retries cleanly.
		for k, v := range t.files {
			if v.f == nil || v.pending() {
				delete(t.files, k)
			}
		}
		return nil, err
	}
	return tpl, nil
}

func (tpl *Template) pending() bool { return tpl.includes == nil }

func (t *Templates) read(p string) ([]byte, error) {
	b, err := fs.ReadFile(t.fsys, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
		}
		return nil, err
	}
	return b, nil
}

// load loads p; stack lists the files being included (for cycles).
func (t *Templates) load(p string, stack []string) (*Template, error) {
	if tpl, ok := t.files[p]; ok && !tpl.pending() {
		return tpl, nil
	}
	for _, s := range stack {
		if s == p {
			return nil, &ParseError{File: stack[len(stack)-1], Msg: "include cycle: " + strings.Join(append(stack, p), " -> "), Err: ErrSyntax}
		}
	}
	if tpl, ok := t.files[p]; ok {
		// Being loaded further up (an import cycle): imports only need the
		// pointer, filled in when that load finishes.
		return tpl, nil
	}
	content, err := t.read(p)
	if err != nil {
		return nil, &ParseError{File: p, Msg: err.Error(), Err: err}
	}
	key := cacheKey("wxml", p, content)
	var f *parsedFile
	if v, ok := parseCache.Load(key); ok {
		f = v.(*parsedFile)
	} else {
		f, err = parseWXML(p, string(content))
		if err != nil {
			return nil, err
		}
		cacheStore(key, f)
	}
	tpl := &Template{Path: p, f: f}
	t.files[p] = tpl
	stack = append(stack, p)
	for _, imp := range f.imports {
		ip, ok := resolveRef(p, imp.src, ".wxml")
		if !ok {
			return nil, &ParseError{File: p, Line: imp.line, Column: imp.col, Msg: fmt.Sprintf("import %q: path outside the bundle", imp.src), Err: ErrNotFound}
		}
		it, err := t.load(ip, nil)
		if err != nil {
			return nil, refErr(p, imp.line, imp.col, "import", imp.src, err)
		}
		tpl.imports = append(tpl.imports, it)
	}
	for _, w := range f.wxs {
		m := &wxsModule{name: w.module}
		if w.src == "" {
			m.file = &wxsFile{path: p, prog: w.prog, src: w.code}
			if err := t.resolveRequires(m.file); err != nil {
				return nil, err
			}
		} else {
			wp, ok := resolveRef(p, w.src, ".wxs")
			if !ok {
				return nil, &ParseError{File: p, Line: w.line, Column: w.col, Msg: fmt.Sprintf("wxs %q: path outside the bundle", w.src), Err: ErrNotFound}
			}
			wf, err := t.loadWXS(wp, nil)
			if err != nil {
				return nil, refErr(p, w.line, w.col, "wxs", w.src, err)
			}
			m.file = wf
		}
		tpl.modules = append(tpl.modules, m)
	}
	includes := map[*tInclude]*Template{}
	for _, inc := range f.includes {
		ip, ok := resolveRef(p, inc.src, ".wxml")
		if !ok {
			return nil, &ParseError{File: p, Line: inc.line, Column: inc.col, Msg: fmt.Sprintf("include %q: path outside the bundle", inc.src), Err: ErrNotFound}
		}
		it, err := t.load(ip, stack)
		if err != nil {
			return nil, refErr(p, inc.line, inc.col, "include", inc.src, err)
		}
		includes[inc] = it
	}
	tpl.includes = includes
	return tpl, nil
}

// refErr reports a failure to load a referenced file at the reference,
// unless the referenced file itself is malformed (then its own position
// is the useful one).
func refErr(file string, line, col int, what, src string, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) && pe.Line != 0 {
		return err
	}
	if errors.As(err, &pe) && strings.HasPrefix(pe.Msg, "include cycle") {
		return &ParseError{File: file, Line: line, Column: col, Msg: pe.Msg, Err: pe.Err}
	}
	cause, msg := err, err.Error()
	if pe != nil {
		msg = pe.Msg
		if pe.Err != nil {
			cause = pe.Err
		}
	}
	return &ParseError{File: file, Line: line, Column: col, Msg: fmt.Sprintf("%s %q: %s", what, src, msg), Err: cause}
}

// loadWXS loads a .wxs file and, recursively, the files it requires.
func (t *Templates) loadWXS(p string, stack []string) (*wxsFile, error) {
	if wf, ok := t.wxs[p]; ok {
		return wf, nil
	}
	for _, s := range stack {
		if s == p {
			return nil, &ParseError{File: p, Msg: "require cycle: " + strings.Join(append(stack, p), " -> "), Err: ErrSyntax}
		}
	}
	content, err := t.read(p)
	if err != nil {
		return nil, &ParseError{File: p, Msg: err.Error(), Err: err}
	}
	key := cacheKey("wxs", p, content)
	var prog []stmt
	if v, ok := parseCache.Load(key); ok {
		prog = v.([]stmt)
	} else {
		prog, err = parseProgram(string(content))
		if err != nil {
			var se *syntaxErr
			if errors.As(err, &se) {
				wp := newWXMLParser(p, string(content))
				return nil, wp.errAt(se.pos, "wxs: %s", se.msg)
			}
			return nil, &ParseError{File: p, Msg: err.Error(), Err: ErrSyntax}
		}
		cacheStore(key, prog)
	}
	wf := &wxsFile{path: p, prog: prog, src: &srcFile{path: p, text: string(content), line: 1, col: 1}}
	if err := t.resolveRequiresStack(wf, append(stack, p)); err != nil {
		return nil, err
	}
	t.wxs[p] = wf
	return wf, nil
}

func (t *Templates) resolveRequires(wf *wxsFile) error {
	return t.resolveRequiresStack(wf, nil)
}

// resolveRequiresStack finds require("literal") calls in a WXS program and
// loads the files they name.
func (t *Templates) resolveRequiresStack(wf *wxsFile, stack []string) error {
	wf.requires = map[string]*wxsFile{}
	var firstErr error
	walkCalls(wf.prog, func(c *callExpr) {
		id, ok := c.callee.(*identExpr)
		if !ok || id.name != "require" || len(c.args) != 1 || firstErr != nil {
			return
		}
		lit, ok := c.args[0].(*litExpr)
		if !ok {
			return
		}
		src, ok := lit.val.(string)
		if !ok {
			return
		}
		if _, done := wf.requires[src]; done {
			return
		}
		rp, ok := resolveRef(wf.path, src, ".wxs")
		line, col := wf.src.position(c.pos)
		if !ok || path.Ext(rp) != ".wxs" {
			firstErr = &ParseError{File: wf.src.path, Line: line, Column: col, Msg: fmt.Sprintf("require %q: only .wxs files inside the bundle can be required", src), Err: ErrNotFound}
			return
		}
		dep, err := t.loadWXS(rp, stack)
		if err != nil {
			firstErr = refErr(wf.src.path, line, col, "require", src, err)
			return
		}
		wf.requires[src] = dep
	})
	return firstErr
}

// walkCalls calls fn for every call expression in a program.
func walkCalls(prog []stmt, fn func(*callExpr)) {
	var ex func(e expr)
	var st func(s stmt)
	ex = func(e expr) {
		switch x := e.(type) {
		case *callExpr:
			fn(x)
			ex(x.callee)
			for _, a := range x.args {
				ex(a)
			}
		case *memberExpr:
			ex(x.obj)
			ex(x.prop)
		case *unaryExpr:
			ex(x.x)
		case *binaryExpr:
			ex(x.l)
			ex(x.r)
		case *condExpr:
			ex(x.test)
			ex(x.cons)
			ex(x.alt)
		case *arrayExpr:
			for _, y := range x.elems {
				ex(y)
			}
		case *objectExpr:
			for _, p := range x.props {
				if p.keyExpr != nil {
					ex(p.keyExpr)
				}
				ex(p.value)
			}
		case *spreadExpr:
			ex(x.x)
		case *funcExpr:
			for _, s := range x.fn.body {
				st(s)
			}
		case *assignExpr:
			ex(x.target)
			ex(x.value)
		case *updateExpr:
			ex(x.target)
		case *seqExpr:
			for _, y := range x.list {
				ex(y)
			}
		}
	}
	st = func(s stmt) {
		switch x := s.(type) {
		case *varStmt:
			for _, d := range x.decls {
				if d.init != nil {
					ex(d.init)
				}
			}
		case *exprStmt:
			ex(x.x)
		case *ifStmt:
			ex(x.test)
			st(x.cons)
			if x.alt != nil {
				st(x.alt)
			}
		case *forStmt:
			if x.init != nil {
				st(x.init)
			}
			if x.test != nil {
				ex(x.test)
			}
			if x.update != nil {
				ex(x.update)
			}
			st(x.body)
		case *forInStmt:
			ex(x.obj)
			st(x.body)
		case *whileStmt:
			ex(x.test)
			st(x.body)
		case *returnStmt:
			if x.x != nil {
				ex(x.x)
			}
		case *blockStmt:
			for _, y := range x.list {
				st(y)
			}
		case *funcDecl:
			for _, y := range x.fn.body {
				st(y)
			}
		case *switchStmt:
			ex(x.disc)
			for _, c := range x.cases {
				if c.test != nil {
					ex(c.test)
				}
				for _, y := range c.body {
					st(y)
				}
			}
		case *throwStmt:
			ex(x.x)
		}
	}
	for _, s := range prog {
		st(s)
	}
}

// lookupDef finds a <template name> visible from tpl: its own, then those
// of the files it imports (not transitively, as the platform).
func (tpl *Template) lookupDef(name string) (*tDef, *Template) {
	if d, ok := tpl.f.defs[name]; ok {
		return d, tpl
	}
	for i := len(tpl.imports) - 1; i >= 0; i-- {
		it := tpl.imports[i]
		if it.f == nil {
			continue
		}
		if d, ok := it.f.defs[name]; ok {
			return d, it
		}
	}
	return nil, nil
}
