package runtime

import (
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/jsvalue"
	"github.com/minihost/minihost/view"
)

// installViewAPI adds the view methods of pages and components to the
// shared prototype, and wx.createSelectorQuery.
func (r *Runtime) installViewAPI(proto *goja.Object) {
	scopeOf := func(this goja.Value) *scope {
		obj, ok := this.(*goja.Object)
		if !ok {
			return nil
		}
		return r.byObj[obj]
	}
	_ = proto.Set("triggerEvent", func(c goja.FunctionCall) goja.Value {
		s := scopeOf(c.This)
		if s == nil || s.comp == nil || s.comp.host == nil || s.comp.gone {
			return goja.Undefined()
		}
		var opts map[string]any
		if o, ok, _ := jsvalue.ToGo(r.rt, c.Argument(2)); ok {
			opts, _ = o.(map[string]any)
		}
		detail, ok, _ := jsvalue.ToGo(r.rt, c.Argument(1))
		if !ok {
			detail = map[string]any{}
		}
		ev := uiEvent{typ: c.Argument(0).String(), target: s.comp.host, detail: detail,
			bubbles: opts["bubbles"] == true, composed: opts["composed"] == true, capture: opts["capturePhase"] == true}
		_ = r.dispatch(s.comp.page, ev) // errors are reported
		return goja.Undefined()
	})
	_ = proto.Set("selectComponent", func(c goja.FunctionCall) goja.Value {
		comps := r.selectComponents(scopeOf(c.This), c.Argument(0).String())
		if len(comps) == 0 {
			return goja.Null()
		}
		return r.componentValue(comps[0])
	})
	_ = proto.Set("selectAllComponents", func(c goja.FunctionCall) goja.Value {
		comps := r.selectComponents(scopeOf(c.This), c.Argument(0).String())
		items := make([]any, len(comps))
		for i, comp := range comps {
			items[i] = r.componentValue(comp)
		}
		return r.rt.NewArray(items...)
	})
	_ = proto.Set("selectOwnerComponent", func(c goja.FunctionCall) goja.Value {
		s := scopeOf(c.This)
		if s == nil || s.comp == nil {
			return goja.Null()
		}
		if s.comp.owner != nil {
			return s.comp.owner.obj
		}
		return s.comp.page.obj
	})
	_ = proto.Set("hasBehavior", func(c goja.FunctionCall) goja.Value {
		s := scopeOf(c.This)
		tok, _ := c.Argument(0).(*goja.Object)
		if s == nil || tok == nil {
			return r.rt.ToValue(false)
		}
		var def *pageDef
		if s.comp != nil {
			def = s.comp.def
		} else if p := r.pages[s.pageID]; p != nil {
			def = p.def
		}
		return r.rt.ToValue(def != nil && def.behaviors[tok])
	})
	_ = proto.Set("getRelationNodes", func(c goja.FunctionCall) goja.Value {
		s := scopeOf(c.This)
		if s == nil || s.comp == nil {
			return r.rt.NewArray()
		}
		nodes := s.comp.relationNodes(c.Argument(0).String())
		items := make([]any, len(nodes))
		for i, n := range nodes {
			items[i] = n
		}
		return r.rt.NewArray(items...)
	})
	_ = proto.Set("createSelectorQuery", func(c goja.FunctionCall) goja.Value {
		return r.newSelectorQuery(c.This)
	})
	_ = r.wx.Set("createSelectorQuery", func(goja.FunctionCall) goja.Value {
		return r.newSelectorQuery(goja.Null())
	})
}

// selectComponents returns the component instances that selector matches
// in the tree of s (the page's own tree, or a component's shadow tree).
func (r *Runtime) selectComponents(s *scope, selector string) []*compInst {
	if s == nil {
		return nil
	}
	p := r.pages[s.pageID]
	if p == nil || p.view == nil || p.view.tree == nil {
		return nil
	}
	var nodes []*view.Node
	var err error
	if s.comp != nil {
		nodes, err = p.view.tree.SelectIn(s.comp, selector)
	} else {
		nodes, err = p.view.tree.Select(selector)
	}
	if err != nil {
		return nil
	}
	var out []*compInst
	for _, n := range nodes {
		if c, ok := n.Component.(*compInst); ok && !c.gone {
			out = append(out, c)
		}
	}
	return out
}

// componentValue is what selectComponent returns: the instance, or what
// its export() gives with wx://component-export.
func (r *Runtime) componentValue(c *compInst) goja.Value {
	if c.def.exportFn != nil {
		v, err := c.def.exportFn(c.obj)
		if err != nil {
			r.reportError(newScriptError(err, "script"))
			return goja.Null()
		}
		return v
	}
	return c.obj
}

