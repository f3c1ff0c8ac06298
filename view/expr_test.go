package view

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// evalSrc parses and evaluates a binding expression against data.
func evalSrc(src string, data map[string]any) (any, [][]string, error) {
	x, err := parseExpr(src)
	if err != nil {
		return nil, nil, err
	}
	var deps [][]string
	in := &interp{deps: &deps}
	v, err := in.eval(x, &scope{root: true, data: data, tracked: true})
	return v, deps, err
}

var exprData = map[string]any{
	"a":    map[string]any{"b": "ab", "n": 2.0, "x y": "spaced"},
	"list": []any{"zero", "one", map[string]any{"name": "two"}},
	"i":    1.0,
	"s":    "héllo",
	"zero": 0.0,
	"t":    true,
	"nul":  nil,
	"o":    map[string]any{"p": 1.0, "q": 2.0},
	"arr":  []any{1.0, 2.0},
	"n64":  int64(7),
}

func TestExprEval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want any
	}{
		{"1 + 2", 3.0},
		{"'a' + 1", "a1"},
		{"1 + '2'", "12"},
		{"'3' * '4'", 12.0},
		{"1 + 2 + 'x'", "3x"},
		{"'x' + 1 + 2", "x12"},
		{"a.b", "ab"},
		{"a['b']", "ab"},
		{`a["x y"]`, "spaced"},
		{"list[1]", "one"},
		{"list[i]", "one"},
		{"list[i + 1].name", "two"},
		{"list.length", 3.0},
		{"s.length", 5.0},
		{"s[1]", "é"},
		{"missing", undefined},
		{"missing.x.y", undefined},
		{"nul.x", undefined},
		{"!0", true},
		{"!''", true},
		{"!!'0'", true},
		{"!list", false},
		{"typeof missing", "undefined"},
		{"typeof 1", "number"},
		{"typeof nul", "object"},
		{"typeof a", "object"},
		{"typeof 's'", "string"},
		{"typeof t", "boolean"},
		{"null == undefined", true},
		{"null === undefined", false},
		{"'1' == 1", true},
		{"0 == ''", true},
		{"0 === ''", false},
		{"t == 1", true},
		{"nul == 0", false},
		{"arr == '1,2'", true},
		{"arr + ''", "1,2"},
		{"o + ''", "[object Object]"},
		{"1 / 0", math.Inf(1)},
		{"-1 / 0", math.Inf(-1)},
		{"7 % 3", 1.0},
		{"-7 % 3", -1.0},
		{"2 * 3 + 4", 10.0},
		{"2 * (3 + 4)", 14.0},
		{"10 - 2 - 3", 5.0},
		{"t ? 'y' : 'n'", "y"},
		{"zero ? 'y' : zero === 0 ? 'zero' : 'n'", "zero"},
		{"missing || 'def'", "def"},
		{"zero && 1", 0.0},
		{"'' || 0 || 'last'", "last"},
		{"nul ?? 'd'", "d"},
		{"zero ?? 'd'", 0.0},
		{"-'3'", -3.0},
		{"+t", 1.0},
		{"+''", 0.0},
		{"+' 12 '", 12.0},
		{"+'0x10'", 16.0},
		{"'b' > 'a'", true},
		{"2 < '10'", true},
		{"'2' < '10'", false},
		{"1 <= 1", true},
		{"nul >= 0", true},
		{"missing < 1", false},
		{"missing >= 1", false},
		{"n64 + 1", 8.0},
		{"1 === 1.0", true},
		{"true", true},
		{"undefined", undefined},
		{"null", nil},
		{"'it\\'s'", "it's"},
		{`"a\nb"`, "a\nb"},
		{"0x1F", 31.0},
		{".5 + 1e2", 100.5},
		{"5 & 3 | 8", 9.0},
		{"'b' in o", false},
		{"'p' in o", true},
		{"a.b === 'ab' && list[0] === 'zero'", true},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			got, _, err := evalSrc(tc.src, exprData)
			if err != nil {
				t.Fatalf("eval %q: %v", tc.src, err)
			}
			if f, ok := tc.want.(float64); ok {
				g, ok := got.(float64)
				if !ok || g != f && !(math.IsNaN(f) && math.IsNaN(g)) {
					t.Fatalf("eval %q = %#v, want %v", tc.src, got, f)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("eval %q = %#v, want %#v", tc.src, got, tc.want)
			}
		})
	}
}

