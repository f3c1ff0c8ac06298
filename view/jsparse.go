package view

import (
	"fmt"
)

// Expression AST of the JavaScript subset used by WXML bindings and WXS.
type expr interface{ exprPos() int }

type (
	identExpr struct {
		pos  int
		name string
	}
	litExpr struct {
		pos int
		val any
	}
	memberExpr struct {
		pos      int
		obj      expr
		prop     expr // *litExpr with a string for a.b
		computed bool
	}
	callExpr struct {
		pos    int
		callee expr
		args   []expr
	}
	unaryExpr struct {
		pos int
		op  string
		x   expr
	}
	binaryExpr struct {
		pos  int
		op   string
		l, r expr
	}
	condExpr struct {
		pos             int
		test, cons, alt expr
	}
	arrayExpr struct {
		pos   int
		elems []expr
	}
	objProp struct {
		key      string
		keyExpr  expr // computed key [k]: v
		value    expr
		spread   bool
		shortcut bool // {a} shorthand
	}
	objectExpr struct {
		pos   int
		props []objProp
	}
	spreadExpr struct {
		pos int
		x   expr
	}
	funcExpr struct {
		pos int
		fn  *funcDef
	}
	assignExpr struct {
		pos    int
		op     string
		target expr
		value  expr
	}
	updateExpr struct {
		pos    int
		op     string
		prefix bool
		target expr
	}
	seqExpr struct {
		pos  int
		list []expr
	}
)

func (e *identExpr) exprPos() int  { return e.pos }
func (e *litExpr) exprPos() int    { return e.pos }
func (e *memberExpr) exprPos() int { return e.pos }
func (e *callExpr) exprPos() int   { return e.pos }
func (e *unaryExpr) exprPos() int  { return e.pos }
func (e *binaryExpr) exprPos() int { return e.pos }
func (e *condExpr) exprPos() int   { return e.pos }
func (e *arrayExpr) exprPos() int  { return e.pos }
func (e *objectExpr) exprPos() int { return e.pos }
func (e *spreadExpr) exprPos() int { return e.pos }
func (e *funcExpr) exprPos() int   { return e.pos }
func (e *assignExpr) exprPos() int { return e.pos }
func (e *updateExpr) exprPos() int { return e.pos }
func (e *seqExpr) exprPos() int    { return e.pos }

// Statement AST of WXS.
type stmt interface{ stmtPos() int }

type (
	varDecl struct {
		name string
		init expr
	}
	varStmt struct {
		pos   int
		decls []varDecl
	}
	exprStmt struct {
		pos int
		x   expr
	}
	ifStmt struct {
		pos       int
		test      expr
		cons, alt stmt
	}
	forStmt struct {
		pos    int
		init   stmt
		test   expr
		update expr
		body   stmt
	}
	forInStmt struct {
		pos  int
		name string
		obj  expr
		body stmt
	}
	whileStmt struct {
		pos  int
		test expr
		body stmt
		do   bool
	}
	returnStmt struct {
		pos int
		x   expr
	}
	breakStmt    struct{ pos int }
	continueStmt struct{ pos int }
	blockStmt    struct {
		pos  int
		list []stmt
	}
	funcDecl struct {
		pos int
		fn  *funcDef
	}
	switchCase struct {
		test expr // nil for default
		body []stmt
	}
	switchStmt struct {
		pos   int
		disc  expr
		cases []switchCase
	}
	throwStmt struct {
		pos int
		x   expr
	}
	emptyStmt struct{ pos int }
)

func (s *varStmt) stmtPos() int      { return s.pos }
func (s *exprStmt) stmtPos() int     { return s.pos }
func (s *ifStmt) stmtPos() int       { return s.pos }
func (s *forStmt) stmtPos() int      { return s.pos }
func (s *forInStmt) stmtPos() int    { return s.pos }
func (s *whileStmt) stmtPos() int    { return s.pos }
func (s *returnStmt) stmtPos() int   { return s.pos }
func (s *breakStmt) stmtPos() int    { return s.pos }
func (s *continueStmt) stmtPos() int { return s.pos }
func (s *blockStmt) stmtPos() int    { return s.pos }
func (s *funcDecl) stmtPos() int     { return s.pos }
func (s *switchStmt) stmtPos() int   { return s.pos }
func (s *throwStmt) stmtPos() int    { return s.pos }
func (s *emptyStmt) stmtPos() int    { return s.pos }

