package view

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// tvalue is an attribute value or text with {{ }} interpolations.
type tvalue struct {
	lit    string  // the whole value when it has no binding
	single expr    // the whole value is one binding: keeps the value's type
	parts  []tpart // mixed literal text and bindings: a string
	src    *srcFile
	raw    string // source text, for snapshots of errors
}

type tpart struct {
	lit string
	x   expr
	src *srcFile // the expression's source, for error positions
}

func (v *tvalue) static() bool { return v.single == nil && v.parts == nil }

// Attribute kinds.
type attrKind int

const (
	attrPlain attrKind = iota
	attrID
	attrClass
	attrData
	attrMark
	attrEvent
	attrHidden
)

type tAttr struct {
	name  string
	val   *tvalue // nil: attribute without a value (true)
	kind  attrKind
	key   string // dataset or mark key
	event Binding
}

// Template AST nodes.
type tNode interface{}

type tElem struct {
	tag       string
	attrs     []*tAttr
	kids      []tNode
	line, col int
	slot      string // static slot="name" (light DOM placement)
}

type tText struct {
	v *tvalue
}

type tBranch struct {
	cond *tvalue // nil for wx:else
	node tNode
}

type tIf struct {
	branches []tBranch
}

type tFor struct {
	list        *tvalue
	item, index string
	key         string
	body        tNode
}

type tCall struct {
	is        *tvalue
	data      expr // object literal, may be nil
	dataSrc   *srcFile
	line, col int
}

type tInclude struct {
	src       string
	line, col int
}

type tSlot struct {
	name string
}

type tDef struct {
	name      string
	kids      []tNode
	line, col int
}

type tImport struct {
	src       string
	line, col int
}

type tWXS struct {
	module    string
	src       string // "" for inline code
	prog      []stmt
	code      *srcFile
	line, col int
}

// parsedFile is the bundle-independent parse of one WXML file; shared by
// every Templates that loads the same path and content.
type parsedFile struct {
	nodes    []tNode
	defs     map[string]*tDef
	imports  []tImport
	wxs      []*tWXS
	includes []*tInclude
}

// rawElem is the tag tree before directives are applied.
type rawElem struct {
	tag       string
	attrs     []rawAttr
	kids      []any // *rawElem or rawText
	pos       int
	end       int // offset of '>' of the open tag
	inText    bool
	code      string // raw content of <wxs>
	codePos   int
	selfClose bool
}

type rawAttr struct {
	name   string
	val    string
	hasVal bool
	pos    int // of the name
	valPos int // of the first byte of the value
}

type rawText struct {
	text   string
	pos    int
	inText bool
}

// wxmlParser holds the source of one file.
type wxmlParser struct {
	path  string
	src   string
	lines []int // offsets of line starts
}

