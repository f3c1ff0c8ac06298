package datapath

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxIndex is the largest array index Parse and Set accept. It bounds the
// memory a single setData call can make Set allocate when it extends an
// array: the longest slice Set creates or grows to has MaxIndex+1 elements
// (16 MiB of interface values on a 64-bit platform).
const MaxIndex = 1<<20 - 1

// Syntax errors. Parse reports each of them inside a *PathError, and
// errors.Is(err, ErrSyntax) is true for all of them.
var (
	// ErrSyntax matches every syntax error below through errors.Is; Parse
	// never returns it on its own.
	ErrSyntax = errors.New("invalid syntax")
	// ErrEmptyPath reports an empty path string (or an empty Path given to Set).
	ErrEmptyPath = errors.New("empty path")
	// ErrEmptyKey reports a key of length zero: "a..b", ".a", "a.", "a['']".
	ErrEmptyKey = errors.New("empty key")
	// ErrBadIndex reports an unquoted bracket whose content is not a
	// decimal number: "a[x]", "a[]", "a[-1]", "a[ 1]".
	ErrBadIndex = errors.New("array index is not a decimal number")
	// ErrLeadingIndex reports a path that starts with an array index, such
	// as "[0]": the page data is an object, never an array.
	ErrLeadingIndex = errors.New("path starts with an array index")
	// ErrUnclosed reports a '[' without its ']' or a quote without its
	// closing quote; the offset is the one of the '['.
	ErrUnclosed = errors.New("unclosed bracket")
	// ErrBadEscape reports a backslash in a quoted key that is not
	// followed by a quote or a backslash.
	ErrBadEscape = errors.New("invalid escape in quoted key")
	// ErrUnexpected reports a character where a '.', a '[' or the end of
	// the path was expected: "a]b", "a[0]x", "a['k']x".
	ErrUnexpected = errors.New("unexpected character")
)

// ErrIndexTooLarge reports an array index greater than MaxIndex. It is not
// a syntax error: errors.Is(err, ErrSyntax) is false for it.
var ErrIndexTooLarge = errors.New("array index too large")

// ErrNilRoot is returned by Set when the root map is nil.
var ErrNilRoot = errors.New("nil root map")

var syntaxErrors = [...]error{
	ErrEmptyPath, ErrEmptyKey, ErrBadIndex, ErrLeadingIndex,
	ErrUnclosed, ErrBadEscape, ErrUnexpected,
}

// PathError records what is wrong with a path and where.
type PathError struct {
	Path   string // the path as given to Parse, or Path.String() for Set
	Offset int    // byte offset in Path where the problem was found
	Err    error  // one of the ErrXxx sentinels, possibly wrapped with detail
}

// Error renders the error as
//
//	setData: invalid path "a..b" at offset 2: empty key
func (e *PathError) Error() string {
	return "setData: invalid path " + strconv.Quote(e.Path) +
		" at offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
}

// Unwrap returns e.Err, so errors.Is(err, ErrEmptyKey) works.
func (e *PathError) Unwrap() error { return e.Err }

// Is reports whether target is ErrSyntax and e.Err is one of the syntax
// errors, so that errors.Is(err, ErrSyntax) groups them.
func (e *PathError) Is(target error) bool {
	if target != ErrSyntax {
		return false
	}
	for _, s := range syntaxErrors {
		if errors.Is(e.Err, s) {
			return true
		}
	}
	return false
}

func pathErr(path string, off int, err error) *PathError {
	return &PathError{Path: path, Offset: off, Err: err}
}

func unexpected(path string, off int) *PathError {
	return pathErr(path, off, fmt.Errorf("%w %q", ErrUnexpected, path[off:off+1]))
}

func tooLarge(path string, off int) *PathError {
	return pathErr(path, off, fmt.Errorf("%w (max %d)", ErrIndexTooLarge, MaxIndex))
}

// Segment is one step of a Path: an object key when IsIndex is false, an
// array index when IsIndex is true. The unused field is left zero by Parse.
type Segment struct {
	Key     string // object key; used when IsIndex is false
	Index   int    // array index; used when IsIndex is true
	IsIndex bool   // whether the segment is an array index
}

// Key returns the segment for object key k.
func Key(k string) Segment { return Segment{Key: k} }

// Index returns the segment for array index i.
func Index(i int) Segment { return Segment{Index: i, IsIndex: true} }

// Path is a parsed setData key path: "list[2].name" is
// Path{Key("list"), Index(2), Key("name")}.
type Path []Segment

// Equal reports whether p and q name the same location. Fields not used by
// a segment's kind are ignored.
func (p Path) Equal(q Path) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i].IsIndex != q[i].IsIndex {
			return false
		}
		if p[i].IsIndex {
			if p[i].Index != q[i].Index {
				return false
			}
		} else if p[i].Key != q[i].Key {
			return false
		}
	}
	return true
}

// String returns the canonical form of p: keys are written bare and joined
// with '.' when they are non-empty and contain none of ".[]'\"\\", and as
// ["key"] (with '"' and '\' escaped by a backslash) otherwise; indexes are
// written as [n]. For every Path returned by Parse, Parse(p.String())
// returns an equal Path.
func (p Path) String() string {
	n := 0
	for _, s := range p {
		if s.IsIndex {
			n += 2 + 7
		} else {
			n += len(s.Key) + 4
		}
	}
	var b strings.Builder
	b.Grow(n)
	for i, s := range p {
		switch {
		case s.IsIndex:
			b.WriteByte('[')
			var buf [20]byte
			b.Write(strconv.AppendInt(buf[:0], int64(s.Index), 10))
			b.WriteByte(']')
		case isBare(s.Key):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Key)
		default:
			b.WriteString(`["`)
			for j := 0; j < len(s.Key); j++ {
				if c := s.Key[j]; c == '"' || c == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(s.Key[j])
			}
			b.WriteString(`"]`)
		}
	}
	return b.String()
}

