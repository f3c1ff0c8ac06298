package view

import (
	"fmt"
	"strconv"
	"strings"
)

// scopeVar is a name bound by wx:for (item, index).
type scopeVar struct {
	name    string
	val     any
	path    []string
	tracked bool
}

// scope resolves names in bindings. A root scope holds data (page or
// component data, tracked; or <template is> data, untracked) and the WXS
// modules visible to the file; inner scopes hold wx:for variables.
type scope struct {
	parent  *scope
	item    *forItem // the wx:for item whose variables vars holds
	vars    []scopeVar
	root    bool
	data    map[string]any
	tracked bool
	mods    map[string]any
}

func (s *scope) lookup(name string) (any, []string, bool) {
	for c := s; c != nil; c = c.parent {
		if !c.root {
			for i := range c.vars {
				if c.vars[i].name == name {
					v := &c.vars[i]
					return v.val, v.path, v.tracked
				}
			}
			continue
		}
		if m, ok := c.mods[name]; ok {
			return m, nil, false
		}
		v, ok := c.data[name]
		if !ok {
			v = undefined
		}
		if c.tracked {
			return v, []string{name}, true
		}
		return v, nil, false
	}
	return undefined, nil, false
}

// rctx is the rendering context of a template region.
type rctx struct {
	tpl       *Template // file whose <template name> definitions and wxs modules apply
	file      *Template // file whose <include> references apply
	owner     Component
	ownerPath string
	comp      *compInst // the component whose shadow tree this is (for <slot>)
	parent    *elemInst // element whose Children hold the nodes made here
}

// upd is one update pass: the changed data paths, or everything.
type upd struct {
	changed [][]string
	all     bool
	// same lists paths whose values are known to be unchanged (a kept
	// wx:for item equal to its old value): a change at or above one of
	// them does not touch what is read below it.
	same [][]string
}

// sub is an update of the changes cs that keeps u's unchanged paths,
// plus same when not nil.
func (u *upd) sub(cs [][]string, same []string) *upd {
	n := &upd{changed: cs, same: u.same}
	if same != nil {
		n.same = append(append([][]string(nil), u.same...), same)
	}
	return n
}

// overlaps reports whether a change of u can affect a read of dep.
func (u *upd) overlaps(dep []string) bool {
	for _, c := range u.changed {
		if pathOverlap(dep, c) && !u.unchanged(dep, c) {
			return true
		}
	}
	return false
}

// unchanged reports whether dep lies under a path that the change c,
// at or above it, is known to leave as it was.
func (u *upd) unchanged(dep, c []string) bool {
	for _, p := range u.same {
		if prefixOf(p, dep) && prefixOf(c, p) {
			return true
		}
	}
	return false
}

// binding is a dynamic value with the data paths it read last time.
type binding struct {
	v    *tvalue
	deps [][]string
	val  any
}

func (b *binding) dirty(u *upd) bool {
	if u.all {
		return true
	}
	if len(u.same) == 0 {
		return overlapsAny(b.deps, u.changed)
	}
	for _, d := range b.deps {
		if u.overlaps(d) {
			return true
		}
	}
	return false
}

// inst is a rendered region of the template, able to update in place.
type inst interface {
	appendNodes(dst []*Node) []*Node
	// update re-evaluates what u touches and reports whether the region's
	// list of top nodes changed.
	update(tr *Tree, u *upd) (bool, error)
	detach(tr *Tree)
}

// evalValue evaluates a dynamic value, recording its dependencies.
func (tr *Tree) evalValue(b *binding, sc *scope) (any, error) {
	v, _, _, err := tr.evalRef(b, sc)
	return v, err
}

// evalRef is evalValue that also reports the data path of a value that is
// a plain reference ("{{list}}", "{{a.b[0]}}").
func (tr *Tree) evalRef(b *binding, sc *scope) (any, []string, bool, error) {
	tr.stats.Evaluations++
	// The tree's interpreter and dependency buffer are reused: evaluations
	// never nest (WXS calls run on an interpreter of their own).
	tr.depBuf = b.deps[:0]
	in := &tr.ev
	*in = interp{deps: &tr.depBuf, glob: tr.glob, file: b.v.src}
	var val any
	var path []string
	var tracked bool
	switch {
	case b.v.single != nil:
		var err error
		switch b.v.single.(type) {
		case *identExpr, *memberExpr:
			val, path, tracked, err = in.ref(b.v.single, sc)
			if tracked {
				in.record(path)
			}
		default:
			val, err = in.eval(b.v.single, sc)
		}
		if err != nil {
			return nil, nil, false, toEvalError(err, b.v.src, b.v.single.exprPos())
		}
	case b.v.parts != nil:
		var sb strings.Builder
		for _, p := range b.v.parts {
			if p.x == nil {
				sb.WriteString(p.lit)
				continue
			}
			in.file = p.src
			v, err := in.eval(p.x, sc)
			if err != nil {
				return nil, nil, false, toEvalError(err, p.src, p.x.exprPos())
			}
			sb.WriteString(displayString(v))
		}
		val = sb.String()
	default:
		val = b.v.lit
	}
	b.deps = tr.depBuf
	tr.depBuf = nil
	b.val = val
	markCross(sc, b.deps)
	return val, path, tracked, nil
}

// markCross flags the wx:for items around a binding that read their list
// other than through their own item (list.length, list[0].id, the whole
// list): changes inside other items must reach them.
func markCross(sc *scope, deps [][]string) {
	for s := sc; s != nil; s = s.parent {
		if s.item == nil || s.item.cross || len(s.vars) == 0 || !s.vars[0].tracked {
			continue
		}
		p := s.vars[0].path
		lp, seg := p[:len(p)-1], p[len(p)-1]
		for _, d := range deps {
			if prefixOf(d, lp) || len(d) > len(lp) && prefixOf(lp, d) && d[len(lp)] != seg {
				s.item.cross = true
				break
			}
		}
	}
}