// funcDef is a WXS function.
type funcDef struct {
	pos    int
	name   string
	params []string
	body   []stmt
}

// parser is a recursive-descent parser over the lexer's tokens.
type parser struct {
	lx     lexer
	tok    token
	wxs    bool // WXS mode: statements, functions, assignment
	depth  int
	inFunc int
}

const maxParseDepth = 200

func newParser(src string, wxs bool) (*parser, error) {
	p := &parser{lx: lexer{src: src}, wxs: wxs}
	if err := p.advance(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errf(pos int, format string, args ...any) error {
	return &syntaxErr{pos, fmt.Sprintf(format, args...)}
}

func (p *parser) is(punct string) bool {
	return p.tok.kind == tPunct && p.tok.text == punct
}

func (p *parser) isWord(w string) bool {
	return p.tok.kind == tIdent && p.tok.text == w
}

func (p *parser) expect(punct string) error {
	if !p.is(punct) {
		return p.errf(p.tok.pos, "expected %q, found %s", punct, p.describe())
	}
	return p.advance()
}

func (p *parser) describe() string {
	switch p.tok.kind {
	case tEOF:
		return "end of input"
	case tStr:
		return "string " + p.tok.text
	}
	return fmt.Sprintf("%q", p.tok.text)
}

// parseExpr parses a whole template binding expression.
func parseExpr(src string) (expr, error) {
	p, err := newParser(src, false)
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, p.errf(0, "empty expression")
	}
	e, err := p.assign()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errf(p.tok.pos, "unexpected %s after expression", p.describe())
	}
	return e, nil
}

// parseObjectBody parses the content of a <template data="{{ ... }}">
// binding, an object literal without its braces ("...item, index: i").
func parseObjectBody(src string) (expr, error) {
	p, err := newParser(src, false)
	if err != nil {
		return nil, err
	}
	obj, err := p.objectProps(0, tEOF)
	if err != nil {
		return nil, err
	}
	return obj, nil
}