// isBare reports whether k can be written without brackets and quotes.
func isBare(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '.', '[', ']', '\'', '"', '\\':
			return false
		}
	}
	return true
}

// Parse parses a setData key path such as "title", "a.b", "list[2].name",
// "m[1][2]", "a['b-c']" or `a["x.y"]`. See the package documentation for
// the grammar. Errors are *PathError values wrapping one of the ErrXxx
// sentinels.
//
// Keys in the result share memory with path unless they contain escapes.
// A path without '.', '[' and ']' costs a single one-element allocation.
func Parse(path string) (Path, error) {
	return AppendParse(nil, path)
}

// AppendParse parses path like Parse and appends its segments to dst,
// returning the extended Path. Reusing dst across calls (dst[:0]) avoids
// the allocation of the result. On error, dst is returned unchanged.
func AppendParse(dst Path, path string) (Path, error) {
	if path == "" {
		return dst, pathErr(path, 0, ErrEmptyPath)
	}
	n := 1
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '.', '[', ']':
			n++
		}
	}
	if n == 1 {
		return append(dst, Segment{Key: path}), nil
	}
	orig := dst
	if cap(dst)-len(dst) < n {
		grown := make(Path, len(dst), len(dst)+n)
		copy(grown, dst)
		dst = grown
	}
	i := 0
	var seg Segment
	var err *PathError
	if path[0] == '[' {
		if len(path) > 1 && (path[1] == '\'' || path[1] == '"') {
			seg, i, err = parseBracket(path, 0)
		} else {
			err = pathErr(path, 0, ErrLeadingIndex)
		}
	} else {
		seg, i, err = parseBare(path, 0)
	}
	for err == nil {
		dst = append(dst, seg)
		if i == len(path) {
			return dst, nil
		}
		switch path[i] {
		case '.':
			seg, i, err = parseBare(path, i+1)
		case '[':
			seg, i, err = parseBracket(path, i)
		default:
			err = unexpected(path, i)
		}
	}
	return orig, err
}

// parseBare parses an unquoted key starting at i and returns the offset of
// the byte after it.
func parseBare(path string, i int) (Segment, int, *PathError) {
	j := i
	for ; j < len(path); j++ {
		c := path[j]
		if c == '.' || c == '[' {
			break
		}
		if c == ']' {
			return Segment{}, 0, unexpected(path, j)
		}
	}
	if j == i {
		return Segment{}, 0, pathErr(path, i, ErrEmptyKey)
	}
	return Segment{Key: path[i:j]}, j, nil
}

// parseBracket parses "[n]", "['k']" or `["k"]` starting at the '[' at
// offset i and returns the offset of the byte after the ']'.
func parseBracket(path string, i int) (Segment, int, *PathError) {
	j := i + 1
	if j == len(path) {
		return Segment{}, 0, pathErr(path, i, ErrUnclosed)
	}
	if q := path[j]; q == '\'' || q == '"' {
		return parseQuoted(path, i, q)
	}
	idx, big := 0, false
	k := j
	for ; k < len(path) && path[k] >= '0' && path[k] <= '9'; k++ {
		if !big {
			idx = idx*10 + int(path[k]-'0')
			big = idx > MaxIndex
		}
	}
	if k == len(path) {
		return Segment{}, 0, pathErr(path, i, ErrUnclosed)
	}
	if path[k] != ']' || k == j {
		return Segment{}, 0, pathErr(path, k, ErrBadIndex)
	}
	if big {
		return Segment{}, 0, tooLarge(path, j)
	}
	return Segment{Index: idx, IsIndex: true}, k + 1, nil
}

// parseQuoted parses a quoted key whose '[' is at offset i and whose
// opening quote q is at i+1.
func parseQuoted(path string, i int, q byte) (Segment, int, *PathError) {
	start := i + 2
	escapes := 0
	k := start
	for ; k < len(path) && path[k] != q; k++ {
		if path[k] != '\\' {
			continue
		}
		if k+1 == len(path) {
			break
		}
		switch path[k+1] {
		case '\'', '"', '\\':
			escapes++
			k++
		default:
			return Segment{}, 0, pathErr(path, k, ErrBadEscape)
		}
	}
	if k >= len(path) {
		return Segment{}, 0, pathErr(path, i, ErrUnclosed)
	}
	if k == start {
		return Segment{}, 0, pathErr(path, start, ErrEmptyKey)
	}
	if k+1 == len(path) {
		return Segment{}, 0, pathErr(path, i, ErrUnclosed)
	}
	if path[k+1] != ']' {
		return Segment{}, 0, unexpected(path, k+1)
	}
	key := path[start:k]
	if escapes > 0 {
		b := make([]byte, 0, len(key)-escapes)
		for m := 0; m < len(key); m++ {
			if key[m] == '\\' {
				m++
			}
			b = append(b, key[m])
		}
		key = string(b)
	}
	return Segment{Key: key}, k + 2, nil
}

// MustParse is like Parse but panics if path cannot be parsed. It is meant
// for constant paths in tests and package-level variables.
func MustParse(path string) Path {
	p, err := Parse(path)
	if err != nil {
		panic(err)
	}
	return p
}
