package datapath

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// tree decodes a JSON object the way page data arrives from goja/JSON.
func tree(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return m
}

func TestSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, path string
		v                any
		want             string
	}{
		{"new top-level key", `{}`, "title", "hi", `{"title":"hi"}`},
		{"overwrite scalar", `{"title":"a"}`, "title", "b", `{"title":"b"}`},
		{"overwrite container", `{"a":{"b":1}}`, "a", 2.0, `{"a":2}`},
		{"create nested maps", `{}`, "a.b.c", true, `{"a":{"b":{"c":true}}}`},
		{"keep siblings", `{"a":{"x":1,"b":{"y":2}}}`, "a.b.c", 3.0, `{"a":{"x":1,"b":{"y":2,"c":3}}}`},
		{"create array", `{}`, "list[2]", "z", `{"list":[null,null,"z"]}`},
		{"create array of maps", `{}`, "list[1].name", "n", `{"list":[null,{"name":"n"}]}`},
		{"overwrite array element", `{"list":[1,2,3]}`, "list[1]", "x", `{"list":[1,"x",3]}`},
		{"set inside array element", `{"list":[{"a":1},{"a":2}]}`, "list[1].a", 9.0, `{"list":[{"a":1},{"a":9}]}`},
		{"extend array", `{"list":[1]}`, "list[3]", 4.0, `{"list":[1,null,null,4]}`},
		{"extend array by one", `{"list":[1]}`, "list[1]", 2.0, `{"list":[1,2]}`},
		{"extend nested array", `{"o":{"list":[]}}`, "o.list[0].k", "v", `{"o":{"list":[{"k":"v"}]}}`},
		{"nested arrays create", `{}`, "m[1][2]", 5.0, `{"m":[null,[null,null,5]]}`},
		{"nested arrays extend inner", `{"m":[[1],[2]]}`, "m[1][2]", 5.0, `{"m":[[1],[2,null,5]]}`},
		{"nested arrays extend both", `{"m":[[1]]}`, "m[1][0]", 5.0, `{"m":[[1],[5]]}`},
		{"scalar replaced by map", `{"a":1}`, "a.b", 2.0, `{"a":{"b":2}}`},
		{"null replaced by map", `{"a":null}`, "a.b", 2.0, `{"a":{"b":2}}`},
		{"string replaced by array", `{"a":"s"}`, "a[0]", 2.0, `{"a":[2]}`},
		{"bool replaced by array", `{"a":true}`, "a[1].b", 2.0, `{"a":[null,{"b":2}]}`},
		{"array replaced by map for key", `{"a":[1,2]}`, "a.b", 2.0, `{"a":{"b":2}}`},
		{"array replaced by map for non-canonical key", `{"a":[1,2]}`, "a.01", 2.0, `{"a":{"01":2}}`},
		{"index into map uses decimal key", `{"a":{"x":1}}`, "a[3]", "v", `{"a":{"x":1,"3":"v"}}`},
		{"index into map existing key", `{"a":{"3":{"k":1}}}`, "a[3].k", 2.0, `{"a":{"3":{"k":2}}}`},
		{"numeric key into array is index", `{"a":[1,2]}`, "a.1", "x", `{"a":[1,"x"]}`},
		{"numeric key above MaxIndex into array", `{"a":[1]}`, "a.2000000", 1.0, `{"a":{"2000000":1}}`},
		{"numeric key into array extends", `{"a":[1]}`, "a.2.b", "x", `{"a":[1,null,{"b":"x"}]}`},
		{"index at root is a key", `{}`, `["0"]`, 1.0, `{"0":1}`},
		{"quoted key with dot", `{"a":{}}`, `a["x.y"]`, 1.0, `{"a":{"x.y":1}}`},
		{"set null", `{"a":{"b":1}}`, "a.b", nil, `{"a":{"b":null}}`},
		{"set container", `{}`, "a.b", map[string]any{"c": []any{1.0}}, `{"a":{"b":{"c":[1]}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := tree(t, tt.data)
			p := MustParse(tt.path)
			if err := Set(root, p, tt.v); err != nil {
				t.Fatalf("Set(%s, %q) error: %v", tt.data, tt.path, err)
			}
			if want := tree(t, tt.want); !reflect.DeepEqual(root, want) {
				got, _ := json.Marshal(root)
				t.Fatalf("Set(%s, %q, %v) = %s, want %s", tt.data, tt.path, tt.v, got, tt.want)
			}
			if got, ok := Get(root, p); !ok || !reflect.DeepEqual(got, tt.v) {
				t.Fatalf("Get after Set(%q) = %v, %v; want %v", tt.path, got, ok, tt.v)
			}
			// SetString must agree with Parse+Set.
			root2 := tree(t, tt.data)
			if err := SetString(root2, tt.path, tt.v); err != nil || !reflect.DeepEqual(root2, root) {
				t.Fatalf("SetString(%q) = %v, %v; want %v", tt.path, root2, err, root)
			}
		})
	}
}

func TestSetClearsStaleCapacity(t *testing.T) {
	t.Parallel()
	backing := []any{"a", "b", "stale1", "stale2"}
	root := map[string]any{"list": backing[:2]}
	if err := SetString(root, "list[3]", "d"); err != nil {
		t.Fatal(err)
	}
	want := []any{"a", "b", nil, "d"}
	if got := root["list"]; !reflect.DeepEqual(got, want) {
		t.Fatalf("list = %v, want %v", got, want)
	}
}

func TestSetErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		root   map[string]any
		p      Path
		err    error
		offset int
	}{
		{"empty path", map[string]any{}, nil, ErrEmptyPath, 0},
		{"negative index", map[string]any{}, Path{Key("a"), Index(-1)}, ErrBadIndex, 1},
		{"index too large", map[string]any{}, Path{Key("ab"), Index(MaxIndex + 1)}, ErrIndexTooLarge, 3},
		{"index too large deep", map[string]any{}, Path{Key("a"), Index(0), Key("b"), Index(1 << 30)}, ErrIndexTooLarge, 7},
		{"nil root", nil, Path{Key("a")}, ErrNilRoot, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Set(tt.root, tt.p, 1.0)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Set(%v) error = %v, want %v", tt.p, err, tt.err)
			}
			if tt.offset >= 0 {
				var pe *PathError
				if !errors.As(err, &pe) || pe.Offset != tt.offset || pe.Path != tt.p.String() {
					t.Fatalf("Set(%v) error = %#v, want a *PathError at offset %d", tt.p, err, tt.offset)
				}
			}
			if len(tt.root) != 0 {
				t.Fatalf("failed Set changed root: %v", tt.root)
			}
		})
	}
}

func TestSetStringErrors(t *testing.T) {
	t.Parallel()
	root := map[string]any{"a": 1.0}
	for _, path := range []string{"a..b", "a[x]", "a[2000000]", "", "[0]"} {
		err := SetString(root, path, 2.0)
		var pe *PathError
		if !errors.As(err, &pe) || pe.Path != path {
			t.Errorf("SetString(%q) error = %v, want a *PathError for the path", path, err)
		}
	}
	if !reflect.DeepEqual(root, map[string]any{"a": 1.0}) {
		t.Errorf("failed SetString changed root: %v", root)
	}
	if err := SetString(nil, "a", 1.0); !errors.Is(err, ErrNilRoot) {
		t.Errorf("SetString(nil) error = %v, want ErrNilRoot", err)
	}
	long := "a.b.c.d.e.f.g.h.i.j.k"
	if err := SetString(root, long, 1.0); err != nil {
		t.Fatalf("SetString(%q) error: %v", long, err)
	}
	if v, ok := Get(root, MustParse(long)); !ok || v != 1.0 {
		t.Errorf("Get(%q) = %v, %v after SetString", long, v, ok)
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	root := tree(t, `{
		"title": "shop",
		"cart": {"items": [{"price": 3.5, "tags": ["a", "b"]}, null], "total": 3.5},
		"m": [[1, 2], [3, 4, 5]],
		"byId": {"7": {"name": "seven"}},
		"dotted.key": {"x": 1},
		"none": null
	}`)
	tests := []struct {
		path string
		want any
		ok   bool
	}{
		{"title", "shop", true},
		{"cart.items[0].price", 3.5, true},
		{"cart.items[0].tags[1]", "b", true},
		{"cart.items.0.tags.1", "b", true},
		{"cart.items[1]", nil, true},
		{"none", nil, true},
		{"m[1][2]", 5.0, true},
		{"byId[7].name", "seven", true},
		{"byId.7.name", "seven", true},
		{`["dotted.key"].x`, 1.0, true},
		{"missing", nil, false},
		{"cart.missing", nil, false},
		{"cart.items[2]", nil, false},
		{"cart.items[1].price", nil, false},
		{"cart.items.01", nil, false},
		{"cart.items.x", nil, false},
		{"cart.items.2000000", nil, false},
		{"title.length", nil, false},
		{"title[0]", nil, false},
		{"byId[8]", nil, false},
		{"none.x", nil, false},
		{"m[0][2]", nil, false},
	}
	for _, tt := range tests {
		got, ok := Get(root, MustParse(tt.path))
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := Get(root, nil); !ok || !reflect.DeepEqual(got, root) {
		t.Errorf("Get(root, nil) = %v, %v; want root, true", got, ok)
	}
	if _, ok := Get(root, Path{Key("m"), Index(-1)}); ok {
		t.Errorf("Get with a negative index reported ok")
	}
	if got, ok := Get([]any{"x"}, Path{Index(0)}); !ok || got != "x" {
		t.Errorf("Get on a slice root = %v, %v", got, ok)
	}
}

func TestCopy(t *testing.T) {
	t.Parallel()
	orig := tree(t, `{"a": {"b": [1, {"c": "d"}, [true, null]]}, "s": "x", "n": null}`)
	cp, ok := Copy(orig).(map[string]any)
	if !ok || !reflect.DeepEqual(cp, orig) {
		t.Fatalf("Copy = %v, want %v", cp, orig)
	}
	// Mutating the copy at every depth must leave the original alone.
	for _, path := range []string{"a.b[1].c", "a.b[2][0]", "a.b[5]", "a.x", "s", "z"} {
		if err := SetString(cp, path, "changed"); err != nil {
			t.Fatal(err)
		}
	}
	if want := tree(t, `{"a": {"b": [1, {"c": "d"}, [true, null]]}, "s": "x", "n": null}`); !reflect.DeepEqual(orig, want) {
		t.Fatalf("mutating the copy changed the original: %v", orig)
	}
	tests := []any{nil, "s", 1.5, true, map[string]any(nil), []any(nil), []any{}, map[string]any{}}
	for _, v := range tests {
		if got := Copy(v); !reflect.DeepEqual(got, v) {
			t.Errorf("Copy(%#v) = %#v", v, got)
		}
	}
}
