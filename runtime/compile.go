package runtime

import (
	"crypto/sha256"
	"fmt"
	pathpkg "path"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
	"golang.org/x/sync/singleflight"
)

// SyntaxError reports JavaScript that cannot be compiled. Line and Column
// point into the original source file of the bundle (1-based line, 1-based
// column).
type SyntaxError struct {
	File   string // path of the file inside the bundle, e.g. "pages/index/index.js"
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: syntax error: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: syntax error: %s", e.File, e.Msg)
}

// moduleWrapper turns a compiled CommonJS module into a function expression.
// It is kept on the module's first line so that line numbers do not shift.
const (
	moduleHead = "(function (exports, require, module, __filename, __dirname) {"
	moduleTail = "\n})"
)

// Programs is a cache of compiled modules shared by runtimes. Compiling a
// module (esbuild to CommonJS, then goja) costs far more than running it, so
// every runtime created with the same Programs compiles each distinct file
// once: entries are keyed by the SHA-256 of the file's path and content.
//
// A Programs is safe for concurrent use. The zero value is not usable; call
// [NewPrograms]. Runtimes whose Options leave Programs nil share one
// process-wide cache.
type Programs struct {
	mu      sync.Mutex
	entries map[[32]byte]*goja.Program
	order   [][32]byte // insertion order, for eviction
	max     int
	flight  singleflight.Group
}

// NewPrograms returns an empty cache that holds at most max compiled
// modules (the oldest are dropped first); max <= 0 means 4096.
func NewPrograms(max int) *Programs {
	if max <= 0 {
		max = 4096
	}
	return &Programs{entries: make(map[[32]byte]*goja.Program), max: max}
}

var defaultPrograms = NewPrograms(0)

// Reset drops every compiled module; runtimes compile again on their next
// require.
func (p *Programs) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.entries = make(map[[32]byte]*goja.Program)
	p.order = nil
}

// Len reports how many compiled modules the cache holds.
func (p *Programs) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.entries)
}

func programKey(path string, src []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write(src)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// compile returns the compiled module for the file at path with content src.
func (p *Programs) compile(path string, src []byte) (*goja.Program, error) {
	key := programKey(path, src)
	p.mu.Lock()
	prg, ok := p.entries[key]
	p.mu.Unlock()
	if ok {
		return prg, nil
	}
	v, err, _ := p.flight.Do(string(key[:]), func() (any, error) {
		prg, err := compileModule(path, src)
		if err != nil {
			return nil, err
		}
		p.mu.Lock()
		if _, ok := p.entries[key]; !ok {
			if len(p.order) >= p.max {
				delete(p.entries, p.order[0])
				p.order = p.order[1:]
			}
			p.entries[key] = prg
			p.order = append(p.order, key)
		}
		p.mu.Unlock()
		return prg, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*goja.Program), nil
}

// transformOptions lower what goja lacks: ES modules become CommonJS and
// async generators / for-await are rewritten. Everything else goja runs
// natively, so it is left alone (smaller output, faster start).
var transformOptions = api.TransformOptions{
	Loader:    api.LoaderJS,
	Format:    api.FormatCommonJS,
	Target:    api.ES2022,
	Sourcemap: api.SourceMapInline,
	Supported: map[string]bool{
		"async-generator":      false,
		"for-await":            false,
		"top-level-await":      false,
		"regexp-match-indices": false,
	},
	LogLevel: api.LogLevelSilent,
}

// compileModule compiles one bundle file to a goja program whose value is
// the module function.
func compileModule(path string, src []byte) (*goja.Program, error) {
	opts := transformOptions
	// The source map names the file relative to its own directory, which is
	// how goja resolves it: positions in stack traces then read "dir/file.js".
	opts.Sourcefile = pathpkg.Base(path)
	res := api.Transform(string(src), opts)
	if len(res.Errors) > 0 {
		m := res.Errors[0]
		se := &SyntaxError{File: path, Msg: m.Text}
		if m.Location != nil {
			se.Line = m.Location.Line
			se.Column = m.Location.Column + 1
		}
		return nil, se
	}
	var b strings.Builder
	b.Grow(len(moduleHead) + len(res.Code) + len(moduleTail))
	b.WriteString(moduleHead)
	b.Write(res.Code)
	b.WriteString(moduleTail)
	prg, err := goja.Compile(path, b.String(), false)
	if err != nil {
		// esbuild accepted it, goja did not: report goja's message.
		return nil, &SyntaxError{File: path, Msg: err.Error()}
	}
	return prg, nil
}
