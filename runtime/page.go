package runtime

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/jsvalue"
)

// namedValue keeps definition fields in their declared order.
type namedValue struct {
	name  string
	value goja.Value
}

// propDef is one entry of a component's properties.
type propDef struct {
	name     string
	typ      string // "String", "Number", "Boolean", "Object", "Array", "" (any)
	value    goja.Value
	observer goja.Value // a function, or the name of a method
}

// observerDef is one entry of a component's observers: the fields it
// watches ("a, b.c", "list[0]", "obj.**", "**") and its function.
type observerDef struct {
	fields []string
	fn     goja.Callable
}

// behaviorDef is what Behavior() or Component() declared, before merging.
type behaviorDef struct {
	token     *goja.Object // what Behavior() returned; nil for a Component's own
	subs      []*behaviorDef
	props     []propDef
	data      *goja.Object
	methods   []namedValue
	lifetimes map[string][]goja.Callable
	pageLife  map[string][]goja.Callable
	observers []observerDef
	exports   bool // includes the built-in behavior wx://component-export
}

// pageDef is the definition of a page: a Page() options object, or a
// Component() with its behaviors merged.
type pageDef struct {
	route     string
	component bool
	opts      *goja.Object // Page() options
	// merged component definition
	props     []propDef
	data      *goja.Object
	methods   []namedValue
	lifetimes map[string][]goja.Callable
	pageLife  map[string][]goja.Callable
	observers []observerDef
	behaviors map[*goja.Object]bool // tokens of every behavior included
	exportFn  goja.Callable         // export() with wx://component-export
	relations []relationDef
	// options of the component
	externalClasses []string
	virtualHost     bool
	pureData        *regexp.Regexp // options.pureDataPattern: fields not rendered
}

// relationDef is one entry of a component's relations.
type relationDef struct {
	key                           string // as written: "./item"
	path                          string // the related component's path
	typ                           string // parent, child, ancestor, descendant
	linked, linkChanged, unlinked goja.Callable
}

// scope is what setData works on: a page or a component instance.
type scope struct {
	obj     *goja.Object // `this`
	dataObj *goja.Object // this.data
	data    map[string]any
	route   string    // the page's route
	pageID  int       // the page's WebView id
	comp    *compInst // the component instance, nil for a page
	// afterSet runs after a setData is applied, with its patch keys and
	// the previous values of the top-level fields they touched (observers,
	// view updates); nil does nothing.
	afterSet func(keys []string, old map[string]any)
}

// page is one open page instance.
type page struct {
	scope
	id      int
	query   []queryPair
	def     *pageDef
	opener  goja.Value // the EventChannel getOpenerEventChannel returns
	loaded  bool
	shown   bool
	gone    bool
	view    *pageView // the rendered WXML, nil when the page has none
	rt      *Runtime
	readied bool // components may get ready (the page has shown once)
}

type queryPair struct{ key, value string }

func (p *page) queryMap() map[string]string {
	m := make(map[string]string, len(p.query))
	for _, kv := range p.query {
		m[kv.key] = kv.value
	}
	return m
}

var componentLifetimes = []string{"created", "attached", "ready", "moved", "detached", "error"}

// jsApp implements App(options).
func (r *Runtime) jsApp(c goja.FunctionCall) goja.Value {
	if r.app != nil {
		panic(r.rt.NewGoError(errors.New("App() can only be called once")))
	}
	obj, ok := c.Argument(0).(*goja.Object)
	if !ok {
		obj = r.rt.NewObject()
	}
	if g := obj.Get("globalData"); g == nil || goja.IsUndefined(g) {
		_ = obj.Set("globalData", r.rt.NewObject())
	}
	r.app = obj
	return goja.Undefined()
}

// jsPage implements Page(options): it defines the page whose module is
// being evaluated.
func (r *Runtime) jsPage(c goja.FunctionCall) goja.Value {
	obj, ok := c.Argument(0).(*goja.Object)
	if !ok {
		obj = r.rt.NewObject()
	}
	if r.defining == "" {
		panic(r.rt.NewGoError(errors.New("Page() called outside a page module")))
	}
	r.pageDefs[r.defining] = &pageDef{route: r.defining, opts: obj}
	return goja.Undefined()
}

