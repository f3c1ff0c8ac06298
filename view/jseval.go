package view

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// jsFunc is a function defined in WXS.
type jsFunc struct {
	def  *funcDef
	env  *env
	file *srcFile
	name string
}

// nativeFunc is a built-in function (Math.max, getDate, a string method...).
type nativeFunc struct {
	name string
	fn   func(in *interp, this any, args []any) (any, error)
}

// srcFile locates WXS or binding source for error messages: byte offsets
// in text are turned into a line and column of path, shifted by where the
// text starts in its file (inline <wxs> code sits inside a .wxml file).
type srcFile struct {
	path      string
	text      string
	line, col int // position of text[0] in the file, 1-based
}

func (f *srcFile) position(pos int) (line, col int) {
	if f == nil {
		return 0, 0
	}
	line, col = f.line, f.col
	if pos > len(f.text) {
		pos = len(f.text)
	}
	for _, r := range f.text[:max(pos, 0)] {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// jsError is an evaluation error at a source position.
type jsError struct {
	file   *srcFile
	pos    int
	msg    string
	thrown any // value of a WXS throw statement
}

func (e *jsError) Error() string { return e.msg }

// env is a WXS variable scope (one per function call, plus the module).
type env struct {
	vars   map[string]any
	parent *env
}

func newEnv(parent *env) *env { return &env{vars: map[string]any{}, parent: parent} }

func (e *env) lookup(name string) (any, []string, bool) {
	for s := e; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v, nil, false
		}
	}
	return nil, nil, false
}

func (e *env) find(name string) *env {
	for s := e; s != nil; s = s.parent {
		if _, ok := s.vars[name]; ok {
			return s
		}
	}
	return nil
}

// resolver looks names up for the evaluator: template scopes report the
// data path a name stands for (tracked), WXS environments never do.
type resolver interface {
	lookup(name string) (val any, path []string, tracked bool)
}

// Limits that keep a runaway or hostile WXS module from hanging a render.
const (
	maxSteps     = 5_000_000
	maxCallDepth = 200
	// maxArray is the most elements a WXS array may have.
	maxArray = 1 << 20
	// Work inside built-ins counts against maxSteps: a step per
	// stepBytes bytes and per stepElems elements a built-in scans or
	// makes.
	stepBytes = 16
	stepElems = 4
	// stepCopy is the bytes per step of the + operator, a plain copy.
	stepCopy = 256
)

// sizeOf is the work a value stands for when a built-in scans or makes
// it, in steps: a string's bytes, an array's elements, an object's keys.
func sizeOf(v any) int {
	switch x := v.(type) {
	case string:
		return len(x) / stepBytes
	case []any:
		return len(x) / stepElems
	case *jsArray:
		return len(x.v) / stepElems
	case map[string]any:
		return len(x) / stepElems
	}
	return 0
}

// lenOf is the length of an array (0 for other values).
func lenOf(v any) int {
	switch x := v.(type) {
	case []any:
		return len(x)
	case *jsArray:
		return len(x.v)
	}
	return 0
}

// charge adds n steps of work done by a built-in (see sizeOf) to the
// budget.
func (in *interp) charge(pos, n int) error {
	in.steps += n
	return in.tick(pos)
}

// checkLen fails when a string of n bytes (str) or an array of n
// elements would pass the limits, naming what made it.
func (in *interp) checkLen(pos int, what string, n int, str bool) error {
	if str && n > maxString {
		return in.errf(pos, "wxs: %s: string longer than %d bytes", what, maxString)
	}
	if !str && n > maxArray {
		return in.errf(pos, "wxs: %s: array longer than %d elements", what, maxArray)
	}
	return nil
}

// checkResult charges for a built-in's receiver, arguments and result
// and checks the result against the size limits.
func (in *interp) checkResult(pos int, what string, res any, inputs ...any) error {
	n := sizeOf(res)
	for _, a := range inputs {
		n += sizeOf(a)
	}
	if err := in.charge(pos, n); err != nil {
		return err
	}
	switch x := res.(type) {
	case string:
		return in.checkLen(pos, what, len(x), true)
	case []any, *jsArray:
		return in.checkLen(pos, what, lenOf(x), false)
	}
	return nil
}

