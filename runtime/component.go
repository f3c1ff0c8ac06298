package runtime

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/jsvalue"
	"github.com/minihost/minihost/view"
)

// ErrNoComponentDefinition is the cause of a *PageError for a component
// module that does not call Component().
var ErrNoComponentDefinition = errors.New("component module did not call Component()")

// compInst is one custom component instance in a page's view.
type compInst struct {
	scope
	path     string
	def      *pageDef
	page     *page
	owner    *compInst // the component whose template holds this one; nil: the page
	attached bool
	gone     bool
	host     *view.Node     // the view's node of the component's element
	seq      int            // creation order
	links    []link         // relations linked to other instances
	attrs    map[string]any // the element's attributes as written (external classes)
	viewData map[string]any // data without pure-data fields, nil when stale
}

// link is one established relation: rel of this instance, to other.
type link struct {
	rel   *relationDef
	other *compInst
}

// loadComponentDef evaluates a component's module (once per runtime) and
// returns its definition.
func (r *Runtime) loadComponentDef(path string) (*pageDef, error) {
	if def, ok := r.compDefs[path]; ok {
		return def, nil
	}
	prev, prevComp := r.defining, r.definingComponent
	r.defining, r.definingComponent = path, true
	_, err := r.requireFile(path + ".js")
	r.defining, r.definingComponent = prev, prevComp
	if err != nil {
		return nil, err
	}
	def, ok := r.compDefs[path]
	if !ok {
		return nil, &PageError{Route: path, Err: ErrNoComponentDefinition}
	}
	return def, nil
}

// newComponent creates an instance of the component at path for page p,
// with the element's attributes (Go values); lifetimes are not run yet.
func (r *Runtime) newComponent(def *pageDef, path string, p *page, owner *compInst, attrs map[string]any) (*compInst, error) {
	r.compSeq++
	c := &compInst{path: path, def: def, page: p, owner: owner, seq: r.compSeq}
	c.route, c.pageID, c.comp = p.route, p.id, c
	obj := r.rt.NewObject()
	if err := obj.SetPrototype(r.pageProto); err != nil {
		return nil, err
	}
	c.obj = obj
	for _, m := range def.methods {
		_ = obj.Set(m.name, m.value)
	}
	goData, jsData, ok, _, err := jsvalue.Copy(r.rt, def.data, jsvalue.Limit{})
	if err != nil {
		return nil, &PageError{Route: path, Err: err}
	}
	m, isMap := goData.(map[string]any)
	if !ok || !isMap {
		m, jsData = map[string]any{}, r.rt.NewObject()
	}
	c.data, c.dataObj = m, jsData.(*goja.Object)
	for _, prop := range def.props {
		v := r.propDefault(prop)
		if a, ok := attrs[prop.name]; ok {
			v = r.coerceProp(prop, a)
		}
		r.setField(&c.scope, prop.name, v)
	}
	_ = obj.Set("data", c.dataObj)
	_ = obj.Set("properties", c.dataObj)
	_ = obj.Set("is", path)
	c.attrs = attrs
	c.afterSet = func(keys []string, old map[string]any) {
		c.viewData = nil
		r.componentChanged(c, keys, old, true)
	}
	r.byObj[obj] = &c.scope
	return c, nil
}

// setField sets one top-level field in both views of a scope's data.
func (r *Runtime) setField(s *scope, name string, v goja.Value) {
	goV, jsV, ok, _, err := jsvalue.Copy(r.rt, v, jsvalue.Limit{})
	if err != nil || !ok {
		goV, jsV = nil, goja.Null()
	}
	s.data[name] = goV
	_ = s.dataObj.Set(name, jsV)
	if s.comp != nil {
		s.comp.viewData = nil
	}
}