// jsComponent implements Component(options). Evaluated as a page module it
// defines the page; elsewhere it is accepted and ignored until a view layer
// instantiates components.
func (r *Runtime) jsComponent(c goja.FunctionCall) goja.Value {
	obj, ok := c.Argument(0).(*goja.Object)
	if !ok {
		obj = r.rt.NewObject()
	}
	own := r.parseBehavior(obj)
	if r.defining == "" {
		return goja.Undefined() // not a page or component module being loaded
	}
	var chain []*behaviorDef
	seen := map[*behaviorDef]bool{}
	linearize(own, seen, &chain)
	def := &pageDef{route: r.defining, component: true, data: r.rt.NewObject(),
		lifetimes: map[string][]goja.Callable{}, pageLife: map[string][]goja.Callable{},
		behaviors: map[*goja.Object]bool{}}
	exports := false
	propIdx := map[string]int{}
	methIdx := map[string]int{}
	for _, b := range chain {
		for _, p := range b.props {
			if i, ok := propIdx[p.name]; ok {
				def.props[i] = p
			} else {
				propIdx[p.name] = len(def.props)
				def.props = append(def.props, p)
			}
		}
		for _, m := range b.methods {
			if i, ok := methIdx[m.name]; ok {
				def.methods[i] = m
			} else {
				methIdx[m.name] = len(def.methods)
				def.methods = append(def.methods, m)
			}
		}
		if b.data != nil {
			r.mergeData(def.data, b.data)
		}
		for k, fns := range b.lifetimes {
			def.lifetimes[k] = append(def.lifetimes[k], fns...)
		}
		for k, fns := range b.pageLife {
			def.pageLife[k] = append(def.pageLife[k], fns...)
		}
		def.observers = append(def.observers, b.observers...)
		if b.token != nil {
			def.behaviors[b.token] = true
		}
		exports = exports || b.exports
	}
	if exports { // export is a top-level option (a method of that name works too)
		if fn, ok := goja.AssertFunction(obj.Get("export")); ok {
			def.exportFn = fn
		}
		for _, m := range def.methods {
			if m.name == "export" && def.exportFn == nil {
				def.exportFn, _ = goja.AssertFunction(m.value)
			}
		}
	}
	if ec, ok := obj.Get("externalClasses").(*goja.Object); ok {
		n := int(ec.Get("length").ToInteger())
		for i := 0; i < n; i++ {
			def.externalClasses = append(def.externalClasses, ec.Get(strconv.Itoa(i)).String())
		}
	}
	if opts, ok := obj.Get("options").(*goja.Object); ok {
		def.virtualHost = opts.Get("virtualHost").ToBoolean()
		if re, ok := opts.Get("pureDataPattern").(*goja.Object); ok && re.ClassName() == "RegExp" {
			// Go's RE2 covers the patterns used here (^_, ^\$...).
			def.pureData, _ = regexp.Compile(re.Get("source").String())
		}
	}
	if rel, ok := obj.Get("relations").(*goja.Object); ok && r.definingComponent {
		for _, k := range rel.Keys() {
			ro, ok := rel.Get(k).(*goja.Object)
			if !ok {
				continue
			}
			rd := relationDef{key: k, typ: ro.Get("type").String()}
			if f := r.resolve(r.defining+".js", k); f != "" {
				rd.path = strings.TrimSuffix(f, ".js")
			}
			rd.linked, _ = goja.AssertFunction(ro.Get("linked"))
			rd.linkChanged, _ = goja.AssertFunction(ro.Get("linkChanged"))
			rd.unlinked, _ = goja.AssertFunction(ro.Get("unlinked"))
			def.relations = append(def.relations, rd)
		}
	}
	if r.definingComponent {
		r.compDefs[r.defining] = def
	} else {
		r.pageDefs[r.defining] = def
	}
	return goja.Undefined()
}

// jsBehavior implements Behavior(options); the returned object stands for
// the behavior in a behaviors list.
func (r *Runtime) jsBehavior(c goja.FunctionCall) goja.Value {
	obj, ok := c.Argument(0).(*goja.Object)
	if !ok {
		obj = r.rt.NewObject()
	}
	token := r.rt.NewObject()
	_ = token.Set("behaviors", obj.Get("behaviors"))
	b := r.parseBehavior(obj)
	b.token = token
	r.behaviors[token] = b
	return token
}