// interp evaluates expressions and WXS statements.
type interp struct {
	deps  *[][]string // data paths read, when tracking
	steps int
	depth int
	wxs   bool // running WXS code (strict: errors on undefined names and properties of undefined)
	file  *srcFile
	glob  *env // WXS globals
	// callPos is the position of the native function call in progress,
	// for its errors.
	callPos int
}

func (in *interp) errf(pos int, format string, args ...any) error {
	return &jsError{file: in.file, pos: pos, msg: fmt.Sprintf(format, args...)}
}

func (in *interp) record(path []string) {
	if in.deps != nil {
		*in.deps = append(*in.deps, path)
	}
}

func (in *interp) tick(pos int) error {
	in.steps++
	if in.steps > maxSteps {
		return in.errf(pos, "wxs: step limit of %d exceeded (endless loop?)", maxSteps)
	}
	return nil
}

// eval evaluates e, recording the data paths it reads.
func (in *interp) eval(e expr, sc resolver) (any, error) {
	switch x := e.(type) {
	case *litExpr:
		return x.val, nil
	case *identExpr, *memberExpr:
		v, path, tracked, err := in.ref(e, sc)
		if err != nil {
			return nil, err
		}
		if tracked {
			in.record(path)
		}
		return v, nil
	case *unaryExpr:
		if x.op == "typeof" {
			if id, ok := x.x.(*identExpr); ok && in.wxs {
				if _, _, found := lookupWXS(sc, id.name); !found {
					return "undefined", nil
				}
			}
		}
		if x.op == "delete" {
			return in.deleteProp(x, sc)
		}
		v, err := in.eval(x.x, sc)
		if err != nil {
			return nil, err
		}
		switch x.op {
		case "!":
			return !truthy(v), nil
		case "-":
			return -toNumber(v), nil
		case "+":
			return toNumber(v), nil
		case "~":
			return float64(^toInt32(v)), nil
		case "typeof":
			return typeOf(v), nil
		case "void":
			return undefined, nil
		}
	case *binaryExpr:
		return in.binary(x, sc)
	case *condExpr:
		t, err := in.eval(x.test, sc)
		if err != nil {
			return nil, err
		}
		if truthy(t) {
			return in.eval(x.cons, sc)
		}
		return in.eval(x.alt, sc)
	case *arrayExpr:
		out := make([]any, 0, len(x.elems))
		for _, el := range x.elems {
			if sp, ok := el.(*spreadExpr); ok {
				v, err := in.eval(sp.x, sc)
				if err != nil {
					return nil, err
				}
				n := lenOf(normalize(v))
				if s, ok := v.(string); ok {
					n = utf8.RuneCountInString(s)
				}
				if err := in.checkLen(sp.pos, "spread", len(out)+n, false); err != nil {
					return nil, err
				}
				if err := in.charge(sp.pos, n/stepElems); err != nil {
					return nil, err
				}
				switch a := normalize(v).(type) {
				case []any:
					out = append(out, a...)
				case *jsArray:
					out = append(out, a.v...)
				case string:
					for _, r := range a {
						out = append(out, string(r))
					}
				case nil, undefinedType:
					if in.wxs {
						return nil, in.errf(sp.pos, "cannot spread %s", toString(a))
					}
				default:
					return nil, in.errf(sp.pos, "cannot spread a %s into an array", typeOf(a))
				}
				continue
			}
			v, err := in.eval(el, sc)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		if in.wxs {
			return &jsArray{v: out}, nil
		}
		return out, nil
	case *objectExpr:
		out := make(map[string]any, len(x.props))
		for _, p := range x.props {
			v, err := in.eval(p.value, sc)
			if err != nil {
				return nil, err
			}
			if p.spread {
				switch o := normalize(v).(type) {
				case map[string]any:
					for k, e := range o {
						out[k] = e
					}
				case []any:
					for i, e := range o {
						out[numberToString(float64(i))] = e
					}
				case *jsArray:
					for i, e := range o.v {
						out[numberToString(float64(i))] = e
					}
				case string:
					i := 0
					for _, r := range o {
						out[numberToString(float64(i))] = string(r)
						i++
					}
				}
				continue
			}
			key := p.key
			if p.keyExpr != nil {
				k, err := in.eval(p.keyExpr, sc)
				if err != nil {
					return nil, err
				}
				key = toString(k)
			}
			out[key] = v
		}
		return out, nil
	case *callExpr:
		return in.call(x, sc)
	case *spreadExpr:
		return nil, in.errf(x.pos, "unexpected spread")
	case *funcExpr:
		e, _ := sc.(*env)
		return &jsFunc{def: x.fn, env: e, file: in.file, name: x.fn.name}, nil
	case *assignExpr:
		return in.assign(x, sc)
	case *updateExpr:
		old, err := in.eval(x.target, sc)
		if err != nil {
			return nil, err
		}
		n := toNumber(old)
		nv := n + 1
		if x.op == "--" {
			nv = n - 1
		}
		if err := in.store(x.target, nv, sc); err != nil {
			return nil, err
		}
		if x.prefix {
			return nv, nil
		}
		return n, nil
	case *seqExpr:
		var v any = undefined
		for _, y := range x.list {
			var err error
			if v, err = in.eval(y, sc); err != nil {
				return nil, err
			}
		}
		return v, nil
	}
	return nil, in.errf(e.exprPos(), "unsupported expression")
}

func lookupWXS(sc resolver, name string) (any, []string, bool) {
	if e, ok := sc.(*env); ok {
		if s := e.find(name); s != nil {
			return s.vars[name], nil, true
		}
		return nil, nil, false
	}
	v, p, t := sc.lookup(name)
	return v, p, t || v != nil
}

// ref evaluates an identifier or member chain and reports the data path
// it denotes when the chain starts at tracked page data.
func (in *interp) ref(e expr, sc resolver) (any, []string, bool, error) {
	switch x := e.(type) {
	case *identExpr:
		if x.name == "NaN" {
			return math.NaN(), nil, false, nil
		}
		if x.name == "Infinity" {
			return math.Inf(1), nil, false, nil
		}
		if en, ok := sc.(*env); ok {
			s := en.find(x.name)
			if s == nil {
				return nil, nil, false, in.errf(x.pos, "%s is not defined", x.name)
			}
			return s.vars[x.name], nil, false, nil
		}
		v, path, tracked := sc.lookup(x.name)
		return v, path, tracked, nil
	case *memberExpr:
		var obj any
		var path []string
		var tracked bool
		var err error
		switch x.obj.(type) {
		case *identExpr, *memberExpr:
			obj, path, tracked, err = in.ref(x.obj, sc)
		default:
			obj, err = in.eval(x.obj, sc)
		}
		if err != nil {
			return nil, nil, false, err
		}
		var key string
		if lit, ok := x.prop.(*litExpr); ok && !x.computed {
			key = lit.val.(string)
		} else {
			k, err := in.eval(x.prop, sc)
			if err != nil {
				return nil, nil, false, err
			}
			key = toString(k)
		}
		v, err := in.getProp(x.pos, obj, key)
		if err != nil {
			return nil, nil, false, err
		}
		if tracked {
			seg := key
			if key == "length" {
				switch normalize(obj).(type) {
				case []any, *jsArray, string:
					n, _ := v.(float64)
					seg = lengthDep(int(n))
				}
			}
			np := make([]string, len(path)+1)
			copy(np, path)
			np[len(path)] = seg
			path = np
		}
		return v, path, tracked, nil
	}
	v, err := in.eval(e, sc)
	return v, nil, false, err
}

// getProp reads obj[key].
func (in *interp) getProp(pos int, obj any, key string) (any, error) {
	switch o := normalize(obj).(type) {
	case nil, undefinedType:
		if in.wxs {
			return nil, in.errf(pos, "cannot read property %q of %s", key, toString(o))
		}
		return undefined, nil
	case map[string]any:
		if v, ok := o[key]; ok {
			return v, nil
		}
		if key == "constructor" && in.wxs {
			return "Object", nil
		}
		return undefined, nil
	case []any:
		return arrayProp(in, o, key), nil
	case *jsArray:
		if v, ok := o.props[key]; ok {
			return v, nil
		}
		return arrayProp(in, o.v, key), nil
	case string:
		if key == "length" {
			return float64(len([]rune(o))), nil
		}
		if i, ok := arrayIndex(key); ok {
			rs := []rune(o)
			if i < len(rs) {
				return string(rs[i]), nil
			}
			return undefined, nil
		}
	case *jsRegExp:
		switch key {
		case "source":
			return o.source, nil
		case "global":
			return o.global, nil
		case "ignoreCase":
			return strings.Contains(o.flags, "i"), nil
		case "multiline":
			return strings.Contains(o.flags, "m"), nil
		case "lastIndex":
			return float64(o.lastIndex), nil
		}
	case *jsFunc:
		if key == "length" {
			return float64(len(o.def.params)), nil
		}
	}
	if key == "constructor" && in.wxs {
		return constructorName(obj), nil
	}
	return undefined, nil
}

func arrayProp(in *interp, a []any, key string) any {
	if key == "length" {
		return float64(len(a))
	}
	if i, ok := arrayIndex(key); ok {
		if i < len(a) {
			return a[i]
		}
		return undefined
	}
	if key == "constructor" && in.wxs {
		return "Array"
	}
	return undefined
}

// arrayIndex parses a canonical array index ("0", "12", not "01").
func arrayIndex(key string) (int, bool) {
	if key == "" || len(key) > 9 || key[0] == '0' && len(key) > 1 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func (in *interp) binary(x *binaryExpr, sc resolver) (any, error) {
	l, err := in.eval(x.l, sc)
	if err != nil {
		return nil, err
	}
	switch x.op {
	case "&&":
		if !truthy(l) {
			return l, nil
		}
		return in.eval(x.r, sc)
	case "||":
		if truthy(l) {
			return l, nil
		}
		return in.eval(x.r, sc)
	case "??":
		if !isNullish(normalize(l)) {
			return l, nil
		}
		return in.eval(x.r, sc)
	}
	r, err := in.eval(x.r, sc)
	if err != nil {
		return nil, err
	}
	v, err := binaryOp(x.op, l, r, func() error { return in.errf(x.pos, "invalid operand of %q", x.op) })
	if s, ok := v.(string); ok && err == nil {
		err = in.charge(x.pos, len(s)/stepCopy)
	}
	return v, err
}

func binaryOp(op string, l, r any, bad func() error) (any, error) {
	switch op {
	case "+":
		v := addValues(l, r)
		if s, ok := v.(string); ok && len(s) > maxString {
			return nil, bad()
		}
		return v, nil
	case "-":
		return toNumber(l) - toNumber(r), nil
	case "*":
		return toNumber(l) * toNumber(r), nil
	case "/":
		return toNumber(l) / toNumber(r), nil
	case "%":
		a, b := toNumber(l), toNumber(r)
		return math.Mod(a, b), nil
	case "==":
		return looseEquals(l, r), nil
	case "!=":
		return !looseEquals(l, r), nil
	case "===":
		return strictEquals(l, r), nil
	case "!==":
		return !strictEquals(l, r), nil
	case "<":
		lt, ok := compareLess(l, r)
		return ok && lt, nil
	case ">":
		lt, ok := compareLess(r, l)
		return ok && lt, nil
	case "<=":
		lt, ok := compareLess(r, l)
		return ok && !lt, nil
	case ">=":
		lt, ok := compareLess(l, r)
		return ok && !lt, nil
	case "&":
		return float64(toInt32(l) & toInt32(r)), nil
	case "|":
		return float64(toInt32(l) | toInt32(r)), nil
	case "^":
		return float64(toInt32(l) ^ toInt32(r)), nil
	case "<<":
		return float64(toInt32(l) << (uint32(toInt32(r)) & 31)), nil
	case ">>":
		return float64(toInt32(l) >> (uint32(toInt32(r)) & 31)), nil
	case ">>>":
		return float64(uint32(toInt32(l)) >> (uint32(toInt32(r)) & 31)), nil
	case "in":
		key := toString(l)
		switch o := normalize(r).(type) {
		case map[string]any:
			_, ok := o[key]
			return ok, nil
		case []any:
			i, ok := arrayIndex(key)
			return ok && i < len(o) || key == "length", nil
		case *jsArray:
			i, ok := arrayIndex(key)
			return ok && i < len(o.v) || key == "length", nil
		}
		return nil, bad()
	}
	return nil, bad()
}

func (in *interp) call(x *callExpr, sc resolver) (any, error) {
	var this any = undefined
	var fn any
	method := ""
	if m, ok := x.callee.(*memberExpr); ok {
		recv, err := in.eval(m.obj, sc)
		if err != nil {
			return nil, err
		}
		var key string
		if lit, ok := m.prop.(*litExpr); ok && !m.computed {
			key = lit.val.(string)
		} else {
			k, err := in.eval(m.prop, sc)
			if err != nil {
				return nil, err
			}
			key = toString(k)
		}
		this = recv
		if o, ok := normalize(recv).(map[string]any); ok {
			if v, has := o[key]; has {
				fn = v
			} else if key == "hasOwnProperty" || key == "toString" || key == "valueOf" {
				method = key
			} else {
				return nil, in.errf(exprStart(x.callee), "%s is not a function", describeCallee(x.callee))
			}
		} else {
			method = key
		}
		if isNullish(normalize(recv)) {
			return nil, in.errf(m.pos, "cannot call method %q of %s", key, toString(recv))
		}
	} else {
		v, err := in.eval(x.callee, sc)
		if err != nil {
			return nil, err
		}
		fn = v
	}
	args := make([]any, 0, len(x.args))
	for _, a := range x.args {
		if sp, ok := a.(*spreadExpr); ok {
			v, err := in.eval(sp.x, sc)
			if err != nil {
				return nil, err
			}
			switch arr := normalize(v).(type) {
			case []any:
				args = append(args, arr...)
			case *jsArray:
				args = append(args, arr.v...)
			default:
				return nil, in.errf(sp.pos, "cannot spread a %s into arguments", typeOf(v))
			}
			continue
		}
		v, err := in.eval(a, sc)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	if method != "" {
		return in.callMethod(x.pos, this, method, args)
	}
	return in.callValue(exprStart(x.callee), fn, this, args, describeCallee(x.callee))
}

// exprStart is the offset where e begins (a member chain begins at its
// object).
func exprStart(e expr) int {
	for {
		switch x := e.(type) {
		case *memberExpr:
			e = x.obj
		case *callExpr:
			e = x.callee
		default:
			return e.exprPos()
		}
	}
}

func describeCallee(e expr) string {
	switch x := e.(type) {
	case *identExpr:
		return x.name
	case *memberExpr:
		if lit, ok := x.prop.(*litExpr); ok && !x.computed {
			return describeCallee(x.obj) + "." + lit.val.(string)
		}
		return describeCallee(x.obj) + "[...]"
	}
	return "expression"
}

// callValue calls a function value. Calls from a binding into WXS copy
// their arguments into WXS values, as the platform does.
func (in *interp) callValue(pos int, fn, this any, args []any, name string) (any, error) {
	switch f := fn.(type) {
	case *nativeFunc:
		saved := in.callPos
		in.callPos = pos
		defer func() { in.callPos = saved }()
		v, err := f.fn(in, this, args)
		if err != nil {
			return nil, err
		}
		if err := in.checkResult(pos, f.name, v, args...); err != nil {
			return nil, err
		}
		return v, nil
	case *jsFunc:
		if !in.wxs {
			for i, a := range args {
				args[i] = toWXS(a, 0)
			}
			sub := &interp{wxs: true, file: f.file, glob: in.glob}
			v, err := sub.invoke(pos, f, this, args)
			in.steps += sub.steps
			return v, err
		}
		return in.invoke(pos, f, this, args)
	}
	return nil, in.errf(pos, "%s is not a function", name)
}

// invoke runs a WXS function.
func (in *interp) invoke(pos int, f *jsFunc, this any, args []any) (any, error) {
	in.depth++
	defer func() { in.depth-- }()
	if in.depth > maxCallDepth {
		return nil, in.errf(pos, "wxs: maximum call depth exceeded")
	}
	saved := in.file
	in.file = f.file
	defer func() { in.file = saved }()
	e := newEnv(f.env)
	hoist(f.def.body, e)
	for i, p := range f.def.params {
		if i < len(args) {
			e.vars[p] = args[i]
		} else {
			e.vars[p] = undefined
		}
	}
	e.vars["arguments"] = &jsArray{v: append([]any(nil), args...)}
	if err := in.declareFuncs(f.def.body, e); err != nil {
		return nil, err
	}
	for _, s := range f.def.body {
		c, v, err := in.exec(s, e)
		if err != nil {
			return nil, err
		}
		if c == ctlReturn {
			return v, nil
		}
	}
	return undefined, nil
}

// hoist declares the var names of body in e, as JavaScript hoists them.
func hoist(body []stmt, e *env) {
	var walk func(s stmt)
	walk = func(s stmt) {
		switch x := s.(type) {
		case *varStmt:
			for _, d := range x.decls {
				if _, ok := e.vars[d.name]; !ok {
					e.vars[d.name] = undefined
				}
			}
		case *blockStmt:
			for _, y := range x.list {
				walk(y)
			}
		case *ifStmt:
			walk(x.cons)
			if x.alt != nil {
				walk(x.alt)
			}
		case *forStmt:
			if x.init != nil {
				walk(x.init)
			}
			walk(x.body)
		case *forInStmt:
			if _, ok := e.vars[x.name]; !ok && e.parent != nil {
				e.vars[x.name] = undefined
			}
			walk(x.body)
		case *whileStmt:
			walk(x.body)
		case *switchStmt:
			for _, c := range x.cases {
				for _, y := range c.body {
					walk(y)
				}
			}
		}
	}
	for _, s := range body {
		walk(s)
	}
}

func (in *interp) declareFuncs(body []stmt, e *env) error {
	for _, s := range body {
		if fd, ok := s.(*funcDecl); ok {
			e.vars[fd.fn.name] = &jsFunc{def: fd.fn, env: e, file: in.file, name: fd.fn.name}
		}
	}
	return nil
}

type ctl int

const (
	ctlNone ctl = iota
	ctlReturn
	ctlBreak
	ctlContinue
)

// exec runs one WXS statement.
func (in *interp) exec(s stmt, e *env) (ctl, any, error) {
	if err := in.tick(s.stmtPos()); err != nil {
		return 0, nil, err
	}
	switch x := s.(type) {
	case *emptyStmt, *funcDecl:
		return ctlNone, nil, nil
	case *exprStmt:
		_, err := in.eval(x.x, e)
		return ctlNone, nil, err
	case *varStmt:
		for _, d := range x.decls {
			if d.init == nil {
				if _, ok := e.vars[d.name]; !ok {
					e.vars[d.name] = undefined
				}
				continue
			}
			v, err := in.eval(d.init, e)
			if err != nil {
				return 0, nil, err
			}
			if s := e.find(d.name); s != nil {
				s.vars[d.name] = v
			} else {
				e.vars[d.name] = v
			}
		}
		return ctlNone, nil, nil
	case *blockStmt:
		for _, y := range x.list {
			c, v, err := in.exec(y, e)
			if err != nil || c != ctlNone {
				return c, v, err
			}
		}
		return ctlNone, nil, nil
	case *ifStmt:
		t, err := in.eval(x.test, e)
		if err != nil {
			return 0, nil, err
		}
		if truthy(t) {
			return in.exec(x.cons, e)
		}
		if x.alt != nil {
			return in.exec(x.alt, e)
		}
		return ctlNone, nil, nil
	case *forStmt:
		if x.init != nil {
			if _, _, err := in.exec(x.init, e); err != nil {
				return 0, nil, err
			}
		}
		for {
			if x.test != nil {
				t, err := in.eval(x.test, e)
				if err != nil {
					return 0, nil, err
				}
				if !truthy(t) {
					break
				}
			}
			c, v, err := in.exec(x.body, e)
			if err != nil || c == ctlReturn {
				return c, v, err
			}
			if c == ctlBreak {
				break
			}
			if x.update != nil {
				if _, err := in.eval(x.update, e); err != nil {
					return 0, nil, err
				}
			}
			if err := in.tick(x.pos); err != nil {
				return 0, nil, err
			}
		}
		return ctlNone, nil, nil
	case *forInStmt:
		o, err := in.eval(x.obj, e)
		if err != nil {
			return 0, nil, err
		}
		var keys []string
		switch v := normalize(o).(type) {
		case map[string]any:
			keys = sortedKeys(v)
		case []any:
			for i := range v {
				keys = append(keys, numberToString(float64(i)))
			}
		case *jsArray:
			for i := range v.v {
				keys = append(keys, numberToString(float64(i)))
			}
		case string:
			for i := range []rune(v) {
				keys = append(keys, numberToString(float64(i)))
			}
		}
		for _, k := range keys {
			if s := e.find(x.name); s != nil {
				s.vars[x.name] = k
			} else {
				e.vars[x.name] = k
			}
			c, v, err := in.exec(x.body, e)
			if err != nil || c == ctlReturn {
				return c, v, err
			}
			if c == ctlBreak {
				break
			}
		}
		return ctlNone, nil, nil
	case *whileStmt:
		first := x.do
		for {
			if !first {
				t, err := in.eval(x.test, e)
				if err != nil {
					return 0, nil, err
				}
				if !truthy(t) {
					break
				}
			}
			first = false
			c, v, err := in.exec(x.body, e)
			if err != nil || c == ctlReturn {
				return c, v, err
			}
			if c == ctlBreak {
				break
			}
			if err := in.tick(x.pos); err != nil {
				return 0, nil, err
			}
		}
		return ctlNone, nil, nil
	case *returnStmt:
		if x.x == nil {
			return ctlReturn, undefined, nil
		}
		v, err := in.eval(x.x, e)
		return ctlReturn, v, err
	case *breakStmt:
		return ctlBreak, nil, nil
	case *continueStmt:
		return ctlContinue, nil, nil
	case *switchStmt:
		d, err := in.eval(x.disc, e)
		if err != nil {
			return 0, nil, err
		}
		start := -1
		for i, c := range x.cases {
			if c.test == nil {
				continue
			}
			t, err := in.eval(c.test, e)
			if err != nil {
				return 0, nil, err
			}
			if strictEquals(d, t) {
				start = i
				break
			}
		}
		if start < 0 {
			for i, c := range x.cases {
				if c.test == nil {
					start = i
				}
			}
		}
		if start < 0 {
			return ctlNone, nil, nil
		}
		for _, c := range x.cases[start:] {
			for _, y := range c.body {
				k, v, err := in.exec(y, e)
				if err != nil || k == ctlReturn || k == ctlContinue {
					return k, v, err
				}
				if k == ctlBreak {
					return ctlNone, nil, nil
				}
			}
		}
		return ctlNone, nil, nil
	case *throwStmt:
		v, err := in.eval(x.x, e)
		if err != nil {
			return 0, nil, err
		}
		msg := toString(v)
		if m, ok := v.(map[string]any); ok && m["message"] != nil {
			msg = toString(m["message"])
		}
		return 0, nil, &jsError{file: in.file, pos: x.pos, msg: "wxs: uncaught " + msg, thrown: v}
	}
	return 0, nil, in.errf(s.stmtPos(), "unsupported statement")
}

func (in *interp) assign(x *assignExpr, sc resolver) (any, error) {
	var v any
	if x.op == "=" {
		var err error
		if v, err = in.eval(x.value, sc); err != nil {
			return nil, err
		}
	} else {
		old, err := in.eval(x.target, sc)
		if err != nil {
			return nil, err
		}
		r, err := in.eval(x.value, sc)
		if err != nil {
			return nil, err
		}
		if v, err = binaryOp(strings.TrimSuffix(x.op, "="), old, r, func() error { return in.errf(x.pos, "invalid operand of %q", x.op) }); err != nil {
			return nil, err
		}
	}
	return v, in.store(x.target, v, sc)
}

// store assigns v to an identifier or property (WXS only).
func (in *interp) store(target expr, v any, sc resolver) error {
	e, ok := sc.(*env)
	if !ok {
		return in.errf(target.exprPos(), "assignment is not allowed in a binding")
	}
	switch t := target.(type) {
	case *identExpr:
		if s := e.find(t.name); s != nil {
			s.vars[t.name] = v
			return nil
		}
		// Undeclared names become module-level variables, as sloppy JS.
		root := e
		for root.parent != nil && root.parent != in.glob {
			root = root.parent
		}
		root.vars[t.name] = v
		return nil
	case *memberExpr:
		obj, err := in.eval(t.obj, sc)
		if err != nil {
			return err
		}
		var key string
		if lit, ok := t.prop.(*litExpr); ok && !t.computed {
			key = lit.val.(string)
		} else {
			k, err := in.eval(t.prop, sc)
			if err != nil {
				return err
			}
			key = toString(k)
		}
		switch o := obj.(type) {
		case map[string]any:
			o[key] = v
			return nil
		case *jsArray:
			if key == "length" {
				n := int(toNumber(v))
				if n < 0 || n > 1<<24 {
					return in.errf(t.pos, "invalid array length")
				}
				for len(o.v) < n {
					o.v = append(o.v, undefined)
				}
				o.v = o.v[:n]
				return nil
			}
			i, ok := arrayIndex(key)
			if !ok {
				return in.errf(t.pos, "cannot set property %q of an array", key)
			}
			if i > len(o.v)+1<<20 {
				return in.errf(t.pos, "array index %d too large", i)
			}
			for len(o.v) <= i {
				o.v = append(o.v, undefined)
			}
			o.v[i] = v
			return nil
		case []any:
			i, ok := arrayIndex(key)
			if ok && i < len(o) {
				o[i] = v
				return nil
			}
		}
		return in.errf(t.pos, "cannot set property %q of %s", key, typeOf(obj))
	}
	return in.errf(target.exprPos(), "invalid assignment target")
}

func (in *interp) deleteProp(x *unaryExpr, sc resolver) (any, error) {
	m, ok := x.x.(*memberExpr)
	if !ok {
		return false, nil
	}
	obj, err := in.eval(m.obj, sc)
	if err != nil {
		return nil, err
	}
	k, err := in.eval(m.prop, sc)
	if err != nil {
		return nil, err
	}
	key := toString(k)
	if lit, ok := m.prop.(*litExpr); ok && !m.computed {
		key = lit.val.(string)
	}
	if o, ok := obj.(map[string]any); ok {
		delete(o, key)
		return true, nil
	}
	return false, nil
}