// staticOrEval evaluates v once (no binding kept when it is static).
func (tr *Tree) staticOrEval(v *tvalue, sc *scope) (any, *binding, error) {
	if v == nil {
		return true, nil, nil
	}
	if v.static() {
		return v.lit, nil, nil
	}
	b := &binding{v: v}
	val, err := tr.evalValue(b, sc)
	return val, b, err
}

// newRootScope makes the root scope of a template file.
func (tr *Tree) newRootScope(t *Template, data map[string]any, tracked bool) (*scope, error) {
	s := &scope{root: true, data: data, tracked: tracked}
	if len(t.modules) > 0 {
		s.mods = make(map[string]any, len(t.modules))
		for _, m := range t.modules {
			exp, err := tr.module(m.file)
			if err != nil {
				return nil, err
			}
			s.mods[m.name] = exp
		}
	}
	return s, nil
}

// module instantiates a WXS file once per tree and returns its exports.
func (tr *Tree) module(wf *wxsFile) (any, error) {
	if exp, ok := tr.modules[wf]; ok {
		return exp, nil
	}
	if tr.glob == nil {
		tr.glob = newGlobals()
	}
	e := newEnv(tr.glob)
	mod := map[string]any{"exports": map[string]any{}}
	e.vars["module"] = mod
	e.vars["require"] = native("require", func(in *interp, _ any, args []any) (any, error) {
		src := toString(argAt(args, 0))
		dep, ok := wf.requires[src]
		if !ok {
			return nil, in.errf(in.callPos, "require(%q): only literal paths of .wxs files can be required", src)
		}
		return tr.module(dep)
	})
	tr.modules[wf] = mod["exports"] // placeholder while running
	in := &interp{wxs: true, file: wf.src, glob: tr.glob}
	hoist(wf.prog, e)
	delete(e.vars, "module")
	e.vars["module"] = mod
	if err := in.declareFuncs(wf.prog, e); err != nil {
		return nil, err
	}
	for _, s := range wf.prog {
		if _, _, err := in.exec(s, e); err != nil {
			delete(tr.modules, wf)
			return nil, toEvalError(err, wf.src, s.stmtPos())
		}
	}
	exp := mod["exports"]
	tr.modules[wf] = exp
	return exp, nil
}

// Render renders t with page data into a new tree. host may be nil: then
// no tag is a custom component and unknown tags are plain nodes. data is
// read, never modified; the tree keeps references into it.
func Render(t *Template, data map[string]any, host Host) (*Tree, error) {
	tr := &Tree{host: host, tpl: t, comps: map[Component]*compInst{}, modules: map[*wxsFile]any{}}
	tr.begin()
	defer tr.end()
	sc, err := tr.newRootScope(t, data, true)
	if err != nil {
		return nil, err
	}
	tr.scope = sc
	tr.Root = &Node{Tag: "page"}
	tr.root = &elemInst{node: tr.Root}
	cx := &rctx{tpl: t, file: t, ownerPath: t.Path, parent: tr.root}
	kids, err := tr.renderList(t.f.nodes, sc, cx)
	if err != nil {
		return nil, err
	}
	tr.root.kids = kids
	tr.root.rebuild()
	return tr, nil
}

// Update applies a page setData: data is the page's whole data after the
// patch and changed its keys ("list[2].name", "a.b"). Only bindings whose
// recorded paths overlap a changed path (one a prefix of the other) are
// re-evaluated; wx:for lists update the items a path points into and
// reconcile by wx:key when the list itself is replaced. A nil or empty
// changed re-evaluates every binding. After an error the tree may be
// partly updated; render again to recover.
func (tr *Tree) Update(data map[string]any, changed []string) error {
	tr.begin()
	defer tr.end()
	tr.scope.data = data
	u := &upd{changed: parseChanged(changed), all: len(changed) == 0}
	ch, err := updateList(tr, tr.root.kids, u)
	if ch {
		tr.root.rebuild()
	}
	return err
}

// ComponentNode returns the element node of component c, or nil when c is
// not (or no longer) in the tree.
func (tr *Tree) ComponentNode(c Component) *Node {
	if ci, ok := tr.comps[c]; ok {
		return ci.elem.node
	}
	return nil
}

// Components returns the components whose elements are in the tree, in
// document order (a component before the components of its shadow tree
// and slots). Components of light-DOM children that no slot takes are
// alive but not listed.
func (tr *Tree) Components() []Component {
	var out []Component
	var walk func(n *Node)
	walk = func(n *Node) {
		n.eachChild(func(c *Node) {
			if c.Component != nil {
				out = append(out, c.Component)
			}
			if !isVirtualElem(c) {
				walk(c)
			}
		})
	}
	walk(tr.Root)
	return out
}

// isVirtualElem reports whether n is a virtual host's element, whose
// Children are listed in its parent's as well.
func isVirtualElem(n *Node) bool {
	v, ok := n.Component.(VirtualHoster)
	return ok && v.VirtualHost()
}

// Close detaches every component of the tree (Component.Detach is called
// for each, inner components first) and empties Root. Call it when the
// page unloads; the tree must not be used afterwards.
func (tr *Tree) Close() {
	for _, k := range tr.root.kids {
		k.detach(tr)
	}
	tr.root.kids = nil
	tr.Root.Children = nil
}

// UpdateComponent re-renders the shadow tree of c after the component's
// own setData: c.Data() is read again and the bindings reading changed
// keys are re-evaluated (nil or empty changed: all of them).
func (tr *Tree) UpdateComponent(c Component, changed []string) error {
	ci, ok := tr.comps[c]
	if !ok {
		return ErrUnknownComponent
	}
	tr.begin()
	defer tr.end()
	ch, err := ci.refresh(tr, &upd{changed: parseChanged(changed), all: len(changed) == 0})
	if ch && ci.virtual {
		ci.elem.propagate()
	}
	return err
}