// linearize orders behaviors as the base library merges them: included
// behaviors before the one that includes them, each once.
func linearize(b *behaviorDef, seen map[*behaviorDef]bool, out *[]*behaviorDef) {
	if seen[b] {
		return
	}
	seen[b] = true
	for _, s := range b.subs {
		linearize(s, seen, out)
	}
	*out = append(*out, b)
}

func (r *Runtime) parseBehavior(obj *goja.Object) *behaviorDef {
	b := &behaviorDef{lifetimes: map[string][]goja.Callable{}, pageLife: map[string][]goja.Callable{}}
	if list, ok := obj.Get("behaviors").(*goja.Object); ok {
		n := int(list.Get("length").ToInteger())
		for i := 0; i < n; i++ {
			switch el := list.Get(strconv.Itoa(i)).(type) {
			case *goja.Object:
				if sub, ok := r.behaviors[el]; ok {
					b.subs = append(b.subs, sub)
				}
			default:
				// Built-in behaviors are named by strings: wx://component-export
				// makes export() shape what selectComponent returns;
				// wx://form-field marks a field for <form>.
				if el != nil && el.String() == "wx://component-export" {
					b.exports = true
				}
			}
		}
	}
	if props, ok := obj.Get("properties").(*goja.Object); ok {
		for _, k := range props.Keys() {
			b.props = append(b.props, r.parseProp(k, props.Get(k)))
		}
	}
	if data, ok := obj.Get("data").(*goja.Object); ok {
		b.data = data
	}
	if methods, ok := obj.Get("methods").(*goja.Object); ok {
		for _, k := range methods.Keys() {
			if _, isFn := goja.AssertFunction(methods.Get(k)); isFn {
				b.methods = append(b.methods, namedValue{k, methods.Get(k)})
			}
		}
	}
	lifetimes, _ := obj.Get("lifetimes").(*goja.Object)
	for _, name := range componentLifetimes {
		var fn goja.Callable
		if lifetimes != nil {
			fn, _ = goja.AssertFunction(lifetimes.Get(name))
		}
		if fn == nil { // lifetimes wins over the same hook at the top level
			fn, _ = goja.AssertFunction(obj.Get(name))
		}
		if fn != nil {
			b.lifetimes[name] = append(b.lifetimes[name], fn)
		}
	}
	if obs, ok := obj.Get("observers").(*goja.Object); ok {
		for _, k := range obs.Keys() {
			if fn, ok := goja.AssertFunction(obs.Get(k)); ok {
				var fields []string
				for _, f := range strings.Split(k, ",") {
					if f = strings.TrimSpace(f); f != "" {
						fields = append(fields, f)
					}
				}
				b.observers = append(b.observers, observerDef{fields: fields, fn: fn})
			}
		}
	}
	if pl, ok := obj.Get("pageLifetimes").(*goja.Object); ok {
		for _, k := range pl.Keys() {
			if fn, ok := goja.AssertFunction(pl.Get(k)); ok {
				b.pageLife[k] = append(b.pageLife[k], fn)
			}
		}
	}
	return b
}

func (r *Runtime) parseProp(name string, v goja.Value) propDef {
	p := propDef{name: name}
	obj, ok := v.(*goja.Object)
	if !ok {
		return p // null: any type
	}
	if _, isFn := goja.AssertFunction(obj); isFn { // shorthand: id: String
		p.typ = obj.Get("name").String()
		return p
	}
	if t, ok := obj.Get("type").(*goja.Object); ok {
		p.typ = t.Get("name").String()
	}
	if val := obj.Get("value"); val != nil && !goja.IsUndefined(val) {
		p.value = val
	}
	if o := obj.Get("observer"); o != nil && !goja.IsUndefined(o) && !goja.IsNull(o) {
		p.observer = o
	}
	return p
}

// mergeData merges src into dst as behaviors' data merge: objects are merged
// key by key, anything else is replaced by a copy.
func (r *Runtime) mergeData(dst, src *goja.Object) {
	for _, k := range src.Keys() {
		sv := src.Get(k)
		if so, ok := sv.(*goja.Object); ok && so.ClassName() == "Object" {
			if do, ok := dst.Get(k).(*goja.Object); ok && do.ClassName() == "Object" {
				r.mergeData(do, so)
				continue
			}
		}
		_, js, ok, _, err := jsvalue.Copy(r.rt, sv, jsvalue.Limit{})
		if err != nil || !ok {
			continue
		}
		_ = dst.Set(k, js)
	}
}

