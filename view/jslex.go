package view

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token of the JavaScript subset shared by WXML
// bindings and WXS.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tNum
	tStr
	tPunct
)

type token struct {
	kind tokKind
	text string  // identifier, punctuator or raw text
	str  string  // decoded string literal
	num  float64 // number literal
	pos  int     // byte offset in the source
	nl   bool    // a line break precedes the token
}

// lexer splits source into tokens.
type lexer struct {
	src string
	pos int
}

// syntaxErr is an error at a byte offset of an expression or WXS source.
type syntaxErr struct {
	pos int
	msg string
}

func (e *syntaxErr) Error() string { return e.msg }

var puncts = []string{
	">>>=", "...", "===", "!==", "<<=", ">>=", ">>>",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>",
	"{", "}", "(", ")", "[", "]", ".", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=",
}

func isIdentStart(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r)
}

// next returns the next token.
func (lx *lexer) next() (token, error) {
	nl := false
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == '\n':
			nl = true
			lx.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == '/' && strings.HasPrefix(lx.src[lx.pos:], "//"):
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
		case c == '/' && strings.HasPrefix(lx.src[lx.pos:], "/*"):
			end := strings.Index(lx.src[lx.pos+2:], "*/")
			if end < 0 {
				return token{}, &syntaxErr{lx.pos, "unterminated comment"}
			}
			if strings.Contains(lx.src[lx.pos:lx.pos+2+end], "\n") {
				nl = true
			}
			lx.pos += end + 4
		default:
			r, size := utf8.DecodeRuneInString(lx.src[lx.pos:])
			if r == 0xA0 || r == 0xFEFF || r == 0x2028 || r == 0x2029 || (r > 127 && unicode.IsSpace(r)) {
				lx.pos += size
				continue
			}
			goto tok
		}
	}
	return token{kind: tEOF, pos: lx.pos, nl: nl}, nil
tok:
	start := lx.pos
	c := lx.src[lx.pos]
	r, _ := utf8.DecodeRuneInString(lx.src[lx.pos:])
	switch {
	case isIdentStart(r):
		for lx.pos < len(lx.src) {
			r, size := utf8.DecodeRuneInString(lx.src[lx.pos:])
			if !isIdentPart(r) {
				break
			}
			lx.pos += size
		}
		return token{kind: tIdent, text: lx.src[start:lx.pos], pos: start, nl: nl}, nil
	case c >= '0' && c <= '9' || c == '.' && lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] >= '0' && lx.src[lx.pos+1] <= '9':
		return lx.number(start, nl)
	case c == '"' || c == '\'':
		s, err := lx.stringLit(c)
		if err != nil {
			return token{}, err
		}
		return token{kind: tStr, str: s, text: lx.src[start:lx.pos], pos: start, nl: nl}, nil
	}
	for _, p := range puncts {
		if strings.HasPrefix(lx.src[lx.pos:], p) {
			lx.pos += len(p)
			return token{kind: tPunct, text: p, pos: start, nl: nl}, nil
		}
	}
	return token{}, &syntaxErr{start, fmt.Sprintf("unexpected character %q", r)}
}

func (lx *lexer) number(start int, nl bool) (token, error) {
	s := lx.src
	if s[lx.pos] == '0' && lx.pos+1 < len(s) && (s[lx.pos+1] == 'x' || s[lx.pos+1] == 'X') {
		lx.pos += 2
		for lx.pos < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[lx.pos]) >= 0 {
			lx.pos++
		}
		n, err := strconv.ParseUint(s[start+2:lx.pos], 16, 64)
		if err != nil {
			return token{}, &syntaxErr{start, "invalid hex number " + s[start:lx.pos]}
		}
		return token{kind: tNum, num: float64(n), text: s[start:lx.pos], pos: start, nl: nl}, nil
	}
	for lx.pos < len(s) && s[lx.pos] >= '0' && s[lx.pos] <= '9' {
		lx.pos++
	}
	if lx.pos < len(s) && s[lx.pos] == '.' {
		lx.pos++
		for lx.pos < len(s) && s[lx.pos] >= '0' && s[lx.pos] <= '9' {
			lx.pos++
		}
	}
	if lx.pos < len(s) && (s[lx.pos] == 'e' || s[lx.pos] == 'E') {
		p := lx.pos + 1
		if p < len(s) && (s[p] == '+' || s[p] == '-') {
			p++
		}
		if p < len(s) && s[p] >= '0' && s[p] <= '9' {
			lx.pos = p
			for lx.pos < len(s) && s[lx.pos] >= '0' && s[lx.pos] <= '9' {
				lx.pos++
			}
		}
	}
	if lx.pos < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[lx.pos:]); isIdentStart(r) {
			return token{}, &syntaxErr{lx.pos, "identifier directly after number"}
		}
	}
	f, err := strconv.ParseFloat(s[start:lx.pos], 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return token{}, &syntaxErr{start, "invalid number " + s[start:lx.pos]}
		}
	}
	return token{kind: tNum, num: f, text: s[start:lx.pos], pos: start, nl: nl}, nil
}

func (lx *lexer) stringLit(q byte) (string, error) {
	start := lx.pos
	lx.pos++
	var b strings.Builder
	for {
		if lx.pos >= len(lx.src) {
			return "", &syntaxErr{start, "unterminated string"}
		}
		c := lx.src[lx.pos]
		switch {
		case c == q:
			lx.pos++
			return b.String(), nil
		case c == '\n':
			return "", &syntaxErr{start, "unterminated string"}
		case c == '\\':
			lx.pos++
			if lx.pos >= len(lx.src) {
				return "", &syntaxErr{start, "unterminated string"}
			}
			e := lx.src[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'v':
				b.WriteByte('\v')
			case '0':
				b.WriteByte(0)
			case '\n':
			case 'x', 'u':
				n := 2
				if e == 'u' {
					n = 4
				}
				if e == 'u' && lx.pos < len(lx.src) && lx.src[lx.pos] == '{' {
					end := strings.IndexByte(lx.src[lx.pos:], '}')
					if end < 0 {
						return "", &syntaxErr{lx.pos, "invalid unicode escape"}
					}
					v, err := strconv.ParseUint(lx.src[lx.pos+1:lx.pos+end], 16, 32)
					if err != nil || v > unicode.MaxRune {
						return "", &syntaxErr{lx.pos, "invalid unicode escape"}
					}
					b.WriteRune(rune(v))
					lx.pos += end + 1
					continue
				}
				if lx.pos+n > len(lx.src) {
					return "", &syntaxErr{lx.pos, "invalid escape"}
				}
				v, err := strconv.ParseUint(lx.src[lx.pos:lx.pos+n], 16, 32)
				if err != nil {
					return "", &syntaxErr{lx.pos, "invalid escape"}
				}
				b.WriteRune(rune(v))
				lx.pos += n
			default:
				b.WriteByte(e)
			}
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			lx.pos++
		default:
			r, size := utf8.DecodeRuneInString(lx.src[lx.pos:])
			b.WriteRune(r) // invalid bytes become U+FFFD
			lx.pos += size
		}
	}
}
