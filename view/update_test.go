package view

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

const listPage = `<view class="header">{{title}} ({{list.length}})</view>
<view wx:for="{{list}}" wx:key="id" class="item {{item.id === selected ? 'sel' : ''}}" data-id="{{item.id}}">
  <text class="name">{{item.name}}</text>
  <text class="price">{{item.price}}</text>
</view>`

func makeList(n int) []any {
	list := make([]any, n)
	for i := range list {
		list[i] = map[string]any{"id": float64(i), "name": fmt.Sprintf("item %d", i), "price": float64(i * 10)}
	}
	return list
}

// setData mimics the runtime: applies the patch to data (creating
// missing objects, growing arrays), then updates the tree.
func setData(t testing.TB, tr *Tree, data map[string]any, patch map[string]any) {
	t.Helper()
	keys := make([]string, 0, len(patch))
	for k, v := range patch {
		setPath(data, splitKey(k), v)
		keys = append(keys, k)
	}
	if err := tr.Update(data, keys); err != nil {
		t.Fatal(err)
	}
}

func setPath(data map[string]any, segs []string, v any) {
	var cur any = data
	var assign func(any)
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[s] = v
				return
			}
			if c[s] == nil {
				c[s] = map[string]any{}
			}
			m := c
			key := s
			assign = func(x any) { m[key] = x }
			cur = c[s]
		case []any:
			n, _ := strconv.Atoi(s)
			for len(c) <= n {
				c = append(c, nil)
			}
			assign(c)
			if last {
				c[n] = v
				return
			}
			arr := c
			assign = func(x any) { arr[n] = x }
			cur = c[n]
		}
	}
}

func TestIncrementalUpdate(t *testing.T) {
	t.Parallel()
	data := map[string]any{"title": "Shop", "list": makeList(1000), "selected": -1.0}
	tr := renderOne(t, listPage, data)
	full := tr.Stats().Evaluations
	if full < 4000 {
		t.Fatalf("full render evaluated %d bindings, expected ≥ 4000", full)
	}
	tests := []struct {
		name     string
		patch    map[string]any
		maxEvals int64
		check    func(t *testing.T)
	}{
		{"one item field", map[string]any{"list[500].name": "changed"}, 2, func(t *testing.T) {
			if got := mustSelect(t, tr, ".name")[500].TextContent(); got != "changed" {
				t.Fatalf("item 500 name = %q", got)
			}
		}},
		{"title only", map[string]any{"title": "Store"}, 1, func(t *testing.T) {
			if got := mustSelect(t, tr, ".header")[0].TextContent(); got != "Store (1000)" {
				t.Fatalf("header = %q", got)
			}
		}},
		{"outer value read by every item", map[string]any{"selected": 3.0}, 1001, func(t *testing.T) {
			if got := describe(mustSelect(t, tr, ".sel")); got != "view.item.sel" {
				t.Fatalf(".sel = %q", got)
			}
			if mustSelect(t, tr, ".sel")[0].Dataset["id"] != 3.0 {
				t.Fatalf("wrong item selected")
			}
		}},
		{"whole item replaced", map[string]any{"list[7]": map[string]any{"id": 7.0, "name": "seven", "price": 1.0}}, 8, func(t *testing.T) {
			if got := mustSelect(t, tr, ".price")[7].TextContent(); got != "1" {
				t.Fatalf("price = %q", got)
			}
		}},
		{"append", map[string]any{"list[1000]": map[string]any{"id": 1000.0, "name": "new", "price": 5.0}}, 20, func(t *testing.T) {
			if n := len(mustSelect(t, tr, ".item")); n != 1001 {
				t.Fatalf("%d items", n)
			}
			if got := mustSelect(t, tr, ".header")[0].TextContent(); got != "Store (1001)" {
				t.Fatalf("header = %q", got)
			}
		}},
	}
	for _, tc := range tests {
		before := tr.Stats().Evaluations
		setData(t, tr, data, tc.patch)
		evals := tr.Stats().Evaluations - before
		if evals > tc.maxEvals {
			t.Errorf("%s: %d evaluations, want ≤ %d (full render: %d)", tc.name, evals, tc.maxEvals, full)
		}
		tc.check(t)
	}
	// Untouched items keep their nodes.
	first := mustSelect(t, tr, ".item")[0]
	setData(t, tr, data, map[string]any{"list[1].name": "x"})
	if mustSelect(t, tr, ".item")[0] != first {
		t.Fatalf("item 0 was re-created")
	}
}