// propDefault is the value of a property with no value given.
func (r *Runtime) propDefault(p propDef) goja.Value {
	if p.value != nil {
		return p.value
	}
	switch p.typ {
	case "String":
		return r.rt.ToValue("")
	case "Number":
		return r.rt.ToValue(0)
	case "Boolean":
		return r.rt.ToValue(false)
	case "Array":
		return r.rt.NewArray()
	default:
		return goja.Null()
	}
}

// propFromQuery converts a query string value to the property's type.
func (r *Runtime) propFromQuery(p propDef, s string) goja.Value {
	switch p.typ {
	case "Number":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return r.rt.ToValue(0)
		}
		return r.rt.ToValue(f)
	case "Boolean":
		return r.rt.ToValue(s != "" && s != "false" && s != "0")
	default:
		return r.rt.ToValue(s)
	}
}

// newPageProto builds the prototype every page instance shares: setData,
// getOpenerEventChannel and the view-layer queries (empty until a view layer
// exists).
func (r *Runtime) newPageProto() *goja.Object {
	proto := r.rt.NewObject()
	_ = proto.Set("setData", func(c goja.FunctionCall) goja.Value {
		this := c.This.ToObject(r.rt)
		p := r.byObj[this]
		if p == nil {
			if isGoneScope(this) {
				// A callback that finishes after its page unloaded (a timer,
				// a request): the base library ignores it with a warning.
				r.console("warn", []goja.Value{r.rt.ToValue("setData on a page or component that is no longer shown is ignored")})
				return goja.Undefined()
			}
			panic(r.rt.NewTypeError("setData called on something that is not a page or component"))
		}
		if err := r.setData(p, c.Argument(0), c.Argument(1)); err != nil {
			panic(r.rt.NewGoError(err))
		}
		return goja.Undefined()
	})
	_ = proto.Set("getOpenerEventChannel", func(c goja.FunctionCall) goja.Value {
		s := r.byObj[c.This.ToObject(r.rt)]
		if s == nil || s.comp != nil || r.pages[s.pageID] == nil || r.pages[s.pageID].opener == nil {
			return r.newEventChannels()[1]
		}
		return r.pages[s.pageID].opener
	})
	r.installViewAPI(proto)
	return proto
}

// isGoneScope reports whether obj was a page (it has a WebView id) or a
// component instance (it has "is") that has since been unloaded.
func isGoneScope(obj *goja.Object) bool {
	for _, k := range []string{"__wxWebviewId__", "is"} {
		if v := obj.Get(k); v != nil && !goja.IsUndefined(v) {
			return true
		}
	}
	return false
}

// SetDataError reports a setData call that was refused; nothing of it was
// applied.
type SetDataError struct {
	Route string
	Key   string // the patch key at fault, "" for the whole patch
	Err   error
}

func (e *SetDataError) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("setData on %s: key %q: %v", e.Route, e.Key, e.Err)
	}
	return fmt.Sprintf("setData on %s: %v", e.Route, e.Err)
}

// Unwrap returns the cause.
func (e *SetDataError) Unwrap() error { return e.Err }

// ErrSetDataTooLarge is the cause of a *SetDataError for a patch over
// MaxSetDataBytes.
var ErrSetDataTooLarge = errors.New("data exceeds 1 MB in one setData call")

type patchEntry struct {
	key  string
	path datapath.Path
	goV  any
	jsV  goja.Value
}