func TestExprLiterals(t *testing.T) {
	t.Parallel()
	got, _, err := evalSrc("{a: 1, 'b': [1, ...arr], ...o, q: 3, c}", map[string]any{"arr": []any{2.0}, "o": map[string]any{"p": 1.0, "q": 2.0}, "c": "cv"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": 1.0, "b": []any{1.0, 2.0}, "p": 1.0, "q": 3.0, "c": "cv"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
	if got, _, _ := evalSrc("0/0", nil); !math.IsNaN(got.(float64)) {
		t.Fatalf("0/0 = %v", got)
	}
}

func TestExprDeps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string
	}{
		{"a.b", "a.b"},
		{"list[i].name", "list.1.name i"},
		{"list.length", "list.#length"},
		{"s.length", "s.#length"},
		{"a.length", "a.length"}, // an object's "length" is a plain key
		{"a.b + list[0]", "a.b list.0"},
		{"'x' + 1", ""},
		{"t ? a.n : s", "t a.n"},
		{"{...o, k: zero}", "o zero"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			_, deps, err := evalSrc(tc.src, exprData)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, d := range deps {
				if _, ok := isLengthDep(d); ok {
					d = append(append([]string(nil), d[:len(d)-1]...), "#length")
				}
				parts = append(parts, strings.Join(d, "."))
			}
			// Order of recording is evaluation order; compare as a set.
			got := map[string]bool{}
			for _, p := range parts {
				got[p] = true
			}
			want := map[string]bool{}
			for _, p := range strings.Fields(tc.want) {
				want[p] = true
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("deps of %q = %v, want %v", tc.src, parts, tc.want)
			}
		})
	}
}

func TestExprParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		pos  int
		frag string
	}{
		{"a +", 3, "end of expression"},
		{"a = 1", 2, "assignment"},
		{"(1", 2, "expected"},
		{"{a:}", 3, "unexpected"},
		{"function(){}", 0, "functions are not allowed"},
		{"a++", 1, "unexpected"},
		{"'abc", 0, "unterminated string"},
		{"a b", 2, "after expression"},
		{"", 0, "empty"},
		{"1a", 1, "identifier directly after number"},
		{"a.", 2, "property name"},
		{"#", 0, "unexpected character"},
		{"new Date()", 0, "keyword"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			_, err := parseExpr(tc.src)
			var se *syntaxErr
			if !errors.As(err, &se) {
				t.Fatalf("parse %q: err = %v, want a syntax error", tc.src, err)
			}
			if se.pos != tc.pos || !strings.Contains(se.msg, tc.frag) {
				t.Fatalf("parse %q: error at %d %q, want at %d containing %q", tc.src, se.pos, se.msg, tc.pos, tc.frag)
			}
		})
	}
}

var pointOne = 0.1

func TestNumberToString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-1.5, "-1.5"}, {pointOne + 0.2, "0.30000000000000004"},
		{1e21, "1e+21"}, {1e20, "100000000000000000000"}, {123456789012, "123456789012"},
		{1e-7, "1e-7"}, {0.000001, "0.000001"}, {1.5e-10, "1.5e-10"}, {math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"}, {2.5e25, "2.5e+25"},
	}
	for _, tc := range tests {
		if got := numberToString(tc.f); got != tc.want {
			t.Errorf("numberToString(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestToFixed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    float64
		d    int
		want string
	}{
		{1.005, 2, "1.00"}, {0.5, 0, "1"}, {2.5, 0, "3"}, {1.45, 1, "1.4"}, {-1.5, 0, "-2"},
		{12.3456, 2, "12.35"}, {0, 2, "0.00"}, {0.001, 2, "0.00"}, {-0.001, 2, "0.00"}, {100, 0, "100"},
		{1e21, 2, "1e+21"}, {0.000001, 7, "0.0000010"},
	}
	for _, tc := range tests {
		if got := toFixed(tc.f, tc.d); got != tc.want {
			t.Errorf("toFixed(%v, %d) = %q, want %q", tc.f, tc.d, got, tc.want)
		}
	}
}