func TestKeyedReorder(t *testing.T) {
	t.Parallel()
	data := map[string]any{"list": makeList(5), "title": "", "selected": -1.0}
	tr := renderOne(t, listPage, data)
	nodes := mustSelect(t, tr, ".item")
	// Reverse: same keys, new positions; nodes are moved, not re-created.
	rev := make([]any, 5)
	for i, it := range data["list"].([]any) {
		rev[4-i] = it
	}
	before := tr.Stats().Nodes
	setData(t, tr, data, map[string]any{"list": rev})
	if created := tr.Stats().Nodes - before; created != 0 {
		t.Fatalf("reorder created %d nodes", created)
	}
	after := mustSelect(t, tr, ".item")
	for i := range after {
		if after[i] != nodes[4-i] {
			t.Fatalf("node %d not reused", i)
		}
		if after[i].Parent != tr.Root {
			t.Fatalf("Parent not kept")
		}
	}
	var names []string
	for _, n := range mustSelect(t, tr, ".name") {
		names = append(names, n.TextContent())
	}
	if got := strings.Join(names, ","); got != "item 4,item 3,item 2,item 1,item 0" {
		t.Fatalf("names = %s", got)
	}
	// Remove one from the middle, insert a new one.
	l := []any{rev[0], map[string]any{"id": 99.0, "name": "new", "price": 0.0}, rev[2], rev[3], rev[4]}
	setData(t, tr, data, map[string]any{"list": l})
	got := mustSelect(t, tr, ".item")
	if got[0] != nodes[4] || got[2] != nodes[2] || got[1].Dataset["id"] != 99.0 {
		t.Fatalf("keyed insert/remove wrong:\n%s", tr.Snapshot())
	}
}

func TestUpdateControlFlow(t *testing.T) {
	t.Parallel()
	src := `<view wx:if="{{mode === 'a'}}" id="a">A {{x}}</view>
<view wx:elif="{{mode === 'b'}}" id="b">B {{x}}</view>
<view wx:else id="c">C</view>
<text wx:for="{{n}}">{{item}}</text>
<view id="obj"><text wx:for="{{obj}}" wx:for-index="k">{{k}}={{item.v}};</text></view>`
	data := map[string]any{"mode": "a", "x": 1.0, "n": 2.0, "obj": map[string]any{"p": map[string]any{"v": 1.0}}}
	tr := renderOne(t, src, data)
	steps := []struct {
		patch map[string]any
		want  string
	}{
		{map[string]any{"x": 2.0}, "A 201p=1;"},
		{map[string]any{"mode": "b"}, "B 201p=1;"},
		{map[string]any{"mode": "z"}, "C01p=1;"},
		{map[string]any{"n": 3.0}, "C012p=1;"},
		{map[string]any{"obj.p.v": 5.0}, "C012p=5;"},
		{map[string]any{"obj.q": map[string]any{"v": 0.0}}, "C012p=5;q=0;"},
		{map[string]any{"obj": map[string]any{}}, "C012"},
	}
	for _, s := range steps {
		setData(t, tr, data, s.patch)
		if got := tr.Root.TextContent(); got != s.want {
			t.Fatalf("after %v: %q, want %q\n%s", s.patch, got, s.want, tr.Snapshot())
		}
	}
	// Update with no keys re-evaluates everything.
	data["x"] = 9.0
	data["mode"] = "a"
	if err := tr.Update(data, nil); err != nil {
		t.Fatal(err)
	}
	if got := tr.Root.TextContent(); got != "A 9012" {
		t.Fatalf("full update: %q", got)
	}
}

func TestSplitKey(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"a":              "a",
		"list[2].name":   "list/2/name",
		"a.b.c":          "a/b/c",
		"m['x.y'][3]":    "m/x.y/3",
		`m["k"]`:         "m/k",
		"list[02]":       "list/2",
		"weird[":         "weird",
		"a[0][1].b[2].c": "a/0/1/b/2/c",
	}
	for in, want := range tests {
		if got := strings.Join(splitKey(in), "/"); got != want {
			t.Errorf("splitKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPathOverlap(t *testing.T) {
	t.Parallel()
	l := lengthDep(3)
	tests := []struct {
		dep, c []string
		want   bool
	}{
		{[]string{"a", "b"}, []string{"a"}, true},
		{[]string{"a"}, []string{"a", "b"}, true},
		{[]string{"a", "b"}, []string{"a", "c"}, false},
		{[]string{"list", l}, []string{"list"}, true},
		{[]string{"list", l}, []string{"list", "3"}, true},
		{[]string{"list", l}, []string{"list", "3", "name"}, true},
		{[]string{"list", l}, []string{"list", "4", "name"}, true},
		{[]string{"list", l}, []string{"list", "2", "name"}, false},
		{[]string{"list", l}, []string{"list", "2"}, false},
		{[]string{"list", l}, []string{"list", "x"}, false},
		{[]string{"list", l}, []string{"list", l}, false},
		{[]string{"list", l}, []string{"other"}, false},
		{[]string{"a", "list", l}, []string{"a"}, true},
	}
	for _, tc := range tests {
		if got := pathOverlap(tc.dep, tc.c); got != tc.want {
			t.Errorf("pathOverlap(%q, %q) = %v, want %v", tc.dep, tc.c, got, tc.want)
		}
	}
}

func TestUntrackedListSeesInPlaceChanges(t *testing.T) {
	t.Parallel()
	src := `<text wx:for="{{list || []}}" wx:key="id">{{item.name}};</text><text wx:for="{{flag ? list : []}}">{{item.name}}</text>`
	data := map[string]any{"list": makeList(3), "flag": true}
	tr := renderOne(t, src, data)
	setData(t, tr, data, map[string]any{"list[1].name": "changed"})
	if got := tr.Root.TextContent(); got != "item 0;changed;item 2;item 0changeditem 2" {
		t.Fatalf("text = %q", got)
	}
	setData(t, tr, data, map[string]any{"flag": false})
	if got := tr.Root.TextContent(); got != "item 0;changed;item 2;" {
		t.Fatalf("text = %q", got)
	}
}
