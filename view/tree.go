package view

import (
	"strconv"
	"strings"
)

// Node is one element or text node of a rendered tree.
type Node struct {
	Tag     string         // "view", "text", "button", "#text" for text nodes, or a custom component's tag
	ID      string         // the id attribute
	Class   []string       // the class attribute, split on white space
	Attrs   map[string]any // evaluated attributes other than id, class, data-*, mark:*, event bindings and wx:* (hidden and slot included)
	Dataset map[string]any // data-* attributes, keys as the base library makes them (data-item-id → itemId)
	Marks   map[string]any // mark:* attributes
	Text    string         // the text of a "#text" node
	Events  []Binding      // event bindings in attribute order
	Hidden  bool           // the hidden attribute is truthy
	// Children are the child nodes. For a custom component element they
	// are its shadow tree's top nodes (rendered from its template), with
	// the element's own children placed where the template has <slot>
	// elements (<slot> itself leaves no node).
	Children  []*Node
	Parent    *Node
	Component Component // non-nil for a custom component element
	Owner     Component // the component whose template produced this node (nil for the page's own template)

	virt  []virtAt // virtual host elements whose nodes are among Children, in order
	vhost *Node    // for a top node of a virtual host's shadow tree: the host's element
}

// virtAt places a virtual host's element among a node's Children: its
// nodes start at Children[at].
type virtAt struct {
	at int
	n  *Node
}

// up is n's parent in the composed tree, virtual host elements included.
func (n *Node) up() *Node {
	if n.vhost != nil {
		return n.vhost
	}
	return n.Parent
}

// eachChild calls fn for n's children in document order, with the
// elements of virtual hosts placed before their first node.
func (n *Node) eachChild(fn func(c *Node)) {
	vi := 0
	for i, c := range n.Children {
		for ; vi < len(n.virt) && n.virt[vi].at <= i; vi++ {
			fn(n.virt[vi].n)
		}
		fn(c)
	}
	for ; vi < len(n.virt); vi++ {
		fn(n.virt[vi].n)
	}
}

// Binding is an event binding of an element: bindtap="onTap" is
// {Event: "tap", Handler: "onTap"}.
type Binding struct {
	Event   string
	Handler string
	Catch   bool // catch / capture-catch: stops propagation
	Capture bool // capture-bind / capture-catch: capture phase
	Mutated bool // mut-bind
}

// Host is how the renderer meets custom components; the runtime
// implements it.
type Host interface {
	// ResolveComponent reports whether tag is a custom component for the
	// template at owner (a template path like "pages/index/index.wxml" or
	// "components/badge/badge.wxml"), and returns the component's path
	// without extension ("components/badge/badge"), per usingComponents.
	ResolveComponent(owner, tag string) (componentPath string, ok bool)
	// CreateComponent instantiates a component for element n. It is
	// called while the element is being built (n.Parent and n.Children
	// are not set yet) and must not call back into the Tree; see Attacher
	// for a call once the element is in place. attrs holds
	// every evaluated attribute of the element except event bindings,
	// keyed as written in the template (kebab-case stays kebab-case; see
	// CamelCase); the host picks the declared properties. It returns the
	// component's own template and data, and a handle.
	CreateComponent(componentPath string, n *Node, attrs map[string]any) (Component, error)
}

// Component is a custom component instance as the renderer sees it.
type Component interface {
	// Template returns the component's template; nil renders the
	// element's children in place of a shadow tree.
	Template() *Template
	// Data returns the current data of the component (properties included).
	Data() map[string]any
	// SetProperties is called on re-render when the element's evaluated
	// attributes changed (same keys as CreateComponent's attrs). After it
	// returns, the tree re-evaluates the component's bindings that read
	// the changed attributes (by name as written and camelCased). It may
	// call Tree.UpdateComponent for other data it changed (observers).
	SetProperties(attrs map[string]any)
	// Detach is called when the element leaves the tree.
	Detach()
}

// Stats counts the work a tree has done since Render.
type Stats struct {
	// Evaluations is the number of binding evaluations: attribute values,
	// texts, wx:if conditions, wx:for lists, template is/data.
	Evaluations int64
	// Nodes is the number of nodes created.
	Nodes int64
}

// Tree is a rendered page (or component) tree. A Tree is not safe for
// concurrent use: call its methods from one goroutine at a time (the
// runtime's loop).
type Tree struct {
	// Root is a "page" node whose children are the template's top nodes.
	Root *Node

	host    Host
	tpl     *Template
	root    *elemInst
	scope   *scope
	comps   map[Component]*compInst
	glob    *env
	modules map[*wxsFile]any
	stats   Stats
	ev      interp      // reused by evalRef
	depBuf  [][]string  // reused by evalRef
	depth   int         // nesting of Render/Update/UpdateComponent calls
	attach  []Component // mounted during the current pass, parents first
}

// Attacher is implemented by components that want to know when their
// element is in the tree. After each Render, Update or UpdateComponent
// pass (the outermost one, when calls nest), Attached is called on every
// component created during the pass and still in the tree, parents before
// children, with the tree fully built: Node.Parent and the shadow tree are
// set. This is where the runtime runs the attached and ready lifetimes.
type Attacher interface {
	Attached()
}