// parseProgram parses a WXS module.
func parseProgram(src string) ([]stmt, error) {
	p, err := newParser(src, true)
	if err != nil {
		return nil, err
	}
	var list []stmt
	for p.tok.kind != tEOF {
		s, err := p.statement()
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxParseDepth {
		return p.errf(p.tok.pos, "expression nested too deeply")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) semicolon() error {
	if p.is(";") {
		return p.advance()
	}
	if p.is("}") || p.tok.kind == tEOF || p.tok.nl {
		return nil
	}
	return p.errf(p.tok.pos, "expected \";\", found %s", p.describe())
}

func (p *parser) statement() (stmt, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	pos := p.tok.pos
	if p.tok.kind == tPunct {
		switch p.tok.text {
		case "{":
			return p.block()
		case ";":
			return &emptyStmt{pos}, p.advance()
		}
	}
	if p.tok.kind == tIdent {
		switch p.tok.text {
		case "var", "let", "const":
			s, err := p.varDecls()
			if err != nil {
				return nil, err
			}
			return s, p.semicolon()
		case "function":
			if err := p.advance(); err != nil {
				return nil, err
			}
			fn, err := p.function(pos, true)
			if err != nil {
				return nil, err
			}
			return &funcDecl{pos, fn}, nil
		case "if":
			return p.ifStatement()
		case "for":
			return p.forStatement()
		case "while":
			if err := p.advance(); err != nil {
				return nil, err
			}
			test, err := p.paren()
			if err != nil {
				return nil, err
			}
			body, err := p.statement()
			if err != nil {
				return nil, err
			}
			return &whileStmt{pos: pos, test: test, body: body}, nil
		case "do":
			if err := p.advance(); err != nil {
				return nil, err
			}
			body, err := p.statement()
			if err != nil {
				return nil, err
			}
			if !p.isWord("while") {
				return nil, p.errf(p.tok.pos, "expected while, found %s", p.describe())
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
			test, err := p.paren()
			if err != nil {
				return nil, err
			}
			if p.is(";") {
				if err := p.advance(); err != nil {
					return nil, err
				}
			}
			return &whileStmt{pos: pos, test: test, body: body, do: true}, nil
		case "return":
			if p.inFunc == 0 {
				return nil, p.errf(pos, "return outside a function")
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
			s := &returnStmt{pos: pos}
			if !p.is(";") && !p.is("}") && p.tok.kind != tEOF && !p.tok.nl {
				x, err := p.expression()
				if err != nil {
					return nil, err
				}
				s.x = x
			}
			return s, p.semicolon()
		case "break", "continue":
			word := p.tok.text
			if err := p.advance(); err != nil {
				return nil, err
			}
			if err := p.semicolon(); err != nil {
				return nil, err
			}
			if word == "break" {
				return &breakStmt{pos}, nil
			}
			return &continueStmt{pos}, nil
		case "switch":
			return p.switchStatement()
		case "throw":
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.expression()
			if err != nil {
				return nil, err
			}
			return &throwStmt{pos, x}, p.semicolon()
		case "try", "class", "import", "export", "with", "new", "delete", "yield", "async", "await":
			return nil, p.errf(pos, "%q is not supported in WXS", p.tok.text)
		}
	}
	x, err := p.expression()
	if err != nil {
		return nil, err
	}
	return &exprStmt{pos, x}, p.semicolon()
}

func (p *parser) block() (*blockStmt, error) {
	b := &blockStmt{pos: p.tok.pos}
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	for !p.is("}") {
		if p.tok.kind == tEOF {
			return nil, p.errf(b.pos, "unclosed block")
		}
		s, err := p.statement()
		if err != nil {
			return nil, err
		}
		b.list = append(b.list, s)
	}
	return b, p.advance()
}

func (p *parser) paren() (expr, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	x, err := p.expression()
	if err != nil {
		return nil, err
	}
	return x, p.expect(")")
}

func (p *parser) varDecls() (*varStmt, error) {
	s := &varStmt{pos: p.tok.pos}
	if err := p.advance(); err != nil {
		return nil, err
	}
	for {
		if p.tok.kind != tIdent {
			return nil, p.errf(p.tok.pos, "expected a variable name, found %s", p.describe())
		}
		d := varDecl{name: p.tok.text}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.is("=") {
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.assign()
			if err != nil {
				return nil, err
			}
			d.init = x
		}
		s.decls = append(s.decls, d)
		if !p.is(",") {
			return s, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

func (p *parser) ifStatement() (stmt, error) {
	s := &ifStmt{pos: p.tok.pos}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var err error
	if s.test, err = p.paren(); err != nil {
		return nil, err
	}
	if s.cons, err = p.statement(); err != nil {
		return nil, err
	}
	if p.isWord("else") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if s.alt, err = p.statement(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (p *parser) forStatement() (stmt, error) {
	pos := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	// for (var k in obj) / for (k in obj)
	save := p.lx.pos
	saveTok := p.tok
	decl := p.isWord("var") || p.isWord("let") || p.isWord("const")
	if decl {
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if p.tok.kind == tIdent {
		name := p.tok.text
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.isWord("in") {
			if err := p.advance(); err != nil {
				return nil, err
			}
			obj, err := p.expression()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			body, err := p.statement()
			if err != nil {
				return nil, err
			}
			return &forInStmt{pos: pos, name: name, obj: obj, body: body}, nil
		}
	}
	p.lx.pos, p.tok = save, saveTok
	s := &forStmt{pos: pos}
	if !p.is(";") {
		if decl {
			v, err := p.varDecls()
			if err != nil {
				return nil, err
			}
			s.init = v
		} else {
			x, err := p.expression()
			if err != nil {
				return nil, err
			}
			s.init = &exprStmt{pos, x}
		}
	}
	if err := p.expect(";"); err != nil {
		return nil, err
	}
	if !p.is(";") {
		x, err := p.expression()
		if err != nil {
			return nil, err
		}
		s.test = x
	}
	if err := p.expect(";"); err != nil {
		return nil, err
	}
	if !p.is(")") {
		x, err := p.expression()
		if err != nil {
			return nil, err
		}
		s.update = x
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	body, err := p.statement()
	if err != nil {
		return nil, err
	}
	s.body = body
	return s, nil
}

func (p *parser) switchStatement() (stmt, error) {
	s := &switchStmt{pos: p.tok.pos}
	if err := p.advance(); err != nil {
		return nil, err
	}
	disc, err := p.paren()
	if err != nil {
		return nil, err
	}
	s.disc = disc
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	for !p.is("}") {
		var c switchCase
		switch {
		case p.isWord("case"):
			if err := p.advance(); err != nil {
				return nil, err
			}
			t, err := p.expression()
			if err != nil {
				return nil, err
			}
			c.test = t
		case p.isWord("default"):
			if err := p.advance(); err != nil {
				return nil, err
			}
		default:
			return nil, p.errf(p.tok.pos, "expected case or default, found %s", p.describe())
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		for !p.isWord("case") && !p.isWord("default") && !p.is("}") {
			if p.tok.kind == tEOF {
				return nil, p.errf(s.pos, "unclosed switch")
			}
			st, err := p.statement()
			if err != nil {
				return nil, err
			}
			c.body = append(c.body, st)
		}
		s.cases = append(s.cases, c)
	}
	return s, p.advance()
}

// function parses "name(params) { body }" after the function keyword.
func (p *parser) function(pos int, needName bool) (*funcDef, error) {
	fn := &funcDef{pos: pos}
	if p.tok.kind == tIdent {
		fn.name = p.tok.text
		if err := p.advance(); err != nil {
			return nil, err
		}
	} else if needName {
		return nil, p.errf(p.tok.pos, "expected a function name, found %s", p.describe())
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	for !p.is(")") {
		if p.tok.kind != tIdent {
			return nil, p.errf(p.tok.pos, "expected a parameter name, found %s", p.describe())
		}
		fn.params = append(fn.params, p.tok.text)
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.is(",") {
			if err := p.advance(); err != nil {
				return nil, err
			}
		} else if !p.is(")") {
			return nil, p.errf(p.tok.pos, "expected \",\" or \")\", found %s", p.describe())
		}
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	p.inFunc++
	defer func() { p.inFunc-- }()
	b, err := p.block()
	if err != nil {
		return nil, err
	}
	fn.body = b.list
	return fn, nil
}

// expression parses a comma sequence (WXS) or a single expression.
func (p *parser) expression() (expr, error) {
	x, err := p.assign()
	if err != nil || !p.wxs || !p.is(",") {
		return x, err
	}
	seq := &seqExpr{pos: x.exprPos(), list: []expr{x}}
	for p.is(",") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		y, err := p.assign()
		if err != nil {
			return nil, err
		}
		seq.list = append(seq.list, y)
	}
	return seq, nil
}

var assignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true,
	"&=": true, "|=": true, "^=": true, "<<=": true, ">>=": true, ">>>=": true}

func (p *parser) assign() (expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.conditional()
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tPunct && assignOps[p.tok.text] {
		if !p.wxs {
			return nil, p.errf(p.tok.pos, "assignment is not allowed in a binding")
		}
		op, pos := p.tok.text, p.tok.pos
		switch x.(type) {
		case *identExpr, *memberExpr:
		default:
			return nil, p.errf(pos, "invalid assignment target")
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		v, err := p.assign()
		if err != nil {
			return nil, err
		}
		return &assignExpr{pos: pos, op: op, target: x, value: v}, nil
	}
	return x, nil
}

func (p *parser) conditional() (expr, error) {
	x, err := p.binary(1)
	if err != nil {
		return nil, err
	}
	if !p.is("?") {
		return x, nil
	}
	pos := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	cons, err := p.assign()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	alt, err := p.assign()
	if err != nil {
		return nil, err
	}
	return &condExpr{pos: pos, test: x, cons: cons, alt: alt}, nil
}

var binPrec = map[string]int{
	"??": 1, "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
	"==": 6, "!=": 6, "===": 6, "!==": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "in": 7, "instanceof": 7,
	"<<": 8, ">>": 8, ">>>": 8,
	"+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

func (p *parser) binOp() (string, int) {
	if p.tok.kind == tPunct || p.tok.kind == tIdent && (p.tok.text == "in" || p.tok.text == "instanceof") {
		if pr, ok := binPrec[p.tok.text]; ok {
			return p.tok.text, pr
		}
	}
	return "", 0
}

func (p *parser) binary(min int) (expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op, pr := p.binOp()
		if pr == 0 || pr < min {
			return x, nil
		}
		if op == "instanceof" {
			return nil, p.errf(p.tok.pos, "instanceof is not supported")
		}
		pos := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		y, err := p.binary(pr + 1)
		if err != nil {
			return nil, err
		}
		x = &binaryExpr{pos: pos, op: op, l: x, r: y}
	}
}

func (p *parser) unary() (expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	pos := p.tok.pos
	if p.tok.kind == tPunct {
		switch op := p.tok.text; op {
		case "!", "-", "+", "~":
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return &unaryExpr{pos, op, x}, nil
		case "++", "--":
			if !p.wxs {
				return nil, p.errf(pos, "%s is not allowed in a binding", op)
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			if !isTarget(x) {
				return nil, p.errf(pos, "invalid %s target", op)
			}
			return &updateExpr{pos: pos, op: op, prefix: true, target: x}, nil
		}
	}
	if p.isWord("typeof") || p.isWord("void") || p.isWord("delete") && p.wxs {
		op := p.tok.text
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &unaryExpr{pos, op, x}, nil
	}
	x, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if p.wxs && (p.is("++") || p.is("--")) && !p.tok.nl {
		if !isTarget(x) {
			return nil, p.errf(p.tok.pos, "invalid %s target", p.tok.text)
		}
		u := &updateExpr{pos: p.tok.pos, op: p.tok.text, target: x}
		return u, p.advance()
	}
	return x, nil
}

func isTarget(x expr) bool {
	switch x.(type) {
	case *identExpr, *memberExpr:
		return true
	}
	return false
}

func (p *parser) postfix() (expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		pos := p.tok.pos
		switch {
		case p.is("."):
			if err := p.advance(); err != nil {
				return nil, err
			}
			if p.tok.kind != tIdent {
				return nil, p.errf(p.tok.pos, "expected a property name after \".\", found %s", p.describe())
			}
			x = &memberExpr{pos: pos, obj: x, prop: &litExpr{p.tok.pos, p.tok.text}}
			if err := p.advance(); err != nil {
				return nil, err
			}
		case p.is("["):
			if err := p.advance(); err != nil {
				return nil, err
			}
			prop, err := p.expression()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			x = &memberExpr{pos: pos, obj: x, prop: prop, computed: true}
		case p.is("("):
			if err := p.advance(); err != nil {
				return nil, err
			}
			args, err := p.list(")")
			if err != nil {
				return nil, err
			}
			x = &callExpr{pos: pos, callee: x, args: args}
		default:
			return x, nil
		}
	}
}

// list parses comma-separated expressions (spread allowed) up to end.
func (p *parser) list(end string) ([]expr, error) {
	var out []expr
	for !p.is(end) {
		if p.tok.kind == tEOF {
			return nil, p.errf(p.tok.pos, "expected %q, found end of input", end)
		}
		var x expr
		if p.is("...") {
			pos := p.tok.pos
			if err := p.advance(); err != nil {
				return nil, err
			}
			y, err := p.assign()
			if err != nil {
				return nil, err
			}
			x = &spreadExpr{pos, y}
		} else {
			var err error
			if x, err = p.assign(); err != nil {
				return nil, err
			}
		}
		out = append(out, x)
		if p.is(",") {
			if err := p.advance(); err != nil {
				return nil, err
			}
		} else if !p.is(end) {
			return nil, p.errf(p.tok.pos, "expected \",\" or %q, found %s", end, p.describe())
		}
	}
	return out, p.advance()
}

func (p *parser) primary() (expr, error) {
	t := p.tok
	switch t.kind {
	case tEOF:
		return nil, p.errf(t.pos, "unexpected end of expression")
	case tNum:
		return &litExpr{t.pos, t.num}, p.advance()
	case tStr:
		return &litExpr{t.pos, t.str}, p.advance()
	case tIdent:
		switch t.text {
		case "true":
			return &litExpr{t.pos, true}, p.advance()
		case "false":
			return &litExpr{t.pos, false}, p.advance()
		case "null":
			return &litExpr{t.pos, nil}, p.advance()
		case "undefined":
			return &litExpr{t.pos, undefined}, p.advance()
		case "NaN":
			return &identExpr{t.pos, t.text}, p.advance()
		case "function":
			if !p.wxs {
				return nil, p.errf(t.pos, "functions are not allowed in a binding")
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
			fn, err := p.function(t.pos, false)
			if err != nil {
				return nil, err
			}
			return &funcExpr{t.pos, fn}, nil
		case "new", "this", "class", "var", "let", "const", "return", "if", "for", "while", "do", "switch", "case", "default", "break", "continue", "typeof", "void", "delete", "in", "instanceof", "else", "throw", "try":
			return nil, p.errf(t.pos, "unexpected keyword %q", t.text)
		}
		return &identExpr{t.pos, t.text}, p.advance()
	case tPunct:
		switch t.text {
		case "(":
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.expression()
			if err != nil {
				return nil, err
			}
			return x, p.expect(")")
		case "[":
			if err := p.advance(); err != nil {
				return nil, err
			}
			elems, err := p.list("]")
			if err != nil {
				return nil, err
			}
			return &arrayExpr{t.pos, elems}, nil
		case "{":
			if err := p.advance(); err != nil {
				return nil, err
			}
			return p.objectProps(t.pos, tPunct)
		}
	}
	return nil, p.errf(t.pos, "unexpected %s", p.describe())
}

// objectProps parses object literal properties up to "}" (end == tPunct)
// or the end of input (end == tEOF).
func (p *parser) objectProps(pos int, end tokKind) (*objectExpr, error) {
	obj := &objectExpr{pos: pos}
	done := func() bool {
		if end == tEOF {
			return p.tok.kind == tEOF
		}
		return p.is("}")
	}
	for !done() {
		if p.tok.kind == tEOF {
			return nil, p.errf(pos, "unclosed object literal")
		}
		var prop objProp
		switch {
		case p.is("..."):
			if err := p.advance(); err != nil {
				return nil, err
			}
			x, err := p.assign()
			if err != nil {
				return nil, err
			}
			prop = objProp{value: x, spread: true}
		case p.is("["):
			if err := p.advance(); err != nil {
				return nil, err
			}
			k, err := p.assign()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			prop.keyExpr = k
		case p.tok.kind == tIdent || p.tok.kind == tStr || p.tok.kind == tNum:
			switch p.tok.kind {
			case tIdent:
				prop.key = p.tok.text
			case tStr:
				prop.key = p.tok.str
			case tNum:
				prop.key = numberToString(p.tok.num)
			}
			keyTok := p.tok
			if err := p.advance(); err != nil {
				return nil, err
			}
			if keyTok.kind == tIdent && (p.is(",") || done()) {
				prop.value = &identExpr{keyTok.pos, keyTok.text}
				prop.shortcut = true
			}
		default:
			return nil, p.errf(p.tok.pos, "expected a property name, found %s", p.describe())
		}
		if !prop.spread && prop.value == nil {
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			x, err := p.assign()
			if err != nil {
				return nil, err
			}
			prop.value = x
		}
		obj.props = append(obj.props, prop)
		if p.is(",") {
			if err := p.advance(); err != nil {
				return nil, err
			}
		} else if !done() {
			return nil, p.errf(p.tok.pos, "expected \",\" or \"}\", found %s", p.describe())
		}
	}
	if end == tPunct {
		return obj, p.advance()
	}
	return obj, nil
}