func newWXMLParser(path, src string) *wxmlParser {
	p := &wxmlParser{path: path, src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	return p
}

// lineCol converts a byte offset to a 1-based line and rune column.
func (p *wxmlParser) lineCol(off int) (int, int) {
	off = min(max(off, 0), len(p.src))
	lo, hi := 0, len(p.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, utf8.RuneCountInString(p.src[p.lines[lo]:off]) + 1
}

func (p *wxmlParser) errAt(off int, format string, args ...any) *ParseError {
	line, col := p.lineCol(off)
	return &ParseError{File: p.path, Line: line, Column: col, Msg: fmt.Sprintf(format, args...), Err: ErrSyntax}
}

// srcAt makes a srcFile for text starting at off.
func (p *wxmlParser) srcAt(text string, off int) *srcFile {
	line, col := p.lineCol(off)
	return &srcFile{path: p.path, text: text, line: line, col: col}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == ':' || c == '.' || c == '@' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// parseWXML parses one WXML file.
func parseWXML(path, src string) (*parsedFile, error) {
	p := newWXMLParser(path, src)
	root := &rawElem{tag: "#root"}
	if err := p.parseRaw(root); err != nil {
		return nil, err
	}
	f := &parsedFile{defs: map[string]*tDef{}}
	nodes, err := p.build(f, root.kids, false)
	if err != nil {
		return nil, err
	}
	f.nodes = nodes
	return f, nil
}

// skipInterp returns the offset just past the "}}" closing the binding
// that starts at i ("{{"), or -1.
func skipInterp(s string, i int) int {
	depth := 0
	var quote byte
	for j := i + 2; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 && j+1 < len(s) && s[j+1] == '}' {
				return j + 2
			}
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

func (p *wxmlParser) parseRaw(root *rawElem) error {
	stack := []*rawElem{root}
	s := p.src
	i := 0
	for i < len(s) {
		top := stack[len(stack)-1]
		if s[i] != '<' {
			start := i
			for i < len(s) && s[i] != '<' {
				if strings.HasPrefix(s[i:], "{{") {
					if end := skipInterp(s, i); end > 0 {
						i = end
						continue
					}
				}
				i++
			}
			top.kids = append(top.kids, rawText{text: s[start:i], pos: start, inText: top.inText || top.tag == "text"})
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				return p.errAt(i, "unclosed comment")
			}
			i += 4 + end + 3
		case strings.HasPrefix(s[i:], "</"):
			start := i
			i += 2
			n := i
			for i < len(s) && isNameByte(s[i]) {
				i++
			}
			name := s[n:i]
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i >= len(s) || s[i] != '>' {
				return p.errAt(start, "malformed closing tag </%s", name)
			}
			i++
			if len(stack) == 1 {
				return p.errAt(start, "unexpected closing tag </%s>", name)
			}
			if top.tag != name {
				return p.errAt(start, "expected </%s> (for <%s> at %s), found </%s>", top.tag, top.tag, p.posString(top.pos), name)
			}
			stack = stack[:len(stack)-1]
		case strings.HasPrefix(s[i:], "<!"), strings.HasPrefix(s[i:], "<?"):
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return p.errAt(i, "unclosed declaration")
			}
			i += end + 1
		default:
			el, next, err := p.openTag(i)
			if err != nil {
				return err
			}
			el.inText = top.inText || top.tag == "text"
			i = next
			top.kids = append(top.kids, el)
			if el.selfClose {
				continue
			}
			if el.tag == "wxs" {
				end := strings.Index(s[i:], "</wxs")
				if end < 0 {
					return p.errAt(el.pos, "unclosed <wxs>")
				}
				el.code, el.codePos = s[i:i+end], i
				i += end + len("</wxs")
				for i < len(s) && isSpace(s[i]) {
					i++
				}
				if i >= len(s) || s[i] != '>' {
					return p.errAt(i, "malformed closing tag </wxs")
				}
				i++
				continue
			}
			stack = append(stack, el)
		}
	}
	if len(stack) > 1 {
		top := stack[len(stack)-1]
		return p.errAt(top.pos, "unclosed <%s>", top.tag)
	}
	return nil
}

func (p *wxmlParser) posString(off int) string {
	l, c := p.lineCol(off)
	return fmt.Sprintf("%d:%d", l, c)
}

func (p *wxmlParser) openTag(start int) (*rawElem, int, error) {
	s := p.src
	i := start + 1
	n := i
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	if i == n {
		return nil, 0, p.errAt(start, "expected a tag name after \"<\"")
	}
	el := &rawElem{tag: s[n:i], pos: start}
	seen := map[string]bool{}
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, 0, p.errAt(start, "unclosed tag <%s", el.tag)
		}
		if s[i] == '>' {
			el.end = i
			return el, i + 1, nil
		}
		if strings.HasPrefix(s[i:], "/>") {
			el.end = i
			el.selfClose = true
			return el, i + 2, nil
		}
		a := rawAttr{pos: i}
		for i < len(s) && isNameByte(s[i]) {
			i++
		}
		if i == a.pos {
			return nil, 0, p.errAt(i, "unexpected %q in tag <%s>", s[i], el.tag)
		}
		a.name = s[a.pos:i]
		if seen[a.name] {
			return nil, 0, p.errAt(a.pos, "duplicate attribute %q", a.name)
		}
		seen[a.name] = true
		j := i
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j >= len(s) {
				return nil, 0, p.errAt(start, "unclosed tag <%s", el.tag)
			}
			a.hasVal = true
			if q := s[j]; q == '"' || q == '\'' {
				end := strings.IndexByte(s[j+1:], q)
				if end < 0 {
					return nil, 0, p.errAt(j, "unclosed attribute value of %q", a.name)
				}
				a.valPos = j + 1
				a.val = s[j+1 : j+1+end]
				i = j + 1 + end + 1
			} else {
				k := j
				for k < len(s) && !isSpace(s[k]) && s[k] != '>' && !strings.HasPrefix(s[k:], "/>") {
					k++
				}
				a.valPos, a.val, i = j, s[j:k], k
			}
		}
		el.attrs = append(el.attrs, a)
	}
}

