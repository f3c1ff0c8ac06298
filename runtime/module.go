package runtime

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/dop251/goja"
)

// module is one evaluated (or evaluating) file of the bundle.
type module struct {
	path   string
	obj    *goja.Object // the module object; exports live on it
	loaded bool
}

// resolve finds the file that require(spec) from the file "from" means.
// It returns "" when nothing matches.
//
// The order is: "/x" from the bundle root; "./x" and "../x" from the
// requiring file's directory; a bare name first as a package in
// miniprogram_npm (walking up from the requiring file's directory to the
// root), then, as the legacy form, next to the requiring file. Each
// candidate is tried as is, with ".js", and as a directory with "index.js".
func (r *Runtime) resolve(from, spec string) string {
	if spec == "" || strings.ContainsRune(spec, 0) || strings.Contains(spec, "\\") {
		return ""
	}
	dir := path.Dir(from)
	switch {
	case strings.HasPrefix(spec, "/"):
		return r.complete(spec[1:])
	case spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		return r.complete(path.Join(dir, spec))
	}
	for d := dir; ; d = path.Dir(d) {
		if p := r.completePackage(path.Join(d, "miniprogram_npm", spec)); p != "" {
			return p
		}
		if d == "." || d == "/" || d == "" {
			break
		}
	}
	return r.complete(path.Join(dir, spec))
}

// complete tries p, p.js and p/index.js; p must stay inside the bundle.
func (r *Runtime) complete(p string) string {
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return ""
	}
	for _, c := range [...]string{p, p + ".js", p + "/index.js"} {
		if r.isFile(c) {
			return c
		}
	}
	return ""
}

// completePackage resolves a miniprogram_npm package directory, honouring
// the "main" field of its package.json.
func (r *Runtime) completePackage(p string) string {
	if f := r.complete(p); f != "" {
		return f
	}
	data, err := r.readFile(path.Join(p, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct {
		Main string `json:"main"`
	}
	if json.Unmarshal(data, &pkg) != nil || pkg.Main == "" {
		return ""
	}
	return r.complete(path.Join(p, pkg.Main))
}

func (r *Runtime) isFile(name string) bool {
	if name == "." || name == "" {
		return false
	}
	st, err := fs.Stat(r.b.FS, name)
	return err == nil && !st.IsDir()
}

// require evaluates (once) and returns the exports of the module that spec
// names, relative to the file from. Loop only.
func (r *Runtime) require(from, spec string) (goja.Value, error) {
	p := r.resolve(from, spec)
	if p == "" {
		return nil, &ModuleNotFoundError{Spec: spec, From: from}
	}
	return r.requireFile(p)
}

// requireFile evaluates the module at bundle path p. As in Node, a module
// that is still being evaluated (a cycle) returns its exports so far.
func (r *Runtime) requireFile(p string) (goja.Value, error) {
	if m, ok := r.modules[p]; ok {
		return m.obj.Get("exports"), nil
	}
	src, err := r.readFile(p)
	if err != nil {
		return nil, &ModuleNotFoundError{Spec: p}
	}
	m := &module{path: p, obj: r.rt.NewObject()}
	exports := r.rt.NewObject()
	_ = m.obj.Set("exports", exports)
	_ = m.obj.Set("id", p)
	_ = m.obj.Set("filename", p)
	if strings.HasSuffix(p, ".json") {
		parse, _ := goja.AssertFunction(r.rt.Get("JSON").ToObject(r.rt).Get("parse"))
		v, err := parse(goja.Undefined(), r.rt.ToValue(string(src)))
		if err != nil {
			return nil, &SyntaxError{File: p, Msg: err.Error()}
		}
		_ = m.obj.Set("exports", v)
		m.loaded = true
		r.modules[p] = m
		return v, nil
	}
	prg, err := r.progs.compile(p, src)
	r.loop.restartBudget() // compiling is not script time
	if err != nil {
		return nil, err
	}
	fnVal, err := r.rt.RunProgram(prg)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(fnVal)
	if !ok {
		return nil, &SyntaxError{File: p, Msg: "module did not compile to a function"}
	}
	r.modules[p] = m
	req := r.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		spec := call.Argument(0).String()
		v, err := r.require(p, spec)
		if err != nil {
			var ex *goja.Exception
			if errors.As(err, &ex) {
				panic(ex.Value()) // the module's own exception, unchanged
			}
			panic(r.rt.NewGoError(err))
		}
		return v
	})
	_, err = fn(goja.Undefined(), exports, req, m.obj, r.rt.ToValue(p), r.rt.ToValue(path.Dir(p)))
	if err != nil {
		delete(r.modules, p) // a failed module is tried again by the next require, as in Node
		return nil, err
	}
	m.loaded = true
	return m.obj.Get("exports"), nil
}