func updateList(tr *Tree, list []inst, u *upd) (bool, error) {
	changed := false
	for _, in := range list {
		ch, err := in.update(tr, u)
		if err != nil {
			return true, err
		}
		changed = changed || ch
	}
	return changed, nil
}

func (tr *Tree) renderList(nodes []tNode, sc *scope, cx *rctx) ([]inst, error) {
	out := make([]inst, 0, len(nodes))
	for _, n := range nodes {
		in, err := tr.render(n, sc, cx)
		if err != nil {
			for _, o := range out {
				o.detach(tr)
			}
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func (tr *Tree) render(n tNode, sc *scope, cx *rctx) (inst, error) {
	switch x := n.(type) {
	case *tText:
		tr.stats.Nodes++
		t := &textInst{node: &Node{Tag: "#text", Owner: cx.owner}, sc: sc}
		if p := cx.parent; p != nil && p.node.Tag == "text" && truthy(p.node.Attrs["decode"]) {
			t.decode = true
		}
		v, b, err := tr.staticOrEval(x.v, sc)
		if err != nil {
			return nil, err
		}
		t.b = b
		t.node.Text = t.text(v)
		return t, nil
	case *tElem:
		if x.tag == "block" {
			kids, err := tr.renderList(x.kids, sc, cx)
			if err != nil {
				return nil, err
			}
			return &fragInst{kids: kids}, nil
		}
		return tr.renderElem(x, sc, cx)
	case *tIf:
		f := &ifInst{n: x, sc: sc, cx: cx, active: -1, conds: make([]*binding, len(x.branches))}
		if err := f.choose(tr); err != nil {
			return nil, err
		}
		return f, nil
	case *tFor:
		f := &forInst{n: x, sc: sc, cx: cx, list: &binding{v: x.list}}
		if err := f.first(tr); err != nil {
			return nil, err
		}
		return f, nil
	case *tCall:
		c := &tplInst{n: x, sc: sc, cx: cx, is: &binding{v: x.is}}
		if x.data != nil {
			c.data = &binding{v: &tvalue{single: x.data, src: x.dataSrc}}
		}
		if err := c.build(tr); err != nil {
			return nil, err
		}
		return c, nil
	case *tInclude:
		inc := cx.file.includes[x]
		if inc == nil || inc.f == nil {
			return &fragInst{}, nil
		}
		icx := *cx
		icx.file = inc
		kids, err := tr.renderList(inc.f.nodes, sc, &icx)
		if err != nil {
			return nil, err
		}
		return &fragInst{kids: kids}, nil
	case *tSlot:
		if cx.comp == nil {
			return &fragInst{}, nil
		}
		s := &slotInst{ci: cx.comp, name: x.name, container: cx.parent}
		cx.comp.addSlot(s)
		return s, nil
	}
	return nil, fmt.Errorf("view: unknown template node %T", n)
}

// textInst is a text node.
type textInst struct {
	node   *Node
	b      *binding
	sc     *scope
	decode bool // inside <text decode>: entities are decoded
}

// entities are what <text decode> decodes, as the base library does.
var entities = strings.NewReplacer("&nbsp;", "\u00a0", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&apos;", "'", "&quot;", "\"", "&ensp;", "\u2002", "&emsp;", "\u2003")

// text is the text a value renders as in this text node.
func (t *textInst) text(v any) string {
	s := displayString(v)
	if t.decode {
		s = entities.Replace(s)
	}
	return s
}

func (t *textInst) appendNodes(dst []*Node) []*Node { return append(dst, t.node) }

func (t *textInst) update(tr *Tree, u *upd) (bool, error) {
	if t.b == nil || !t.b.dirty(u) {
		return false, nil
	}
	v, err := tr.evalValue(t.b, t.sc)
	if err != nil {
		return false, err
	}
	t.node.Text = t.text(v)
	return false, nil
}

func (t *textInst) detach(*Tree) {}

// fragInst is a list of regions without a node of its own (<block>,
// <include>).
type fragInst struct {
	kids []inst
}

func (f *fragInst) appendNodes(dst []*Node) []*Node {
	for _, k := range f.kids {
		dst = k.appendNodes(dst)
	}
	return dst
}

func (f *fragInst) update(tr *Tree, u *upd) (bool, error) { return updateList(tr, f.kids, u) }

func (f *fragInst) detach(tr *Tree) {
	for _, k := range f.kids {
		k.detach(tr)
	}
}

// attrInst is one attribute of an element.
type attrInst struct {
	a     *tAttr
	b     *binding // nil when static
	event int      // index in Node.Events, for event bindings
}

// elemInst is an element node.
type elemInst struct {
	node  *Node
	el    *tElem
	sc    *scope
	cx    *rctx
	kcx   rctx // context of the children
	attrs []attrInst
	kids  []inst
	comp  *compInst
}

func (e *elemInst) appendNodes(dst []*Node) []*Node {
	if e.comp != nil && e.comp.virtual {
		return append(dst, e.node.Children...)
	}
	return append(dst, e.node)
}

func (e *elemInst) apply(ai *attrInst, v any) {
	n := e.node
	a := ai.a
	switch a.kind {
	case attrID:
		n.ID = displayString(v)
	case attrClass:
		n.Class = strings.Fields(displayString(v))
		if m, ok := n.Owner.(ClassMapper); ok {
			var mapped []string
			for _, c := range n.Class {
				mapped = append(mapped, m.MapClass(c)...)
			}
			n.Class = mapped
		}
	case attrHidden:
		n.Hidden = truthy(v)
		if n.Attrs == nil {
			n.Attrs = map[string]any{}
		}
		n.Attrs["hidden"] = export(v)
	case attrData:
		if n.Dataset == nil {
			n.Dataset = map[string]any{}
		}
		n.Dataset[a.key] = export(v)
	case attrMark:
		if n.Marks == nil {
			n.Marks = map[string]any{}
		}
		n.Marks[a.key] = export(v)
	case attrEvent:
		n.Events[ai.event].Handler = displayString(v)
	default:
		if n.Attrs == nil {
			n.Attrs = map[string]any{}
		}
		n.Attrs[a.name] = export(v)
	}
}

// componentAttrs collects the attributes handed to the host.
func (e *elemInst) componentAttrs() map[string]any {
	m := make(map[string]any, len(e.attrs))
	for i := range e.attrs {
		ai := &e.attrs[i]
		if ai.a.kind == attrEvent {
			continue
		}
		var v any = true
		switch {
		case ai.b != nil:
			v = export(ai.b.val)
		case ai.a.val != nil:
			v = ai.a.val.lit
		}
		m[ai.a.name] = v
	}
	return m
}

func (tr *Tree) renderElem(el *tElem, sc *scope, cx *rctx) (*elemInst, error) {
	tr.stats.Nodes++
	n := &Node{Tag: el.tag, Owner: cx.owner}
	e := &elemInst{node: n, el: el, sc: sc, cx: cx}
	e.attrs = make([]attrInst, len(el.attrs))
	for i, a := range el.attrs {
		ai := &e.attrs[i]
		ai.a = a
		if a.kind == attrEvent {
			n.Events = append(n.Events, a.event)
			ai.event = len(n.Events) - 1
		}
		v, b, err := tr.staticOrEval(a.val, sc)
		if err != nil {
			return nil, err
		}
		ai.b = b
		e.apply(ai, v)
	}
	if tr.host != nil {
		if path, ok := tr.host.ResolveComponent(cx.ownerPath, el.tag); ok {
			if err := tr.mount(e, path); err != nil {
				return nil, err
			}
			return e, nil
		}
	}
	e.kcx = *cx
	e.kcx.parent = e
	kids, err := tr.renderList(el.kids, sc, &e.kcx)
	if err != nil {
		return nil, err
	}
	e.kids = kids
	e.rebuild()
	return e, nil
}

// rebuild recomputes the element's Children from its regions.
func (e *elemInst) rebuild() {
	kids := e.kids
	if e.comp != nil {
		kids = e.comp.shadow
		if e.comp.tpl == nil {
			kids = e.comp.light
		}
	}
	out := make([]*Node, 0, len(kids))
	for _, k := range kids {
		out = k.appendNodes(out)
	}
	for _, c := range out {
		c.Parent = e.node
	}
	// Virtual hosts among the regions keep their place: their element's
	// Parent is this element, and the node lists them with the position
	// their nodes start at (for Select and Components). The top nodes of
	// a virtual host's own shadow tree point back at its element.
	e.node.virt = e.node.virt[:0]
	at := 0
	virtual := e.comp != nil && e.comp.virtual
	for _, k := range kids {
		walkTop(k, &at, func(n *Node, v *elemInst) {
			if v == nil {
				if virtual {
					n.vhost = e.node
				}
				return
			}
			v.node.Parent = e.node
			if virtual {
				v.node.vhost = e.node
			}
			base := at
			e.node.virt = append(e.node.virt, virtAt{at: base, n: v.node})
			for _, in := range v.node.virt {
				e.node.virt = append(e.node.virt, virtAt{at: base + in.at, n: in.n})
			}
		})
	}
	if len(e.node.virt) == 0 {
		e.node.virt = nil
	}
	if len(out) == 0 {
		out = nil
	}
	e.node.Children = out
}

// walkTop visits the top nodes region k contributes to its parent's
// Children, in order, as appendNodes lists them: fn(n, nil) for a node,
// fn(v.node, v) for a virtual host v (whose nodes are then skipped); at
// counts the nodes before the one visited.
func walkTop(k inst, at *int, fn func(n *Node, v *elemInst)) {
	switch x := k.(type) {
	case *textInst:
		fn(x.node, nil)
		*at++
	case *elemInst:
		if x.comp != nil && x.comp.virtual {
			fn(x.node, x)
			*at += len(x.node.Children)
			return
		}
		fn(x.node, nil)
		*at++
	case *fragInst:
		for _, c := range x.kids {
			walkTop(c, at, fn)
		}
	case *ifInst:
		if x.child != nil {
			walkTop(x.child, at, fn)
		}
	case *forInst:
		for _, it := range x.items {
			walkTop(it.in, at, fn)
		}
	case *tplInst:
		for _, c := range x.kids {
			walkTop(c, at, fn)
		}
	case *slotInst:
		if x.ci.slotFor[x.name] != x {
			return
		}
		for i, l := range x.ci.light {
			if x.ci.lslot[i] == x.name {
				walkTop(l, at, fn)
			}
		}
	}
}

// rebuildAll is rebuild followed, for a virtual host, by the rebuild of
// the elements its nodes sit in.
func (e *elemInst) rebuildAll() {
	e.rebuild()
	if e.comp != nil && e.comp.virtual {
		e.propagate()
	}
}

// propagate rebuilds what holds the nodes of e, a virtual host whose top
// nodes changed: its parent element, or the slot containers of the
// component it was passed to, up to the nearest element that is not a
// virtual host.
func (e *elemInst) propagate() {
	if e.cx == nil || e.cx.parent == nil {
		return
	}
	p := e.cx.parent
	if p.comp != nil && e.cx.comp != p.comp {
		// e is in p's light DOM: its nodes sit in p's slot containers.
		p.comp.relayout()
		return
	}
	p.rebuildAll()
}

func (e *elemInst) update(tr *Tree, u *upd) (bool, error) {
	var changedAttrs []string
	for i := range e.attrs {
		ai := &e.attrs[i]
		if ai.b == nil || !ai.b.dirty(u) {
			continue
		}
		old := ai.b.val
		inPlace := mutatedUnder(u, ai.b.deps)
		v, err := tr.evalValue(ai.b, e.sc)
		if err != nil {
			return false, err
		}
		// An object changed in place (setData "obj.count") is the same
		// value as before but still a change for the component. On a
		// full update nothing says which objects were changed in place
		// (old may be the very object, already changed), so an object
		// always counts as changed.
		same := deepEqual(old, v, 0) && !((inPlace || u.all) && !isPrimitive(normalize(v)))
		if e.comp != nil && same && !u.all {
			continue
		}
		e.apply(ai, v)
		if e.comp != nil && ai.a.kind != attrEvent && !same {
			changedAttrs = append(changedAttrs, ai.a.name)
		}
	}
	if e.comp != nil {
		ci := e.comp
		shape := false // a virtual host's top nodes changed
		if len(changedAttrs) > 0 {
			ci.c.SetProperties(e.componentAttrs())
			if _, ok := ci.c.(ClassMapper); ok {
				ci.remapClasses()
			}
			keys := make([][]string, 0, 2*len(changedAttrs))
			for _, name := range changedAttrs {
				keys = append(keys, []string{name})
				if cc := CamelCase(name); cc != name {
					keys = append(keys, []string{cc})
				}
			}
			ch, err := ci.refresh(tr, &upd{changed: keys})
			if err != nil {
				return ci.virtual, err
			}
			shape = ch
		}
		ch, err := updateList(tr, ci.light, u)
		if ch {
			ci.relayout()
			shape = true
		}
		return ci.virtual && shape, err
	}
	ch, err := updateList(tr, e.kids, u)
	if ch {
		e.rebuild()
	}
	return false, err
}

func (e *elemInst) detach(tr *Tree) {
	if e.comp != nil {
		e.comp.detach(tr)
		return
	}
	for _, k := range e.kids {
		k.detach(tr)
	}
}

// compInst is a custom component element's instance.
type compInst struct {
	c       Component
	elem    *elemInst
	path    string
	tpl     *Template
	root    *scope
	shadow  []inst
	light   []inst
	lslot   []string // slot name of each light region
	slots   []*slotInst
	slotFor map[string]*slotInst
	virtual bool // options.virtualHost: the element leaves no node of its own
}

func (tr *Tree) mount(e *elemInst, path string) error {
	c, err := tr.host.CreateComponent(path, e.node, e.componentAttrs())
	if err != nil {
		return &EvalError{File: e.cx.file.Path, Line: e.el.line, Column: e.el.col,
			Msg: fmt.Sprintf("<%s>: creating component %s: %v", e.el.tag, path, err), Err: err}
	}
	if c == nil {
		return &EvalError{File: e.cx.file.Path, Line: e.el.line, Column: e.el.col,
			Msg: fmt.Sprintf("<%s>: host returned no component for %s", e.el.tag, path)}
	}
	ci := &compInst{c: c, elem: e, path: path, tpl: c.Template(), slotFor: map[string]*slotInst{}}
	if v, ok := c.(VirtualHoster); ok {
		ci.virtual = v.VirtualHost()
	}
	e.comp = ci
	e.node.Component = c
	tr.comps[c] = ci
	tr.attach = append(tr.attach, c)
	e.kcx = *e.cx
	e.kcx.parent = e
	light, err := tr.renderList(e.el.kids, e.sc, &e.kcx)
	if err != nil {
		ci.detach(tr)
		return err
	}
	ci.light = light
	for _, k := range e.el.kids {
		ci.lslot = append(ci.lslot, slotNameOf(k))
	}
	if ci.tpl != nil && ci.tpl.f != nil {
		root, err := tr.newRootScope(ci.tpl, c.Data(), true)
		if err != nil {
			ci.detach(tr)
			return err
		}
		ci.root = root
		scx := &rctx{tpl: ci.tpl, file: ci.tpl, owner: c, ownerPath: ci.tpl.Path, comp: ci, parent: e}
		shadow, err := tr.renderList(ci.tpl.f.nodes, root, scx)
		if err != nil {
			ci.detach(tr)
			return err
		}
		ci.shadow = shadow
	}
	e.rebuild()
	return nil
}

// slotNameOf is the slot a light-DOM child goes to.
func slotNameOf(n tNode) string {
	switch x := n.(type) {
	case *tElem:
		return x.slot
	case *tFor:
		return slotNameOf(x.body)
	case *tIf:
		return slotNameOf(x.branches[0].node)
	}
	return ""
}

func (ci *compInst) addSlot(s *slotInst) {
	ci.slots = append(ci.slots, s)
	if ci.slotFor[s.name] == nil {
		ci.slotFor[s.name] = s
	}
}

func (ci *compInst) removeSlot(s *slotInst) {
	for i, o := range ci.slots {
		if o == s {
			ci.slots = append(ci.slots[:i], ci.slots[i+1:]...)
			break
		}
	}
	if ci.slotFor[s.name] == s {
		delete(ci.slotFor, s.name)
		for _, o := range ci.slots {
			if o.name == s.name {
				ci.slotFor[s.name] = o
				break
			}
		}
	}
}

// relayout rebuilds the elements that hold slots after the light DOM
// changed shape.
func (ci *compInst) relayout() {
	if ci.tpl == nil {
		ci.elem.rebuildAll()
		return
	}
	seen := map[*elemInst]bool{}
	for _, s := range ci.slots {
		if s.container != nil && !seen[s.container] {
			seen[s.container] = true
			s.container.rebuildAll()
		}
	}
}

// remapClasses applies the class attribute of every element of the
// component's template again, so that external classes follow the
// element's attributes (the mapping may change without any binding of the
// shadow tree reading the changed attribute).
func (ci *compInst) remapClasses() {
	var walk func(k inst)
	walk = func(k inst) {
		switch x := k.(type) {
		case *elemInst:
			if x.node.Owner == ci.c {
				for i := range x.attrs {
					ai := &x.attrs[i]
					if ai.a.kind != attrClass {
						continue
					}
					var v any = true
					switch {
					case ai.b != nil:
						v = ai.b.val
					case ai.a.val != nil:
						v = ai.a.val.lit
					}
					x.apply(ai, v)
				}
			}
			if x.comp != nil {
				// Light-DOM children of an inner component are the
				// template's; its shadow tree is not.
				for _, l := range x.comp.light {
					walk(l)
				}
				return
			}
			for _, c := range x.kids {
				walk(c)
			}
		case *fragInst:
			for _, c := range x.kids {
				walk(c)
			}
		case *ifInst:
			if x.child != nil {
				walk(x.child)
			}
		case *forInst:
			for _, it := range x.items {
				walk(it.in)
			}
		case *tplInst:
			for _, c := range x.kids {
				walk(c)
			}
		}
	}
	for _, k := range ci.shadow {
		walk(k)
	}
}

// refresh re-evaluates the shadow tree with the component's current data,
// and reports whether the element's Children changed (the element is
// rebuilt; for a virtual host, what holds its nodes is not).
func (ci *compInst) refresh(tr *Tree, u *upd) (bool, error) {
	if ci.root == nil {
		return false, nil
	}
	ci.root.data = ci.c.Data()
	ch, err := updateList(tr, ci.shadow, u)
	if ch {
		ci.elem.rebuild()
	}
	return ch, err
}

func (ci *compInst) detach(tr *Tree) {
	for _, k := range ci.shadow {
		k.detach(tr)
	}
	for _, k := range ci.light {
		k.detach(tr)
	}
	if _, ok := tr.comps[ci.c]; ok {
		delete(tr.comps, ci.c)
		ci.c.Detach()
	}
}

// slotInst is a <slot> in a component's template.
type slotInst struct {
	ci        *compInst
	name      string
	container *elemInst
}

func (s *slotInst) appendNodes(dst []*Node) []*Node {
	if s.ci.slotFor[s.name] != s {
		return dst
	}
	for i, l := range s.ci.light {
		if s.ci.lslot[i] == s.name {
			dst = l.appendNodes(dst)
		}
	}
	return dst
}

func (s *slotInst) update(*Tree, *upd) (bool, error) { return false, nil }

func (s *slotInst) detach(*Tree) { s.ci.removeSlot(s) }

// ifInst is a wx:if / wx:elif / wx:else chain.
type ifInst struct {
	n         *tIf
	sc        *scope
	cx        *rctx
	conds     []*binding
	evaluated int // conditions evaluated last time
	active    int
	child     inst
}

// pick evaluates the conditions in order and returns the branch to show.
func (f *ifInst) pick(tr *Tree) (int, error) {
	for i, br := range f.n.branches {
		f.evaluated = i + 1
		if br.cond == nil {
			return i, nil
		}
		var v any
		if br.cond.static() {
			v = br.cond.lit
		} else {
			if f.conds[i] == nil {
				f.conds[i] = &binding{v: br.cond}
			}
			var err error
			if v, err = tr.evalValue(f.conds[i], f.sc); err != nil {
				return -1, err
			}
		}
		if truthy(v) {
			return i, nil
		}
	}
	return -1, nil
}

func (f *ifInst) choose(tr *Tree) error {
	i, err := f.pick(tr)
	if err != nil {
		return err
	}
	f.active = i
	if i >= 0 {
		child, err := tr.render(f.n.branches[i].node, f.sc, f.cx)
		if err != nil {
			return err
		}
		f.child = child
	}
	return nil
}

func (f *ifInst) appendNodes(dst []*Node) []*Node {
	if f.child == nil {
		return dst
	}
	return f.child.appendNodes(dst)
}

func (f *ifInst) update(tr *Tree, u *upd) (bool, error) {
	dirty := u.all
	for i := 0; i < f.evaluated && !dirty; i++ {
		if f.conds[i] != nil && f.conds[i].dirty(u) {
			dirty = true
		}
	}
	if dirty {
		old := f.active
		i, err := f.pick(tr)
		if err != nil {
			return false, err
		}
		if i != old {
			if f.child != nil {
				f.child.detach(tr)
				f.child = nil
			}
			f.active = i
			if i >= 0 {
				child, err := tr.render(f.n.branches[i].node, f.sc, f.cx)
				if err != nil {
					f.active = -1
					return true, err
				}
				f.child = child
			}
			return true, nil
		}
	}
	if f.child == nil {
		return false, nil
	}
	return f.child.update(tr, u)
}

func (f *ifInst) detach(tr *Tree) {
	if f.child != nil {
		f.child.detach(tr)
	}
}

// tplInst is a <template is="..." data="...">.
type tplInst struct {
	n     *tCall
	sc    *scope
	cx    *rctx
	is    *binding
	data  *binding
	name  string
	inner *scope
	kids  []inst
}

func (c *tplInst) build(tr *Tree) error {
	nv, err := tr.evalValue(c.is, c.sc)
	if err != nil {
		return err
	}
	c.name = displayString(nv)
	var data map[string]any
	if c.data != nil {
		dv, err := tr.evalValue(c.data, c.sc)
		if err != nil {
			return err
		}
		data, _ = dv.(map[string]any)
	}
	return c.renderBody(tr, data)
}

func (c *tplInst) renderBody(tr *Tree, data map[string]any) error {
	c.kids = nil
	if c.name == "" {
		return nil
	}
	def, file := c.cx.tpl.lookupDef(c.name)
	if def == nil {
		return &EvalError{File: c.cx.file.Path, Line: c.n.line, Column: c.n.col,
			Msg: fmt.Sprintf("template %q is not defined or imported", c.name), Err: ErrUnknownTemplate}
	}
	if data == nil {
		data = map[string]any{}
	}
	inner, err := tr.newRootScope(file, data, false)
	if err != nil {
		return err
	}
	c.inner = inner
	icx := *c.cx
	icx.tpl, icx.file = file, file
	kids, err := tr.renderList(def.kids, inner, &icx)
	if err != nil {
		return err
	}
	c.kids = kids
	return nil
}

func (c *tplInst) appendNodes(dst []*Node) []*Node {
	for _, k := range c.kids {
		dst = k.appendNodes(dst)
	}
	return dst
}

func (c *tplInst) update(tr *Tree, u *upd) (bool, error) {
	isDirty := c.is.dirty(u)
	dataDirty := c.data != nil && c.data.dirty(u)
	if !isDirty && !dataDirty {
		if u.all {
			return updateList(tr, c.kids, u)
		}
		return false, nil
	}
	name := c.name
	if isDirty {
		nv, err := tr.evalValue(c.is, c.sc)
		if err != nil {
			return false, err
		}
		name = displayString(nv)
	}
	var data map[string]any
	if c.data != nil {
		dv := c.data.val
		if dataDirty {
			var err error
			if dv, err = tr.evalValue(c.data, c.sc); err != nil {
				return false, err
			}
		}
		data, _ = dv.(map[string]any)
	}
	if name != c.name {
		for _, k := range c.kids {
			k.detach(tr)
		}
		c.name = name
		return true, c.renderBody(tr, data)
	}
	if c.inner == nil {
		return false, nil
	}
	if data == nil {
		data = map[string]any{}
	}
	c.inner.data = data
	return updateList(tr, c.kids, &upd{all: true})
}

func (c *tplInst) detach(tr *Tree) {
	for _, k := range c.kids {
		k.detach(tr)
	}
}

// forInst is a wx:for list.
type forInst struct {
	n        *tFor
	sc       *scope
	cx       *rctx
	list     *binding
	listPath []string
	tracked  bool
	items    []*forItem
}

type forItem struct {
	// cross is set once a binding in the item read the list other than
	// through the item: it then sees changes inside other items too.
	cross bool
	key   string
	seg   string // path segment of the item in the list ("" when untracked)
	val   any
	sc    *scope
	in    inst
}

type forEntry struct {
	val   any
	i     int    // position
	key   string // object key, when iterating an object
	isKey bool
	path  bool // the entry has a data path segment
}

// index is the value of the wx:for-index variable: the position, or the
// key of an object.
func (en *forEntry) index() any {
	if en.isKey {
		return en.key
	}
	return float64(en.i)
}

// segment is the entry's path segment in its list.
func (en *forEntry) segment() string {
	if en.isKey {
		return en.key
	}
	if en.path {
		return strconv.Itoa(en.i)
	}
	return ""
}

// entries lists what wx:for iterates: array items, object values (keys
// sorted), 0..n-1 for a number, the characters of a string.
func entries(v any) ([]forEntry, bool) {
	switch x := normalize(v).(type) {
	case []any:
		out := make([]forEntry, len(x))
		for i, e := range x {
			out[i] = forEntry{val: e, i: i, path: true}
		}
		return out, true
	case *jsArray:
		out := make([]forEntry, len(x.v))
		for i, e := range x.v {
			out[i] = forEntry{val: e, i: i, path: true}
		}
		return out, true
	case map[string]any:
		keys := sortedKeys(x)
		out := make([]forEntry, len(keys))
		for i, k := range keys {
			out[i] = forEntry{val: x[k], i: i, key: k, isKey: true, path: true}
		}
		return out, true
	case float64:
		if x > 1e6 || x != x {
			x = 0
		}
		out := make([]forEntry, 0, max(int(x), 0))
		for i := 0; i < int(x); i++ {
			out = append(out, forEntry{val: float64(i), i: i})
		}
		return out, false
	case string:
		var out []forEntry
		i := 0
		for _, r := range x {
			out = append(out, forEntry{val: string(r), i: i})
			i++
		}
		return out, false
	}
	return nil, false
}

// keyOf computes the wx:key of an entry.
func (f *forInst) keyOf(en forEntry, i int) string {
	switch f.n.key {
	case "":
		return "#" + strconv.Itoa(i)
	case "*this":
		return typeOf(en.val) + ":" + toString(en.val)
	}
	in := interp{}
	v, _ := in.getProp(0, en.val, f.n.key)
	return typeOf(v) + ":" + toString(v)
}

func (f *forInst) itemScope(en forEntry, tracked bool) *scope {
	s := &scope{parent: f.sc, vars: make([]scopeVar, 2)}
	f.setVars(s, en, tracked)
	return s
}

func (f *forInst) setVars(s *scope, en forEntry, tracked bool) {
	var p []string
	if tracked {
		p = make([]string, len(f.listPath)+1)
		copy(p, f.listPath)
		p[len(f.listPath)] = en.segment()
	}
	s.vars[0] = scopeVar{name: f.n.item, val: en.val, path: p, tracked: tracked}
	s.vars[1] = scopeVar{name: f.n.index, val: en.index()}
}

func (f *forInst) first(tr *Tree) error {
	v, path, tracked, err := tr.evalRef(f.list, f.sc)
	if err != nil {
		return err
	}
	ents, pathable := entries(v)
	f.listPath, f.tracked = path, tracked && pathable
	seen := map[string]int{}
	for i, en := range ents {
		it, err := f.newItem(tr, en, f.uniqueKey(en, i, seen))
		if err != nil {
			for _, o := range f.items {
				o.in.detach(tr)
			}
			return err
		}
		f.items = append(f.items, it)
	}
	return nil
}

// uniqueKey is keyOf made unique within one list (duplicate keys, which
// the platform warns about, match by occurrence).
func (f *forInst) uniqueKey(en forEntry, i int, seen map[string]int) string {
	base := f.keyOf(en, i)
	key := base
	if n := seen[base]; n > 0 {
		key += "#dup" + strconv.Itoa(n)
	}
	seen[base]++
	return key
}

func (f *forInst) newItem(tr *Tree, en forEntry, key string) (*forItem, error) {
	it := &forItem{key: key, seg: en.segment(), val: en.val, sc: f.itemScope(en, f.tracked)}
	it.sc.item = it
	in, err := tr.render(f.n.body, it.sc, f.cx)
	if err != nil {
		return nil, err
	}
	it.in = in
	return it, nil
}

func (f *forInst) appendNodes(dst []*Node) []*Node {
	for _, it := range f.items {
		dst = it.in.appendNodes(dst)
	}
	return dst
}

func (f *forInst) detach(tr *Tree) {
	for _, it := range f.items {
		it.in.detach(tr)
	}
}

func (f *forInst) update(tr *Tree, u *upd) (bool, error) {
	if !f.list.dirty(u) {
		changed := false
		for _, it := range f.items {
			ch, err := it.in.update(tr, u)
			if err != nil {
				return true, err
			}
			changed = changed || ch
		}
		return changed, nil
	}
	v, path, tracked, err := tr.evalRef(f.list, f.sc)
	if err != nil {
		return false, err
	}
	ents, pathable := entries(v)
	tracked = tracked && pathable
	full := u.all || tracked != f.tracked || !equalPath(path, f.listPath) || len(ents) != len(f.items)
	f.listPath, f.tracked = path, tracked
	var broadcast [][]string
	var routed map[int][][]string
	if !full {
		for _, c := range u.changed {
			if !overlapsOne(f.list.deps, c) {
				broadcast = append(broadcast, c)
				continue
			}
			if !tracked || len(c) <= len(path) || !prefixOf(path, c) {
				full = true
				break
			}
			i, ok := -1, false
			if _, isMap := normalize(v).(map[string]any); !isMap {
				i, ok = arrayIndex(c[len(path)])
			}
			if !ok || i >= len(f.items) || f.n.key != "" && (len(c) == len(path)+1 || c[len(path)+1] == f.n.key) {
				full = true
				break
			}
			if routed == nil {
				routed = map[int][][]string{}
			}
			routed[i] = append(routed[i], c)
		}
	}
	if full {
		return f.reconcile(tr, ents, u)
	}
	// Every change lies inside an item or outside the list. Item i sees
	// the changes outside and those inside itself; an item that reads
	// other items ({{list[0].id}}) sees them all.
	changed := false
	for i, it := range f.items {
		it.val = ents[i].val
		it.sc.vars[0].val = ents[i].val
		cs := broadcast
		switch {
		case it.cross:
			cs = u.changed
		case len(routed[i]) > 0:
			cs = append(append([][]string(nil), broadcast...), routed[i]...)
		}
		if len(cs) == 0 {
			continue
		}
		ch, err := it.in.update(tr, u.sub(cs, nil))
		if err != nil {
			return true, err
		}
		changed = changed || ch
	}
	return changed, nil
}

// reconcile matches the new entries to the rendered items by wx:key (or
// by position without a key): unchanged items are kept as they are, moved
// or changed items are kept and fully re-evaluated, new ones rendered and
// missing ones detached.
func (f *forInst) reconcile(tr *Tree, ents []forEntry, u *upd) (bool, error) {
	old := make(map[string]*forItem, len(f.items))
	for _, it := range f.items {
		old[it.key] = it
	}
	// A list that is not a plain path ("{{list || []}}") may hand out the
	// same objects the page mutated in place: a change below the list then
	// makes every object item suspect.
	mutated := !f.tracked && mutatedUnder(u, f.list.deps)
	structural := len(ents) != len(f.items)
	items := make([]*forItem, 0, len(ents))
	seen := map[string]int{}
	var firstErr error
	for i, en := range ents {
		key := f.uniqueKey(en, i, seen)
		it := old[key]
		if it == nil {
			nit, err := f.newItem(tr, en, key)
			if err != nil {
				firstErr = err
				continue
			}
			items = append(items, nit)
			structural = true
			continue
		}
		delete(old, key)
		if i >= len(f.items) || f.items[i] != it {
			structural = true
		}
		seg := en.segment()
		same := !u.all && it.seg == seg && deepEqual(it.val, en.val, 0) && !(mutated && !isPrimitive(normalize(en.val)))
		it.val, it.seg = en.val, seg
		f.setVars(it.sc, en, f.tracked)
		items = append(items, it)
		var ch bool
		var err error
		if same {
			// The item sees every change: a read of the list itself
			// ({{list.length}}, {{list[0].id}}) in an item must follow an
			// append, a replaced list or a change in another item. The
			// bindings' own deps filter what is re-evaluated, and reads of
			// the item itself are known unchanged (but for changes inside
			// it).
			cs := u.changed
			if len(cs) > 0 {
				var same []string
				if f.tracked {
					same = make([]string, len(f.listPath)+1)
					copy(same, f.listPath)
					same[len(f.listPath)] = seg
				}
				ch, err = it.in.update(tr, u.sub(cs, same))
			}
		} else {
			ch, err = it.in.update(tr, &upd{all: true})
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		structural = structural || ch
	}
	for _, it := range f.items {
		if old[it.key] == it {
			it.in.detach(tr)
			structural = true
		}
	}
	f.items = items
	return structural, firstErr
}

// mutatedUnder reports whether a change lies strictly below a path a
// binding read, so that the value read may be the same object changed in
// place.
func mutatedUnder(u *upd, deps [][]string) bool {
	for _, c := range u.changed {
		for _, d := range deps {
			if len(c) <= len(d) || !prefixOf(d, c) {
				continue
			}
			if _, isLen := isLengthDep(d); !isLen {
				return true
			}
		}
	}
	return false
}