// parseValue splits a value with {{ }} bindings (at offset off in the file).
func (p *wxmlParser) parseValue(text string, off int) (*tvalue, error) {
	v := &tvalue{src: p.srcAt(text, off), raw: text}
	if !strings.Contains(text, "{{") {
		v.lit = text
		return v, nil
	}
	var parts []tpart
	i := 0
	for i < len(text) {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			parts = append(parts, tpart{lit: text[i:]})
			break
		}
		if j > 0 {
			parts = append(parts, tpart{lit: text[i : i+j]})
		}
		start := i + j
		end := skipInterp(text, start)
		if end < 0 {
			return nil, p.errAt(off+start, "unclosed {{ in %q", text)
		}
		code := text[start+2 : end-2]
		x, err := parseExpr(code)
		if err != nil {
			var se *syntaxErr
			if errors.As(err, &se) {
				return nil, p.errAt(off+start+2+se.pos, "%s in {{%s}}", se.msg, code)
			}
			return nil, p.errAt(off+start, "%v", err)
		}
		parts = append(parts, tpart{x: x, src: p.srcAt(code, off+start+2)})
		i = end
	}
	if len(parts) == 1 && parts[0].x != nil {
		v.single = parts[0].x
		v.src = parts[0].src
		return v, nil
	}
	v.parts = parts
	return v, nil
}

// dataKey converts a data-* attribute name to its dataset key as the base
// library does: lower-cased, then "-x" becomes "X" (data-item-id → itemId,
// data-itemId → itemid).
func dataKey(name string) string {
	return CamelCase(strings.ToLower(name))
}

// CamelCase converts a kebab-case name to camelCase ("item-id" → "itemId"),
// the way the base library maps attribute names to property names.
func CamelCase(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	var b strings.Builder
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteByte(c)
	}
	return b.String()
}

// eventAttr recognizes event binding attributes.
func eventAttr(name string) (Binding, bool) {
	prefixes := []struct {
		p string
		b Binding
	}{
		{"capture-catch:", Binding{Catch: true, Capture: true}},
		{"capture-bind:", Binding{Capture: true}},
		{"capture-catch", Binding{Catch: true, Capture: true}},
		{"capture-bind", Binding{Capture: true}},
		{"mut-bind:", Binding{Mutated: true}},
		{"mut-bind", Binding{Mutated: true}},
		{"catch:", Binding{Catch: true}},
		{"bind:", Binding{}},
		{"catch", Binding{Catch: true}},
		{"bind", Binding{}},
	}
	for _, pr := range prefixes {
		if strings.HasPrefix(name, pr.p) && len(name) > len(pr.p) {
			b := pr.b
			b.Event = name[len(pr.p):]
			if strings.ContainsAny(b.Event, ":") {
				return Binding{}, false
			}
			return b, true
		}
	}
	return Binding{}, false
}

// build turns raw elements into template nodes: directives, hoisted
// <template name>, <import>, <wxs>.
func (p *wxmlParser) build(f *parsedFile, kids []any, inDef bool) ([]tNode, error) {
	var out []tNode
	var chain *tIf // open wx:if chain
	for _, k := range kids {
		switch x := k.(type) {
		case rawText:
			if strings.TrimSpace(x.text) == "" && !x.inText {
				continue
			}
			chain = nil
			text := x.text
			off := x.pos
			if !x.inText {
				trimmed := strings.TrimLeft(text, " \t\r\n\f")
				off += len(text) - len(trimmed)
				text = strings.TrimRight(trimmed, " \t\r\n\f")
			}
			v, err := p.parseValue(text, off)
			if err != nil {
				return nil, err
			}
			out = append(out, &tText{v: v})
		case *rawElem:
			node, dir, err := p.element(f, x, inDef)
			if err != nil {
				return nil, err
			}
			if node == nil {
				continue
			}
			switch dir.kind {
			case "if":
				chain = &tIf{branches: []tBranch{{cond: dir.cond, node: node}}}
				out = append(out, chain)
			case "elif", "else":
				if chain == nil {
					return nil, p.errAt(x.pos, "wx:%s without a preceding wx:if", dir.kind)
				}
				chain.branches = append(chain.branches, tBranch{cond: dir.cond, node: node})
				if dir.kind == "else" {
					chain = nil
				}
			default:
				chain = nil
				out = append(out, node)
			}
		}
	}
	return out, nil
}