// coerceProp converts an attribute value (from the view) to the property's
// declared type, as the base library does.
func (r *Runtime) coerceProp(p propDef, v any) goja.Value {
	switch p.typ {
	case "String":
		switch x := v.(type) {
		case string:
			return r.rt.ToValue(x)
		case nil:
			return r.rt.ToValue("")
		case float64:
			return r.rt.ToValue(strconv.FormatFloat(x, 'f', -1, 64))
		}
		return r.rt.ToValue(fmt.Sprint(v))
	case "Number":
		switch x := v.(type) {
		case float64:
			return r.rt.ToValue(x)
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return r.rt.ToValue(f)
			}
			return r.rt.ToValue(0)
		case bool:
			if x {
				return r.rt.ToValue(1)
			}
			return r.rt.ToValue(0)
		}
		return r.rt.ToValue(0)
	case "Boolean":
		switch x := v.(type) {
		case bool:
			return r.rt.ToValue(x)
		case string:
			return r.rt.ToValue(x != "" && x != "false")
		case float64:
			return r.rt.ToValue(x != 0)
		case nil:
			return r.rt.ToValue(false)
		}
		return r.rt.ToValue(true)
	}
	return jsvalue.ToJS(r.rt, v)
}

// setProperties applies an element's changed attributes to the declared
// properties of c, calling property observers and observers.
func (r *Runtime) setProperties(c *compInst, attrs map[string]any) {
	var keys []string
	old := map[string]any{}
	for _, prop := range c.def.props {
		a, ok := attrs[prop.name]
		if !ok {
			continue
		}
		v := r.coerceProp(prop, a)
		goV, _, _ := jsvalue.ToGo(r.rt, v)
		if reflect.DeepEqual(goV, c.data[prop.name]) {
			continue
		}
		old[prop.name] = c.data[prop.name]
		r.setField(&c.scope, prop.name, v)
		keys = append(keys, prop.name)
	}
	if len(keys) > 0 {
		// The view re-evaluates what reads the properties itself.
		r.componentChanged(c, keys, old, false)
	}
}

// componentChanged runs after fields of c changed (setData or properties):
// property observers, then observers, then the view update.
func (r *Runtime) componentChanged(c *compInst, keys []string, old map[string]any, updateView bool) {
	for _, prop := range c.def.props {
		if prop.observer == nil || !containsKey(keys, prop.name) {
			continue
		}
		fn, ok := goja.AssertFunction(prop.observer)
		if !ok {
			fn, ok = goja.AssertFunction(c.obj.Get(prop.observer.String()))
		}
		if ok {
			if _, err := fn(c.obj, c.dataObj.Get(prop.name), jsvalue.ToJS(r.rt, old[prop.name])); err != nil {
				r.reportError(newScriptError(err, "lifecycle"))
			}
		}
	}
	r.runObservers(&c.scope, c.def.observers, keys)
	if updateView {
		r.viewComponentChanged(c, keys)
	}
}

func containsKey(keys []string, name string) bool {
	for _, k := range keys {
		if k == name {
			return true
		}
	}
	return false
}

// runObservers calls the observers whose fields a setData with keys
// touched, with the fields' current values.
func (r *Runtime) runObservers(s *scope, observers []observerDef, keys []string) {
	if len(observers) == 0 {
		return
	}
	paths := make([]datapath.Path, 0, len(keys))
	for _, k := range keys {
		if p, err := datapath.Parse(k); err == nil {
			paths = append(paths, p)
		}
	}
	for _, o := range observers {
		if !observerTriggered(o.fields, paths) {
			continue
		}
		args := make([]goja.Value, len(o.fields))
		for i, f := range o.fields {
			args[i] = r.fieldValue(s, strings.TrimSuffix(strings.TrimSuffix(f, "**"), "."))
		}
		if _, err := o.fn(s.obj, args...); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
}

// observerTriggered reports whether setting any of the paths triggers an
// observer on fields: a field is triggered when it or one of its parents
// is set; "x.**" also when anything below x is set; "**" always.
func observerTriggered(fields []string, set []datapath.Path) bool {
	for _, f := range fields {
		if f == "**" {
			return true
		}
		deep := strings.HasSuffix(f, ".**")
		fp, err := datapath.Parse(strings.TrimSuffix(f, ".**"))
		if err != nil {
			continue
		}
		for _, s := range set {
			if isPrefix(s, fp) || deep && isPrefix(fp, s) {
				return true
			}
		}
	}
	return false
}

// isPrefix reports whether a is b or one of its parents.
func isPrefix(a, b datapath.Path) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i].IsIndex != b[i].IsIndex || a[i].Key != b[i].Key || a[i].Index != b[i].Index {
			return false
		}
	}
	return true
}

