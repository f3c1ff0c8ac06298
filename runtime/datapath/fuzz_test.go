package datapath

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

var fuzzPaths = []string{
	"title", "a.b", "list[2].name", "m[1][2]", "a['b-c']", `a["x.y"]`,
	`["a.b"].c`, `a["q\"\\"]`, "a..b", ".a", "a.", "a[x]", "a[", "a[1",
	"[0]", "a]b", "a[0]x", `a["b\n"]`, "a[999999999999]", "a.0.1", "",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzPaths {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T is not a *PathError", s, err)
			}
			if pe.Path != s || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("Parse(%q): bad PathError %#v", s, pe)
			}
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrIndexTooLarge) {
				t.Fatalf("Parse(%q) error %v is neither a syntax error nor ErrIndexTooLarge", s, err)
			}
			return
		}
		if len(p) == 0 {
			t.Fatalf("Parse(%q) returned an empty Path", s)
		}
		for _, seg := range p {
			if seg.IsIndex && (seg.Index < 0 || seg.Index > MaxIndex) {
				t.Fatalf("Parse(%q) returned index %d", s, seg.Index)
			}
			if !seg.IsIndex && seg.Key == "" {
				t.Fatalf("Parse(%q) returned an empty key", s)
			}
		}
		str := p.String()
		q, err := Parse(str)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, str, err)
		}
		if !q.Equal(p) {
			t.Fatalf("Parse(%q) = %#v but Parse(%q) = %#v", s, p, str, q)
		}
		if q.String() != str {
			t.Fatalf("String is not canonical: %q then %q", str, q.String())
		}
	})
}

// fuzzValue is a value no JSON input can contain, so Get finding it proves
// that Set put it there.
type fuzzValue struct{ n int }

func FuzzSet(f *testing.F) {
	trees := []string{
		`{}`,
		`{"a":{"b":1}}`,
		`{"list":[1,{"name":"x"},[2,3]]}`,
		`{"m":[[1],[2,[3]]],"a":"s","n":null}`,
		`{"0":{"1":[true]}}`,
	}
	for i, s := range fuzzPaths {
		f.Add(s, trees[i%len(trees)])
	}
	f.Fuzz(func(t *testing.T, path, data string) {
		p, err := Parse(path)
		if err != nil {
			return
		}
		for _, seg := range p {
			if seg.IsIndex && seg.Index > 4096 {
				return // legal, but keep each run small
			}
		}
		var root map[string]any
		if json.Unmarshal([]byte(data), &root) != nil || root == nil {
			root = map[string]any{}
		}
		before := Copy(root)
		v := &fuzzValue{n: len(path)}
		if err := Set(root, p, v); err != nil {
			t.Fatalf("Set(%q) on %s: %v", path, data, err)
		}
		got, ok := Get(root, p)
		if !ok || got != any(v) {
			t.Fatalf("Set(%q) on %s, then Get = %v, %v", path, data, got, ok)
		}
		// Setting the previous value back, when there was one, must at least
		// keep it readable at the same place.
		if old, had := Get(before, p); had {
			if err := Set(root, p, old); err != nil {
				t.Fatal(err)
			}
			if got, ok := Get(root, p); !ok || !reflect.DeepEqual(got, old) {
				t.Fatalf("restoring %q: Get = %v, %v; want %v", path, got, ok, old)
			}
		}
	})
}