// selectorQuerySource implements SelectorQuery in JavaScript over one
// native function, select(scope, selector, all, fields).
const selectorQuerySource = `(function () {
  function NodesRef(q, sel, all) { this._q = q; this._sel = sel; this._all = all; }
  NodesRef.prototype.fields = function (fields, cb) { this._q._add(this._sel, this._all, fields || {}, cb); return this._q; };
  NodesRef.prototype.boundingClientRect = function (cb) { return this.fields({id: true, dataset: true, rect: true, size: true}, cb); };
  NodesRef.prototype.scrollOffset = function (cb) { return this.fields({id: true, dataset: true, scrollOffset: true}, cb); };
  NodesRef.prototype.context = function (cb) { return this.fields({context: true}, cb); };
  NodesRef.prototype.node = function (cb) { return this.fields({node: true}, cb); };
  function Query(select, scope) { this._select = select; this._scope = scope; this._reqs = []; }
  Query.prototype.in = function (c) { this._scope = c; return this; };
  Query.prototype.select = function (s) { return new NodesRef(this, s, false); };
  Query.prototype.selectAll = function (s) { return new NodesRef(this, s, true); };
  Query.prototype.selectViewport = function () { return new NodesRef(this, null, false); };
  Query.prototype._add = function (sel, all, fields, cb) { this._reqs.push({sel: sel, all: all, fields: fields, cb: cb}); };
  Query.prototype.exec = function (cb) {
    var self = this, reqs = this._reqs;
    this._reqs = [];
    setTimeout(function () {
      var res = [];
      for (var i = 0; i < reqs.length; i++) {
        var r = reqs[i], v = self._select(self._scope, r.sel, r.all, r.fields);
        res.push(v);
        if (typeof r.cb === 'function') r.cb(v);
      }
      if (typeof cb === 'function') cb(res);
    }, 0);
    return this;
  };
  return function (select, scope) { return new Query(select, scope); };
})()`

var (
	selectorQueryOnce sync.Once
	selectorQueryPrg  *goja.Program
)

// newSelectorQuery returns a SelectorQuery over the view of scope (a page
// or component object; null: the current page).
func (r *Runtime) newSelectorQuery(scopeV goja.Value) goja.Value {
	if r.sqFactory == nil {
		selectorQueryOnce.Do(func() {
			selectorQueryPrg = goja.MustCompile("selectorquery.js", selectorQuerySource, true)
		})
		f, err := r.rt.RunProgram(selectorQueryPrg)
		if err != nil {
			panic(err)
		}
		r.sqFactory, _ = goja.AssertFunction(f)
		r.sqSelect = r.rt.ToValue(r.jsSelect)
	}
	q, err := r.sqFactory(goja.Undefined(), r.sqSelect, scopeV)
	if err != nil {
		panic(err)
	}
	return q
}

// jsSelect answers one request of a SelectorQuery: the fields of the first
// or every matching node; layout fields answer zeros (there is no layout).
func (r *Runtime) jsSelect(c goja.FunctionCall) goja.Value {
	var s *scope
	if obj, ok := c.Argument(0).(*goja.Object); ok {
		s = r.byObj[obj]
	}
	if s == nil {
		if p := r.top(); p != nil {
			s = &p.scope
		}
	}
	all := c.Argument(2).ToBoolean()
	fields, _, _ := jsvalue.ToGo(r.rt, c.Argument(3))
	fm, _ := fields.(map[string]any)
	if goja.IsNull(c.Argument(1)) || goja.IsUndefined(c.Argument(1)) { // the viewport
		return jsvalue.ToJS(r.rt, layoutFields(map[string]any{"id": "", "dataset": map[string]any{}}, fm))
	}
	var nodes []*view.Node
	if s != nil {
		if p := r.pages[s.pageID]; p != nil && p.view != nil && p.view.tree != nil {
			if s.comp != nil {
				nodes, _ = p.view.tree.SelectIn(s.comp, c.Argument(1).String())
			} else {
				nodes, _ = p.view.tree.Select(c.Argument(1).String())
			}
		}
	}
	describe := func(n *view.Node) any {
		out := map[string]any{}
		if fm["id"] == true {
			out["id"] = n.ID
		}
		if fm["dataset"] == true {
			out["dataset"] = valueOr(n.Dataset, map[string]any{})
		}
		if props, ok := fm["properties"].([]any); ok {
			for _, p := range props {
				if name, ok := p.(string); ok {
					if v, ok := n.Attrs[name]; ok {
						out[name] = v
					}
				}
			}
		}
		if fm["text"] == true {
			out["text"] = n.TextContent()
		}
		if fm["node"] == true || fm["context"] == true {
			out["node"] = map[string]any{"tag": n.Tag, "id": n.ID}
		}
		return layoutFields(out, fm)
	}
	if !all {
		if len(nodes) == 0 {
			return goja.Null()
		}
		return jsvalue.ToJS(r.rt, describe(nodes[0]))
	}
	items := make([]any, len(nodes))
	for i, n := range nodes {
		items[i] = describe(n)
	}
	return jsvalue.ToJS(r.rt, items)
}

func layoutFields(out map[string]any, fm map[string]any) map[string]any {
	if fm["rect"] == true {
		for _, k := range []string{"left", "right", "top", "bottom"} {
			out[k] = 0.0
		}
	}
	if fm["size"] == true {
		out["width"], out["height"] = 0.0, 0.0
	}
	if fm["scrollOffset"] == true {
		out["scrollLeft"], out["scrollTop"], out["scrollWidth"], out["scrollHeight"] = 0.0, 0.0, 0.0, 0.0
	}
	return out
}
