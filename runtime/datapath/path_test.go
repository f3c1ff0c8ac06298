package datapath

import (
	"errors"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Path
	}{
		{"title", Path{Key("title")}},
		{"a.b", Path{Key("a"), Key("b")}},
		{"a.b.c.d", Path{Key("a"), Key("b"), Key("c"), Key("d")}},
		{"list[2].name", Path{Key("list"), Index(2), Key("name")}},
		{"list[0]", Path{Key("list"), Index(0)}},
		{"m[1][2]", Path{Key("m"), Index(1), Index(2)}},
		{"m[1][2].x[3]", Path{Key("m"), Index(1), Index(2), Key("x"), Index(3)}},
		{"a[007]", Path{Key("a"), Index(7)}},
		{"a[1048575]", Path{Key("a"), Index(MaxIndex)}},
		{"a['b-c']", Path{Key("a"), Key("b-c")}},
		{`a["x.y"]`, Path{Key("a"), Key("x.y")}},
		{`a["x[0]"].z`, Path{Key("a"), Key("x[0]"), Key("z")}},
		{`a['it\'s']`, Path{Key("a"), Key("it's")}},
		{`a["say \"hi\""]`, Path{Key("a"), Key(`say "hi"`)}},
		{`a["back\\slash"]`, Path{Key("a"), Key(`back\slash`)}},
		{`a['"']`, Path{Key("a"), Key(`"`)}},
		{`a["'"]`, Path{Key("a"), Key(`'`)}},
		{`a["\'"]`, Path{Key("a"), Key(`'`)}},
		{`["a.b"].c`, Path{Key("a.b"), Key("c")}},
		{`['a'][0]`, Path{Key("a"), Index(0)}},
		{"a b.c", Path{Key("a b"), Key("c")}},
		{"1.2", Path{Key("1"), Key("2")}},
		{`it's`, Path{Key("it's")}},
		{`a\b`, Path{Key(`a\b`)}},
		{"中文.键[1]", Path{Key("中文"), Key("键"), Index(1)}},
		{"a[0].b[1].c", Path{Key("a"), Index(0), Key("b"), Index(1), Key("c")}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Fatalf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			back, err := Parse(got.String())
			if err != nil || !back.Equal(got) {
				t.Fatalf("Parse(%q.String() = %q) = %#v, %v; want %#v", tt.in, got.String(), back, err, got)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		offset int
		err    error
		syntax bool
	}{
		{"", 0, ErrEmptyPath, true},
		{"a..b", 2, ErrEmptyKey, true},
		{".a", 0, ErrEmptyKey, true},
		{"a.", 2, ErrEmptyKey, true},
		{"a.[0]", 2, ErrEmptyKey, true},
		{"a['']", 3, ErrEmptyKey, true},
		{`a[""]`, 3, ErrEmptyKey, true},
		{"a[x]", 2, ErrBadIndex, true},
		{"a[]", 2, ErrBadIndex, true},
		{"a[-1]", 2, ErrBadIndex, true},
		{"a[ 1]", 2, ErrBadIndex, true},
		{"a[1 ]", 3, ErrBadIndex, true},
		{"a[1x]", 3, ErrBadIndex, true},
		{"a[1.1]", 3, ErrBadIndex, true},
		{"a[1", 1, ErrUnclosed, true},
		{"a[", 1, ErrUnclosed, true},
		{"a.b[12", 3, ErrUnclosed, true},
		{"a['b", 1, ErrUnclosed, true},
		{`a["b\"`, 1, ErrUnclosed, true},
		{`a["b\`, 1, ErrUnclosed, true},
		{"a['b'", 1, ErrUnclosed, true},
		{"a['b'x]", 5, ErrUnexpected, true},
		{"a['b']x", 6, ErrUnexpected, true},
		{"a[0]x", 4, ErrUnexpected, true},
		{"a[0]]", 4, ErrUnexpected, true},
		{"a]b", 1, ErrUnexpected, true},
		{"]", 0, ErrUnexpected, true},
		{"a.b]", 3, ErrUnexpected, true},
		{`a["b\n"]`, 4, ErrBadEscape, true},
		{"[0]", 0, ErrLeadingIndex, true},
		{"[0].a", 0, ErrLeadingIndex, true},
		{"[", 0, ErrLeadingIndex, true},
		{"a[1048576]", 2, ErrIndexTooLarge, false},
		{"a[999999999999999999999999]", 2, ErrIndexTooLarge, false},
		{"a[0][999999999]", 5, ErrIndexTooLarge, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %#v, want error %v", tt.in, p, tt.err)
			}
			if p != nil {
				t.Errorf("Parse(%q) returned non-nil Path %#v with error", tt.in, p)
			}
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T is not a *PathError", tt.in, err)
			}
			if pe.Path != tt.in || pe.Offset != tt.offset {
				t.Errorf("Parse(%q): PathError{Path: %q, Offset: %d}, want offset %d", tt.in, pe.Path, pe.Offset, tt.offset)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Parse(%q) error %v, want errors.Is %v", tt.in, err, tt.err)
			}
			if got := errors.Is(err, ErrSyntax); got != tt.syntax {
				t.Errorf("errors.Is(Parse(%q), ErrSyntax) = %v, want %v", tt.in, got, tt.syntax)
			}
			if !strings.HasPrefix(err.Error(), "setData: invalid path ") {
				t.Errorf("Parse(%q) error message %q", tt.in, err.Error())
			}
		})
	}
}

func TestPathErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"a..b", `setData: invalid path "a..b" at offset 2: empty key`},
		{"a[0]x", `setData: invalid path "a[0]x" at offset 4: unexpected character "x"`},
		{"a[2000000]", `setData: invalid path "a[2000000]" at offset 2: array index too large (max 1048575)`},
		{"a[x]", `setData: invalid path "a[x]" at offset 2: array index is not a decimal number`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestAppendParse(t *testing.T) {
	t.Parallel()
	dst := Path{Key("keep")}
	got, err := AppendParse(dst, "a[1].b")
	if err != nil {
		t.Fatal(err)
	}
	want := Path{Key("keep"), Key("a"), Index(1), Key("b")}
	if !got.Equal(want) {
		t.Fatalf("AppendParse = %#v, want %#v", got, want)
	}
	got, err = AppendParse(dst, "a..b")
	if err == nil || !got.Equal(dst) {
		t.Fatalf("AppendParse with bad path = %#v, %v; want dst unchanged and an error", got, err)
	}
	buf := make(Path, 0, 8)
	got, err = AppendParse(buf, "x.y[2]")
	if err != nil || &got[0] != &buf[:1][0] {
		t.Fatalf("AppendParse did not reuse a large enough dst: %v", err)
	}
}

func TestPathString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Path
		want string
	}{
		{Path{Key("title")}, "title"},
		{Path{Key("a"), Key("b")}, "a.b"},
		{Path{Key("list"), Index(2), Key("name")}, "list[2].name"},
		{Path{Key("m"), Index(1), Index(2)}, "m[1][2]"},
		{Path{Key("a"), Key("x.y")}, `a["x.y"]`},
		{Path{Key("a.b"), Key("c")}, `["a.b"].c`},
		{Path{Key("a"), Key(`q"\`)}, `a["q\"\\"]`},
		{Path{Key("a"), Key("it's")}, `a["it's"]`},
		{Path{Key("a"), Key("]")}, `a["]"]`},
		{Path{Key("")}, `[""]`},
		{Path{Index(3)}, "[3]"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestPathEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p, q Path
		want bool
	}{
		{nil, Path{}, true},
		{Path{Key("a")}, Path{Key("a")}, true},
		{Path{Key("a")}, Path{Key("b")}, false},
		{Path{Key("a")}, Path{Key("a"), Key("b")}, false},
		{Path{Index(1)}, Path{Index(2)}, false},
		{Path{Index(1)}, Path{Key("1")}, false},
		{Path{{Key: "ignored", Index: 1, IsIndex: true}}, Path{Index(1)}, true},
		{Path{{Key: "a", Index: 5}}, Path{Key("a")}, true},
	}
	for _, tt := range tests {
		if got := tt.p.Equal(tt.q); got != tt.want {
			t.Errorf("%#v.Equal(%#v) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
	}
}

func TestMustParse(t *testing.T) {
	t.Parallel()
	if got := MustParse("a[1]"); !got.Equal(Path{Key("a"), Index(1)}) {
		t.Errorf("MustParse(a[1]) = %#v", got)
	}
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !errors.Is(err, ErrEmptyKey) {
			t.Errorf("MustParse(a..b) panicked with %v, want an ErrEmptyKey error", r)
		}
	}()
	MustParse("a..b")
}

func TestParseAllocs(t *testing.T) {
	// Not parallel: testing.AllocsPerRun.
	tests := []struct {
		in   string
		want float64
	}{
		{"title", 1},
		{"cart.items[0].price", 1},
		{`a["esc\"aped"]`, 2},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, func() { _, _ = Parse(tt.in) }); got != tt.want {
			t.Errorf("Parse(%q) allocs = %v, want %v", tt.in, got, tt.want)
		}
	}
	buf := make(Path, 0, 8)
	if got := testing.AllocsPerRun(100, func() { _, _ = AppendParse(buf[:0], "cart.items[0].price") }); got != 0 {
		t.Errorf("AppendParse into a reused buffer allocs = %v, want 0", got)
	}
	root := map[string]any{"cart": map[string]any{"items": []any{map[string]any{"price": 1.0}}}}
	var v any = "x"
	if got := testing.AllocsPerRun(100, func() { _ = SetString(root, "cart.items[0].price", v) }); got != 0 {
		t.Errorf("SetString on existing containers allocs = %v, want 0", got)
	}
}

func BenchmarkParse(b *testing.B) {
	for _, bb := range []struct{ name, path string }{
		{"simple", "title"},
		{"dotted", "user.profile.name"},
		{"indexed", "list[12].items[3].price"},
		{"quoted", `cart["sku.123"].qty`},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bb.path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSetString(b *testing.B) {
	root := map[string]any{"list": []any{map[string]any{"name": "a"}}}
	var v any = "b"
	b.ReportAllocs()
	for b.Loop() {
		if err := SetString(root, "list[0].name", v); err != nil {
			b.Fatal(err)
		}
	}
}