// ClassMapper is implemented by components with externalClasses: class
// tokens of nodes made by the component's template pass through MapClass,
// which returns the classes the element's attribute gives ("my-class" →
// "red big"), or the token itself. The mapping is applied when a class is
// rendered or re-rendered, and to every element of the component's
// template after each SetProperties call.
type ClassMapper interface {
	MapClass(token string) []string
}

// VirtualHoster is implemented by components with options.virtualHost: the
// component element then leaves no node of its own in Children: its shadow
// tree's nodes take its place under its parent. The element's Node still
// exists (Tree.ComponentNode, bindings of the element) and its Parent is the
// parent it would have had; Tree.Select finds it by its tag, id and class at
// that place, Tree.Components lists it, and the LogicalParent of a node
// slotted into it is its element. When its nodes change (a wx:if in its
// template, its own setData), the element holding them is rebuilt.
type VirtualHoster interface {
	VirtualHost() bool
}

// begin and end bracket a pass; end calls Attached for the components the
// pass mounted.
func (tr *Tree) begin() { tr.depth++ }

func (tr *Tree) end() {
	tr.depth--
	if tr.depth > 0 {
		return
	}
	for len(tr.attach) > 0 {
		list := tr.attach
		tr.attach = nil
		tr.depth++
		for _, c := range list {
			if _, ok := tr.comps[c]; !ok {
				continue
			}
			if a, ok := c.(Attacher); ok {
				a.Attached()
			}
		}
		tr.depth--
	}
}

// Stats returns the counters of the work done so far.
func (tr *Tree) Stats() Stats { return tr.stats }

// Template returns the template the tree was rendered from.
func (tr *Tree) Template() *Template { return tr.tpl }

// TextContent returns the concatenated text of the subtree, what a user
// reads: the text nodes in order, hidden subtrees left out.
func (n *Node) TextContent() string {
	var b strings.Builder
	n.text(&b)
	return b.String()
}

func (n *Node) text(b *strings.Builder) {
	if n.Hidden {
		return
	}
	if n.Tag == "#text" {
		b.WriteString(n.Text)
		return
	}
	for _, c := range n.Children {
		c.text(b)
	}
}

// parseChanged splits setData keys into path segments:
// "list[2].name" → [list 2 name], "m['a.b']" → [m a.b].
func parseChanged(keys []string) [][]string {
	out := make([][]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, splitKey(k))
	}
	return out
}

func splitKey(k string) []string {
	var segs []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch c {
		case '.':
			flush()
		case '[':
			flush()
			end := strings.IndexByte(k[i:], ']')
			if end < 0 {
				cur.WriteString(k[i+1:])
				i = len(k)
				continue
			}
			inner := strings.TrimSpace(k[i+1 : i+end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				inner = inner[1 : len(inner)-1]
			} else if n, err := strconv.Atoi(inner); err == nil {
				inner = strconv.Itoa(n)
			}
			segs = append(segs, inner)
			i += end
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return segs
}

// prefixOf reports whether a is a prefix of b (or equal).
func prefixOf(a, b []string) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// lengthSeg starts the last segment of the dependency path of an array's
// or string's length: "list.length" on a 3-item list reads
// [list, lengthSeg+"3"] (see lengthDep). The length changes when the value
// is replaced or an element at an index past the end is assigned, at any
// depth (setData "list[3].name" on a 3-item list appends an item), not
// when an existing element or a field inside one changes.
const lengthSeg = "\x00length"

// lengthDep is the last dependency segment of a read of a length n.
func lengthDep(n int) string { return lengthSeg + strconv.Itoa(n) }

// isLengthDep reports whether a dependency path is a length read, and
// returns the length read.
func isLengthDep(dep []string) (int, bool) {
	if len(dep) == 0 {
		return 0, false
	}
	if last := dep[len(dep)-1]; last == "" || last[0] != 0 || !strings.HasPrefix(last, lengthSeg) {
		return 0, false
	}
	n, err := strconv.Atoi(dep[len(dep)-1][len(lengthSeg):])
	if err != nil {
		return -1, true
	}
	return n, true
}

// pathOverlap reports whether a change at c can affect a binding that read
// dep: one is a prefix of the other, or, for a length read, c replaces
// the value or assigns at (or below) an index at or past the length read.
func pathOverlap(dep, c []string) bool {
	if n, ok := isLengthDep(dep); ok {
		base := dep[:len(dep)-1]
		if prefixOf(c, base) {
			return true
		}
		if len(c) <= len(base) || !prefixOf(base, c) {
			return false
		}
		i, ok := arrayIndex(c[len(base)])
		return ok && i >= n
	}
	// One is a prefix of the other: they agree up to the shorter's end.
	for i := range min(len(dep), len(c)) {
		if dep[i] != c[i] {
			return false
		}
	}
	return true
}

func overlapsAny(deps, changed [][]string) bool {
	for _, d := range deps {
		for _, c := range changed {
			if pathOverlap(d, c) {
				return true
			}
		}
	}
	return false
}

func overlapsOne(deps [][]string, c []string) bool {
	for _, d := range deps {
		if pathOverlap(d, c) {
			return true
		}
	}
	return false
}

func equalPath(a, b []string) bool { return len(a) == len(b) && prefixOf(a, b) }
