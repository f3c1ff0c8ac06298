package datapath

import "strconv"

// Set assigns v at p inside root, mutating root in place, the way
// this.setData({[path]: v}) changes this.data. Containers missing on the
// way are created: a map for a key segment, a []any for an index segment.
// An intermediate of the wrong kind (a scalar, nil, or a slice followed by
// a non-numeric key) is replaced; an index into an existing map uses the
// decimal string as the key, and a canonical decimal key ("0", "12", not
// "01") into an existing slice is used as an index, as in JavaScript. A
// slice shorter than index+1 is extended with nil (JSON null) and written
// back into its parent.
//
// v is stored as is, not copied; use Copy first if the caller keeps
// mutating it. Set validates p before it changes anything: an empty p, a
// negative index or one above MaxIndex returns a *PathError and leaves root
// untouched, and a nil root returns ErrNilRoot.
func Set(root map[string]any, p Path, v any) error {
	if len(p) == 0 {
		return pathErr("", 0, ErrEmptyPath)
	}
	for i, s := range p {
		if s.IsIndex && (s.Index < 0 || s.Index > MaxIndex) {
			str := p.String()
			off := len(p[:i].String())
			if s.Index < 0 {
				return pathErr(str, off, ErrBadIndex)
			}
			return tooLarge(str, off+1)
		}
	}
	if root == nil {
		return ErrNilRoot
	}
	setIn(root, p, v)
	return nil
}

// SetString parses path and assigns v at it inside root; see Parse and Set.
// Paths of up to eight segments are parsed into a stack buffer, so a call
// allocates only for what Set creates in root.
func SetString(root map[string]any, path string, v any) error {
	var buf [8]Segment
	p, err := AppendParse(buf[:0], path)
	if err != nil {
		return err
	}
	return Set(root, p, v)
}

// setIn assigns v at p (len(p) > 0, already validated) inside cur and
// returns the container that must replace cur in its parent. When cur is
// kept, cur itself is returned so that no slice is boxed into a new
// interface value.
func setIn(cur any, p Path, v any) any {
	s := p[0]
	if s.IsIndex {
		switch c := cur.(type) {
		case map[string]any:
			k := strconv.Itoa(s.Index)
			c[k] = next(c[k], p, v)
			return cur
		case []any:
			if s.Index < len(c) {
				c[s.Index] = next(c[s.Index], p, v)
				return cur
			}
			return setIndex(c, s.Index, p, v)
		default:
			return setIndex(nil, s.Index, p, v)
		}
	}
	switch c := cur.(type) {
	case map[string]any:
		c[s.Key] = next(c[s.Key], p, v)
		return cur
	case []any:
		if i, ok := keyIndex(s.Key); ok {
			if i < len(c) {
				c[i] = next(c[i], p, v)
				return cur
			}
			return setIndex(c, i, p, v)
		}
	}
	m := make(map[string]any, 1)
	m[s.Key] = next(nil, p, v)
	return m
}

// next returns the value to store at p[0]: v itself at the end of the path,
// otherwise old with the rest of the path assigned inside it.
func next(old any, p Path, v any) any {
	if len(p) == 1 {
		return v
	}
	return setIn(old, p[1:], v)
}

// setIndex extends s with nil up to length i+1 (i >= len(s)) and assigns at
// index i. Appending make(...) zeroes the new elements even where cap(s)
// still held stale values, and does not allocate the temporary slice.
func setIndex(s []any, i int, p Path, v any) []any {
	s = append(s, make([]any, i+1-len(s))...)
	s[i] = next(nil, p, v)
	return s
}

// keyIndex reports whether key is a canonical decimal array index no
// greater than MaxIndex ("0", "7", "12"; not "", "01", "+1").
func keyIndex(key string) (int, bool) {
	if key == "" || len(key) > 7 || (key[0] == '0' && len(key) > 1) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n > MaxIndex {
		return 0, false
	}
	return n, true
}

// Get returns the value at p inside root, and whether it is there. It
// follows the same rules as Set (an index into a map looks up the decimal
// key, a canonical decimal key into a slice is an index) and returns
// (nil, false) when a step is missing, out of range or of the wrong kind.
// An empty p returns root itself. A present JSON null returns (nil, true).
func Get(root any, p Path) (any, bool) {
	cur := root
	for _, s := range p {
		switch c := cur.(type) {
		case map[string]any:
			k := s.Key
			if s.IsIndex {
				k = strconv.Itoa(s.Index)
			}
			v, ok := c[k]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, ok := s.Index, s.IsIndex
			if !ok {
				i, ok = keyIndex(s.Key)
			}
			if !ok || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Copy returns a deep copy of a JSON-like value: every map[string]any and
// []any is copied, recursively; other values (strings, numbers, bools,
// nil, and any other type) are shared. A nil map or slice stays nil.
func Copy(v any) any {
	switch c := v.(type) {
	case map[string]any:
		if c == nil {
			return c
		}
		m := make(map[string]any, len(c))
		for k, e := range c {
			m[k] = Copy(e)
		}
		return m
	case []any:
		if c == nil {
			return c
		}
		s := make([]any, len(c))
		for i, e := range c {
			s[i] = Copy(e)
		}
		return s
	default:
		return v
	}
}