type directive struct {
	kind string // "", "if", "elif", "else"
	cond *tvalue
}

func (p *wxmlParser) attrMap(x *rawElem) map[string]rawAttr {
	m := make(map[string]rawAttr, len(x.attrs))
	for _, a := range x.attrs {
		m[a.name] = a
	}
	return m
}

// element builds one element with its directives. A nil node means the
// element was hoisted (template definition, import, wxs).
func (p *wxmlParser) element(f *parsedFile, x *rawElem, inDef bool) (tNode, directive, error) {
	var dir directive
	am := p.attrMap(x)
	switch x.tag {
	case "import":
		a, ok := am["src"]
		if !ok || a.val == "" {
			return nil, dir, p.errAt(x.pos, "<import> needs a src attribute")
		}
		l, c := p.lineCol(x.pos)
		f.imports = append(f.imports, tImport{src: a.val, line: l, col: c})
		return nil, dir, nil
	case "wxs":
		m, ok := am["module"]
		if !ok || m.val == "" {
			return nil, dir, p.errAt(x.pos, "<wxs> needs a module attribute")
		}
		for _, r := range []rune(m.val) {
			if !isIdentPart(r) {
				return nil, dir, p.errAt(m.valPos, "invalid wxs module name %q", m.val)
			}
		}
		l, c := p.lineCol(x.pos)
		w := &tWXS{module: m.val, line: l, col: c}
		for _, o := range f.wxs {
			if o.module == w.module {
				return nil, dir, p.errAt(x.pos, "duplicate wxs module %q", w.module)
			}
		}
		if src, ok := am["src"]; ok {
			if src.val == "" {
				return nil, dir, p.errAt(x.pos, "<wxs> src is empty")
			}
			w.src = src.val
		} else {
			w.code = p.srcAt(x.code, x.codePos)
			prog, err := parseProgram(x.code)
			if err != nil {
				return nil, dir, p.wxsErr(err, x.codePos)
			}
			w.prog = prog
		}
		f.wxs = append(f.wxs, w)
		return nil, dir, nil
	case "template":
		if name, ok := am["name"]; ok {
			if len(x.attrs) > 1 {
				for _, a := range x.attrs {
					if a.name != "name" {
						return nil, dir, p.errAt(a.pos, "<template name> does not take %q", a.name)
					}
				}
			}
			if _, dup := f.defs[name.val]; dup {
				return nil, dir, p.errAt(x.pos, "duplicate template name %q", name.val)
			}
			kids, err := p.build(f, x.kids, true)
			if err != nil {
				return nil, dir, err
			}
			l, c := p.lineCol(x.pos)
			f.defs[name.val] = &tDef{name: name.val, kids: kids, line: l, col: c}
			return nil, dir, nil
		}
	}
	// Directives.
	var forList *tvalue
	item, index, key := "item", "index", ""
	el := &tElem{tag: x.tag}
	el.line, el.col = p.lineCol(x.pos)
	for _, a := range x.attrs {
		if x.tag == "template" && a.name == "data" {
			continue
		}
		var val *tvalue
		if a.hasVal {
			v, err := p.parseValue(a.val, a.valPos)
			if err != nil {
				return nil, dir, err
			}
			val = v
		}
		switch a.name {
		case "wx:if", "wx:elif":
			if dir.kind != "" {
				return nil, dir, p.errAt(a.pos, "%s together with wx:%s", a.name, dir.kind)
			}
			if val == nil {
				return nil, dir, p.errAt(a.pos, "%s needs a value", a.name)
			}
			dir = directive{kind: strings.TrimPrefix(a.name, "wx:"), cond: val}
			continue
		case "wx:else":
			if dir.kind != "" {
				return nil, dir, p.errAt(a.pos, "wx:else together with wx:%s", dir.kind)
			}
			dir = directive{kind: "else"}
			continue
		case "wx:for", "wx:for-items":
			if val == nil {
				return nil, dir, p.errAt(a.pos, "%s needs a value", a.name)
			}
			forList = val
			continue
		case "wx:for-item", "wx:for-index":
			if !val.static() || val.lit == "" {
				return nil, dir, p.errAt(a.pos, "%s must be a plain name", a.name)
			}
			if a.name == "wx:for-item" {
				item = val.lit
			} else {
				index = val.lit
			}
			continue
		case "wx:key":
			if val != nil {
				key = strings.TrimSpace(val.raw)
			}
			continue
		}
		if strings.HasPrefix(a.name, "wx:") {
			return nil, dir, p.errAt(a.pos, "unknown directive %s", a.name)
		}
		ta := &tAttr{name: a.name, val: val}
		switch {
		case a.name == "id":
			ta.kind = attrID
		case a.name == "class":
			ta.kind = attrClass
		case a.name == "hidden":
			ta.kind = attrHidden
		case strings.HasPrefix(a.name, "data-") && len(a.name) > 5:
			ta.kind, ta.key = attrData, dataKey(a.name[5:])
		case strings.HasPrefix(a.name, "mark:") && len(a.name) > 5:
			ta.kind, ta.key = attrMark, a.name[5:]
		default:
			if b, ok := eventAttr(a.name); ok {
				ta.kind, ta.event = attrEvent, b
			}
		}
		if a.name == "slot" && val != nil && val.static() {
			el.slot = val.lit
		}
		el.attrs = append(el.attrs, ta)
	}
	var node tNode
	switch x.tag {
	case "include":
		a, ok := am["src"]
		if !ok || a.val == "" {
			return nil, dir, p.errAt(x.pos, "<include> needs a src attribute")
		}
		inc := &tInclude{src: a.val, line: el.line, col: el.col}
		f.includes = append(f.includes, inc)
		node = inc
	case "template":
		is, ok := am["is"]
		if !ok {
			return nil, dir, p.errAt(x.pos, "<template> needs a name or an is attribute")
		}
		call := &tCall{line: el.line, col: el.col}
		v, err := p.parseValue(is.val, is.valPos)
		if err != nil {
			return nil, dir, err
		}
		call.is = v
		if d, ok := am["data"]; ok && d.hasVal {
			code := strings.TrimSpace(d.val)
			if !strings.HasPrefix(code, "{{") || skipInterp(code, 0) != len(code) {
				return nil, dir, p.errAt(d.valPos, "template data must be one {{ }} binding")
			}
			inner := code[2 : len(code)-2]
			off := d.valPos + strings.Index(d.val, "{{") + 2
			obj, err := parseObjectBody(inner)
			if err != nil {
				var se *syntaxErr
				if errors.As(err, &se) {
					return nil, dir, p.errAt(off+se.pos, "%s in template data {{%s}}", se.msg, inner)
				}
				return nil, dir, p.errAt(off, "%v", err)
			}
			call.data = obj
			call.dataSrc = p.srcAt(inner, off)
		}
		node = call
	case "slot":
		name := ""
		if a, ok := am["name"]; ok {
			name = a.val
		}
		node = &tSlot{name: name}
	default:
		kids, err := p.build(f, x.kids, inDef)
		if err != nil {
			return nil, dir, err
		}
		el.kids = kids
		node = el
	}
	if forList != nil {
		if dir.kind == "elif" || dir.kind == "else" {
			return nil, dir, p.errAt(x.pos, "wx:for cannot be combined with wx:%s", dir.kind)
		}
		body := node
		if dir.kind == "if" {
			body = &tIf{branches: []tBranch{{cond: dir.cond, node: node}}}
			dir = directive{}
		}
		if item == index {
			return nil, dir, p.errAt(x.pos, "wx:for-item and wx:for-index are both %q", item)
		}
		node = &tFor{list: forList, item: item, index: index, key: key, body: body}
	}
	return node, dir, nil
}

func (p *wxmlParser) wxsErr(err error, off int) error {
	var se *syntaxErr
	if errors.As(err, &se) {
		return p.errAt(off+se.pos, "wxs: %s", se.msg)
	}
	return p.errAt(off, "wxs: %v", err)
}