// setData applies a patch to a page: every value is copied in Go, checked,
// then applied to both the Go data and this.data; cb runs in a later job.
func (r *Runtime) setData(p *scope, patchV, cbV goja.Value) error {
	patch, ok := patchV.(*goja.Object)
	if !ok {
		return &SetDataError{Route: p.route, Err: errors.New("the first argument must be an object")}
	}
	keys := patch.Keys()
	entries := make([]patchEntry, 0, len(keys))
	total := 0
	for _, k := range keys {
		path, ok := r.paths[k]
		if !ok {
			var err error
			path, err = datapath.Parse(k)
			if err != nil {
				return &SetDataError{Route: p.route, Key: k, Err: err}
			}
			if len(r.paths) < 4096 {
				r.paths[k] = path
			}
		}
		goV, jsV, ok, size, err := jsvalue.Copy(r.rt, patch.Get(k), jsvalue.Limit{MaxBytes: MaxSetDataBytes - total + 1})
		total += size + len(k)
		if errors.Is(err, jsvalue.ErrTooLarge) || total > MaxSetDataBytes {
			return &SetDataError{Route: p.route, Err: fmt.Errorf("%w (more than %d bytes)", ErrSetDataTooLarge, MaxSetDataBytes)}
		}
		if err != nil {
			return &SetDataError{Route: p.route, Key: k, Err: err}
		}
		if !ok { // undefined and functions are not data: skipped, as JSON drops them
			continue
		}
		entries = append(entries, patchEntry{k, path, goV, jsV})
	}
	var old map[string]any
	if p.comp != nil && len(entries) > 0 { // property observers get the old value
		old = make(map[string]any, len(entries))
		for _, e := range entries {
			if top := e.path[0].Key; !e.path[0].IsIndex {
				if _, seen := old[top]; !seen {
					old[top] = datapath.Copy(p.data[top])
				}
			}
		}
	}
	for _, e := range entries {
		if err := datapath.Set(p.data, e.path, e.goV); err != nil {
			return &SetDataError{Route: p.route, Key: e.key, Err: err}
		}
		r.setJS(p.dataObj, e.path, e.jsV)
	}
	if r.opts.OnEvent != nil {
		pm := make(map[string]any, len(entries))
		for _, e := range entries {
			pm[e.key] = datapath.Copy(e.goV)
		}
		ev := &SetDataEvent{Route: p.route, PageID: p.pageID, Patch: pm, Data: datapath.Copy(p.data).(map[string]any)}
		if p.comp != nil {
			ev.Component = p.comp.path
		}
		r.emit(ev)
	}
	if p.afterSet != nil && len(entries) > 0 {
		keys := make([]string, len(entries))
		for i, e := range entries {
			keys[i] = e.key
		}
		p.afterSet(keys, old)
	}
	if cb, ok := goja.AssertFunction(cbV); ok {
		obj := p.obj
		r.loop.enqueue(func() {
			if _, err := cb(obj); err != nil {
				r.reportError(newScriptError(err, "script"))
			}
		})
	}
	return nil
}

// setJS mirrors datapath.Set on a JavaScript object: missing or mismatched
// containers on the way are replaced, an index into a plain object is a
// string key.
func (r *Runtime) setJS(root *goja.Object, path datapath.Path, v goja.Value) {
	cur := root
	for i, seg := range path {
		last := i == len(path)-1
		key := seg.Key
		if seg.IsIndex {
			key = strconv.Itoa(seg.Index)
		}
		if last {
			if cur.ClassName() == "Array" {
				if n, ok := segIndex(seg); ok {
					r.extendArray(cur, n)
				}
			}
			_ = cur.Set(key, v)
			return
		}
		next := path[i+1]
		child, _ := cur.Get(key).(*goja.Object)
		isArr, isFn := false, false
		if child != nil {
			isArr = child.ClassName() == "Array"
			_, isFn = goja.AssertFunction(child)
		}
		switch {
		case child == nil || isFn:
			child = nil
		case next.IsIndex:
			// arrays take indices, plain objects take them as keys
		case isArr && !isIndexKey(next.Key):
			child = nil // a key into an array replaces it with an object
		}
		if child == nil {
			if next.IsIndex {
				child = r.rt.NewArray()
			} else {
				child = r.rt.NewObject()
			}
			if cur.ClassName() == "Array" {
				if n, ok := segIndex(seg); ok {
					r.extendArray(cur, n)
				}
			}
			_ = cur.Set(key, child)
		}
		cur = child
	}
}

// extendArray fills an array with null up to index i, as datapath.Set does,
// so that both views of the data agree.
func (r *Runtime) extendArray(arr *goja.Object, i int) {
	n := int(arr.Get("length").ToInteger())
	for j := n; j < i; j++ {
		_ = arr.Set(strconv.Itoa(j), goja.Null())
	}
}

// segIndex reports the array index a segment stands for: an index, or a key
// written as a canonical array index ("3", not "03"), as in JavaScript.
func segIndex(seg datapath.Segment) (int, bool) {
	if seg.IsIndex {
		return seg.Index, true
	}
	if !isIndexKey(seg.Key) {
		return 0, false
	}
	n, _ := strconv.Atoi(seg.Key)
	return n, true
}

func isIndexKey(k string) bool {
	if k == "" || len(k) > 7 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
	}
	n, _ := strconv.Atoi(k)
	return n <= datapath.MaxIndex
}
