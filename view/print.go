package view

import (
	"math"
	"strconv"
	"strings"
)

// formatExpr prints a binding expression back as source, fully
// parenthesized; parsing the output gives the same tree (used by the
// fuzz tests and in error messages).
func formatExpr(e expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e expr) {
	switch x := e.(type) {
	case *identExpr:
		b.WriteString(x.name)
	case *litExpr:
		switch v := x.val.(type) {
		case string:
			b.WriteString(jsQuote(v))
		case float64:
			if math.IsInf(v, 1) {
				b.WriteString("1e999") // a literal too large for float64
			} else if v < 0 || v != v {
				b.WriteString("(" + numberToString(v) + ")")
			} else {
				b.WriteString(numberToString(v))
			}
		case nil:
			b.WriteString("null")
		case bool:
			b.WriteString(strconv.FormatBool(v))
		case undefinedType:
			b.WriteString("undefined")
		}
	case *memberExpr:
		writeCallee(b, x.obj)
		if lit, ok := x.prop.(*litExpr); ok && !x.computed {
			b.WriteString("." + lit.val.(string))
			return
		}
		b.WriteByte('[')
		writeExpr(b, x.prop)
		b.WriteByte(']')
	case *callExpr:
		writeCallee(b, x.callee)
		b.WriteByte('(')
		writeList(b, x.args)
		b.WriteByte(')')
	case *unaryExpr:
		b.WriteString("(" + x.op)
		if len(x.op) > 1 {
			b.WriteByte(' ')
		}
		writeExpr(b, x.x)
		b.WriteByte(')')
	case *binaryExpr:
		b.WriteByte('(')
		writeExpr(b, x.l)
		b.WriteString(" " + x.op + " ")
		writeExpr(b, x.r)
		b.WriteByte(')')
	case *condExpr:
		b.WriteByte('(')
		writeExpr(b, x.test)
		b.WriteString(" ? ")
		writeExpr(b, x.cons)
		b.WriteString(" : ")
		writeExpr(b, x.alt)
		b.WriteByte(')')
	case *arrayExpr:
		b.WriteByte('[')
		writeList(b, x.elems)
		b.WriteByte(']')
	case *objectExpr:
		b.WriteString("({")
		for i, p := range x.props {
			if i > 0 {
				b.WriteString(", ")
			}
			switch {
			case p.spread:
				b.WriteString("...")
			case p.keyExpr != nil:
				b.WriteByte('[')
				writeExpr(b, p.keyExpr)
				b.WriteString("]: ")
			default:
				b.WriteString(jsQuote(p.key) + ": ")
			}
			writeExpr(b, p.value)
		}
		b.WriteString("})")
	case *spreadExpr:
		b.WriteString("...")
		writeExpr(b, x.x)
	default:
		b.WriteString("/* unsupported */")
	}
}

func writeList(b *strings.Builder, list []expr) {
	for i, a := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, a)
	}
}

// jsQuote quotes s as a JavaScript string literal.
func jsQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)) + h)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeCallee writes the object of a member access or call: number
// literals are parenthesized so "1 .a" does not print as "1.a".
func writeCallee(b *strings.Builder, e expr) {
	if lit, ok := e.(*litExpr); ok {
		if _, num := lit.val.(float64); num {
			b.WriteByte('(')
			writeExpr(b, e)
			b.WriteByte(')')
			return
		}
	}
	writeExpr(b, e)
}