// fieldValue returns the JavaScript value at a data path of a scope.
func (r *Runtime) fieldValue(s *scope, path string) goja.Value {
	if path == "" {
		return s.dataObj
	}
	p, err := datapath.Parse(path)
	if err != nil {
		return goja.Undefined()
	}
	var cur goja.Value = s.dataObj
	for _, seg := range p {
		obj, ok := cur.(*goja.Object)
		if !ok {
			return goja.Undefined()
		}
		if seg.IsIndex {
			cur = obj.Get(strconv.Itoa(seg.Index))
		} else {
			cur = obj.Get(seg.Key)
		}
		if cur == nil {
			return goja.Undefined()
		}
	}
	return cur
}

// componentLifetime runs a lifetime of a component instance.
func (r *Runtime) componentLifetime(c *compInst, name string, args ...goja.Value) {
	fns := c.def.lifetimes[name]
	if len(fns) == 0 {
		return
	}
	r.emit(&LifecycleEvent{Target: c.path, PageID: c.pageID, Hook: name})
	for _, fn := range fns {
		if _, err := fn(c.obj, args...); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
}

// componentPageLifetime runs a pageLifetimes hook (show, hide, resize).
func (r *Runtime) componentPageLifetime(c *compInst, name string) {
	fns := c.def.pageLife[name]
	if len(fns) == 0 {
		return
	}
	r.emit(&LifecycleEvent{Target: c.path, PageID: c.pageID, Hook: "pageLifetimes." + name})
	for _, fn := range fns {
		if _, err := fn(c.obj); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
}

// linkRelations links c to the components its relations name: for a
// parent or ancestor relation, the nearest (parent) or any (ancestor)
// enclosing component of that path whose own relations name c's path as a
// child or descendant. Both sides' linked callbacks run.
func (r *Runtime) linkRelations(c *compInst) {
	for i := range c.def.relations {
		rel := &c.def.relations[i]
		if rel.typ != "parent" && rel.typ != "ancestor" {
			continue
		}
		for n := c.host.Parent; n != nil; n = n.Parent {
			other, ok := n.Component.(*compInst)
			if !ok || other == nil || other.gone {
				continue
			}
			if other.path == rel.path {
				if back := other.def.relationTo(c.path, rel.typ); back != nil {
					c.links = append(c.links, link{rel, other})
					other.links = append(other.links, link{back, c})
					r.callRelation(other, back.linked, c)
					r.callRelation(c, rel.linked, other)
				}
				break
			}
			if rel.typ == "parent" {
				break // a parent relation looks at the nearest component only
			}
		}
	}
}

// relationTo finds the child or descendant relation that answers a parent
// or ancestor relation from the component at path.
func (d *pageDef) relationTo(path, typ string) *relationDef {
	want := "child"
	if typ == "ancestor" {
		want = "descendant"
	}
	for i := range d.relations {
		if d.relations[i].path == path && d.relations[i].typ == want {
			return &d.relations[i]
		}
	}
	return nil
}

// unlinkRelations undoes c's links when it detaches: unlinked runs on both
// sides.
func (r *Runtime) unlinkRelations(c *compInst) {
	for _, l := range c.links {
		other := l.other
		kept := other.links[:0]
		for _, ol := range other.links {
			if ol.other == c {
				r.callRelation(other, ol.rel.unlinked, c)
				continue
			}
			kept = append(kept, ol)
		}
		other.links = kept
		r.callRelation(c, l.rel.unlinked, other)
	}
	c.links = nil
}

func (r *Runtime) callRelation(c *compInst, fn goja.Callable, target *compInst) {
	if fn == nil {
		return
	}
	if _, err := fn(c.obj, target.obj); err != nil {
		r.reportError(newScriptError(err, "lifecycle"))
	}
}

// relationNodes returns the instances linked to c by the relation written
// key (getRelationNodes).
func (c *compInst) relationNodes(key string) []goja.Value {
	var out []goja.Value
	for _, l := range c.links {
		if l.rel.key == key && !l.other.gone {
			out = append(out, l.other.obj)
		}
	}
	return out
}
