package view

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// compound is one compound selector: tag, #id and .classes.
type compound struct {
	tag     string // "" or "*" for any
	id      string
	classes []string
}

func (c *compound) matches(n *Node) bool {
	if n.Tag == "#text" {
		return false
	}
	if c.tag != "" && c.tag != "*" && c.tag != n.Tag {
		return false
	}
	if c.id != "" && c.id != n.ID {
		return false
	}
	for _, cl := range c.classes {
		found := false
		for _, nc := range n.Class {
			if nc == cl {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// selPart is a compound with the combinator that links it to the part on
// its left: ' ' descendant, '>' child, 'D' for ">>>" (descendant across
// component boundaries).
type selPart struct {
	comb byte
	c    compound
}

type selector []selPart

func isSelName(r rune) bool {
	return r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80
}

// parseSelectors parses a comma-separated selector list.
func parseSelectors(s string) ([]selector, error) {
	var out []selector
	for _, item := range strings.Split(s, ",") {
		sel, err := parseSelector(strings.TrimSpace(item))
		if err != nil {
			return nil, fmt.Errorf("%w %q: %s", ErrSelector, s, err)
		}
		out = append(out, sel)
	}
	return out, nil
}

func parseSelector(s string) (selector, error) {
	if s == "" {
		return nil, fmt.Errorf("empty selector")
	}
	var sel selector
	comb := byte(0)
	i := 0
	name := func() string {
		start := i
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isSelName(r) {
				break
			}
			i += size
		}
		return s[start:i]
	}
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n':
			i++
			if comb == 0 && len(sel) > 0 {
				comb = ' '
			}
			continue
		case strings.HasPrefix(s[i:], ">>>"):
			if len(sel) == 0 {
				return nil, fmt.Errorf("\">>>\" needs a selector on its left")
			}
			i += 3
			comb = 'D'
			continue
		case s[i] == '>':
			if len(sel) == 0 {
				return nil, fmt.Errorf("\">\" needs a selector on its left")
			}
			i++
			comb = '>'
			continue
		}
		var c compound
		start := i
		if s[i] == '*' {
			c.tag = "*"
			i++
		} else if r, _ := utf8.DecodeRuneInString(s[i:]); isSelName(r) {
			c.tag = name()
		}
		for i < len(s) && (s[i] == '#' || s[i] == '.') {
			kind := s[i]
			i++
			n := name()
			if n == "" {
				return nil, fmt.Errorf("expected a name after %q", kind)
			}
			if kind == '#' {
				if c.id != "" {
					return nil, fmt.Errorf("two ids in one compound")
				}
				c.id = n
			} else {
				c.classes = append(c.classes, n)
			}
		}
		if i == start {
			return nil, fmt.Errorf("unsupported character %q", s[i])
		}
		if len(sel) > 0 && comb == 0 {
			return nil, fmt.Errorf("unsupported character %q", s[i-1])
		}
		sel = append(sel, selPart{comb: comb, c: c})
		comb = 0
	}
	if comb == '>' || comb == 'D' {
		return nil, fmt.Errorf("combinator without a selector on its right")
	}
	return sel, nil
}

// LogicalParent returns n's parent in its owner's tree, the logical
// (light-DOM) tree that the template producing n describes: the nearest
// ancestor with the same Owner. For a node passed to a component's <slot>
// that is the component element it was written in, not the slot's
// container inside the component's shadow tree; for a node of the page's
// template at the top it is the tree's Root. It is nil for the top nodes
// of a component's shadow tree (the component element belongs to another
// owner's tree) and for a node without a Parent.
func (n *Node) LogicalParent() *Node { return logicalParent(n, nil) }

// logicalParent is LogicalParent stopping at root (nil when the parent
// would be root or above).
func logicalParent(n, root *Node) *Node {
	for p := n.up(); p != nil && p != root; p = p.up() {
		if p.Owner == n.Owner {
			return p
		}
		if n.Owner != nil && p.Component == n.Owner {
			return nil
		}
	}
	return nil
}

func (sel selector) matchAt(i int, n, root *Node, owner Component) bool {
	if !sel[i].c.matches(n) {
		return false
	}
	if i == 0 {
		return n.Owner == owner
	}
	switch sel[i].comb {
	case '>':
		p := logicalParent(n, root)
		return p != nil && sel.matchAt(i-1, p, root, owner)
	case 'D':
		for p := n.up(); p != nil && p != root; p = p.up() {
			if sel.matchAt(i-1, p, root, owner) {
				return true
			}
		}
		return false
	default:
		for p := logicalParent(n, root); p != nil; p = logicalParent(p, root) {
			if sel.matchAt(i-1, p, root, owner) {
				return true
			}
		}
		return false
	}
}

// Select returns the nodes matching selector, in document order. It
// supports "#id", ".cls", "tag", "*", compounds ("view.a.b"), descendant
// "a b" and child "a > b" combinators, comma lists, and ">>>" to descend
// into components. Matching happens in the page's own view of the tree:
// every compound left of a ">>>" (and the whole selector without one)
// matches only nodes made by the page's template (Owner nil), with
// slotted children treated as children of the component element, as
// wx.createSelectorQuery does; after ">>>", nodes of any component match.
func (tr *Tree) Select(selector string) ([]*Node, error) {
	return tr.selectUnder(tr.Root, nil, selector)
}

// SelectIn is Select within the shadow tree of c, as a component's
// this.createSelectorQuery() and this.selectComponent see it: the nodes
// made by c's template (and, after ">>>", anything below them).
func (tr *Tree) SelectIn(c Component, selector string) ([]*Node, error) {
	ci, ok := tr.comps[c]
	if !ok {
		return nil, ErrUnknownComponent
	}
	return tr.selectUnder(ci.elem.node, c, selector)
}

func (tr *Tree) selectUnder(top *Node, owner Component, selector string) ([]*Node, error) {
	sels, err := parseSelectors(selector)
	if err != nil {
		return nil, err
	}
	var out []*Node
	var walk func(n *Node)
	walk = func(n *Node) {
		n.eachChild(func(c *Node) {
			for _, s := range sels {
				if s.matchAt(len(s)-1, c, top, owner) {
					out = append(out, c)
					break
				}
			}
			if !isVirtualElem(c) { // its nodes are n's children too
				walk(c)
			}
		})
	}
	walk(top)
	return out, nil
}

// Snapshot renders the tree as indented text, one node per line, for
// golden files: elements as `<tag id="..." class="..." attr=... data-x=...
// mark:y=... bind:tap="...">` (attributes, dataset and marks sorted by
// name; strings quoted, other values as JSON), text nodes quoted, children
// indented by two spaces. Custom component elements show their shadow tree
// with slotted children in place. The output is deterministic.
func (tr *Tree) Snapshot() string {
	var b strings.Builder
	for _, c := range tr.Root.Children {
		writeNode(&b, c, 0)
	}
	return b.String()
}

// Snapshot renders the subtree of n as Tree.Snapshot does.
func (n *Node) Snapshot() string {
	var b strings.Builder
	writeNode(&b, n, 0)
	return b.String()
}

func snapValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return strconv.Quote(fmt.Sprint(v))
	}
	return string(j)
}

func sortedMapKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func writeNode(b *strings.Builder, n *Node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if n.Tag == "#text" {
		b.WriteString(strconv.Quote(n.Text))
		b.WriteByte('\n')
		return
	}
	b.WriteByte('<')
	b.WriteString(n.Tag)
	if n.ID != "" {
		fmt.Fprintf(b, " id=%q", n.ID)
	}
	if len(n.Class) > 0 {
		fmt.Fprintf(b, " class=%q", strings.Join(n.Class, " "))
	}
	for _, k := range sortedMapKeys(n.Attrs) {
		fmt.Fprintf(b, " %s=%s", k, snapValue(n.Attrs[k]))
	}
	for _, k := range sortedMapKeys(n.Dataset) {
		fmt.Fprintf(b, " data-%s=%s", k, snapValue(n.Dataset[k]))
	}
	for _, k := range sortedMapKeys(n.Marks) {
		fmt.Fprintf(b, " mark:%s=%s", k, snapValue(n.Marks[k]))
	}
	for _, e := range n.Events {
		prefix := "bind:"
		switch {
		case e.Capture && e.Catch:
			prefix = "capture-catch:"
		case e.Capture:
			prefix = "capture-bind:"
		case e.Catch:
			prefix = "catch:"
		case e.Mutated:
			prefix = "mut-bind:"
		}
		fmt.Fprintf(b, " %s%s=%q", prefix, e.Event, e.Handler)
	}
	b.WriteString(">\n")
	for _, c := range n.Children {
		writeNode(b, c, depth+1)
	}
}
