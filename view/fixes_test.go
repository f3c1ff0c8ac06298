package view

import (
	"strings"
	"testing"
)

// freshAfter renders src with data, applies each patch in turn with
// setData (patch keys as setData keys; a key "=" replaces data wholesale
// is not supported), and checks after each step that the updated tree
// equals a fresh render of the same data.
func freshAfter(t *testing.T, src string, data map[string]any, patches ...map[string]any) *Tree {
	t.Helper()
	tr := renderOne(t, src, data)
	for i, p := range patches {
		setData(t, tr, data, p)
		want := snap(renderOne(t, src, data))
		if got := snap(tr); got != want {
			t.Fatalf("after patch %d %v:\n%s\nfresh render:\n%s", i, p, got, want)
		}
	}
	return tr
}

func items(ids ...float64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"id": id}
	}
	return out
}

func TestListReadsInsideItemsFollowTheList(t *testing.T) {
	t.Parallel()
	const keyed = `<view wx:for="{{list}}" wx:key="id">{{item.id}} {{index === list.length - 1 ? 'last' : ''}}</view>`
	const unkeyed = `<view wx:for="{{list}}">{{item.id}}/{{list.length}}/{{list[0].id}}</view>`
	tests := []struct {
		name    string
		src     string
		patches []map[string]any
	}{
		{"keyed append by index", keyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}}},
		{"keyed list replaced longer", keyed, []map[string]any{{"list": items(0, 1, 2)}}},
		{"keyed list replaced shorter", keyed, []map[string]any{{"list": items(0)}}},
		{"unkeyed append by index", unkeyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}}},
		{"unkeyed list replaced", unkeyed, []map[string]any{{"list": items(0, 1, 2)}}},
		{"unkeyed first changes with growth", unkeyed, []map[string]any{{"list": items(5, 1, 2)}}},
		{"two steps", keyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}, {"list": items(0, 1, 2, 3)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			freshAfter(t, tt.src, map[string]any{"list": items(0, 1)}, tt.patches...)
		})
	}
}

func TestLengthFollowsDeepAppend(t *testing.T) {
	t.Parallel()
	const src = `<view class="n">{{list.length}}</view><view wx:for="{{list}}">{{item.name}}</view>`
	one := func() []any { return []any{map[string]any{"name": "a"}} }
	tests := []struct {
		name    string
		patches []map[string]any
	}{
		{"field of a new element", []map[string]any{{"list[1].name": "b"}}},
		{"deeper field of a new element", []map[string]any{{"list[2].x.y": "c"}}},
		{"field of an existing element", []map[string]any{{"list[0].name": "z"}}},
		{"two appends", []map[string]any{{"list[1].name": "b"}, {"list[2].name": "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			freshAfter(t, src, map[string]any{"list": one()}, tt.patches...)
		})
	}
}

// virtComp is a fakeComp with options.virtualHost.
type virtComp struct{ *fakeComp }

func (virtComp) VirtualHost() bool { return true }

// virtHost makes the components at the paths in virt virtual hosts.
type virtHost struct {
	*fakeHost
	virt  map[string]bool
	comps []Component
}

func (h *virtHost) CreateComponent(path string, n *Node, attrs map[string]any) (Component, error) {
	c, err := h.fakeHost.CreateComponent(path, n, attrs)
	if err != nil {
		return nil, err
	}
	if h.virt[path] {
		c = &virtComp{c.(*fakeComp)}
	}
	h.comps = append(h.comps, c)
	return c, nil
}

func renderVirtual(t *testing.T, files map[string]string, data map[string]any) (*Tree, *virtHost) {
	t.Helper()
	fh, tpls := newFakeHost(files)
	h := &virtHost{fakeHost: fh, virt: map[string]bool{"components/badge/badge": true, "components/card/card": true}}
	tpl, err := tpls.Load("main.wxml")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Render(tpl, data, h)
	if err != nil {
		t.Fatal(err)
	}
	return tr, h
}

func TestVirtualHostUpdates(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<view class="wrap"><badge id="v" class="vb" count="{{n}}"/></view><card title="{{n}}"><badge id="s" count="{{n}}"/></card>`,
		"components/badge/badge.wxml": `<text wx:if="{{count>0}}" class="c">{{count}}</text><text class="x">x</text>`,
		"components/card/card.wxml":   `<view class="t">{{title}}</view><slot/>`,
	}
	data := map[string]any{"n": 0.0}
	tr, h := renderVirtual(t, files, data)
	fresh := func() string {
		t.Helper()
		tr2, _ := renderVirtual(t, files, data)
		return snap(tr2)
	}
	if got, want := snap(tr), fresh(); got != want {
		t.Fatalf("render:\n%s\nwant:\n%s", got, want)
	}
	// Through the page's setData.
	setData(t, tr, data, map[string]any{"n": 3.0})
	if got, want := snap(tr), fresh(); got != want || !strings.Contains(got, `"3"`) {
		t.Fatalf("after n=3:\n%s\nfresh render:\n%s", got, want)
	}
	setData(t, tr, data, map[string]any{"n": 0.0})
	if got, want := snap(tr), fresh(); got != want {
		t.Fatalf("after n=0:\n%s\nfresh render:\n%s", got, want)
	}
	// Through the component's own setData.
	for _, c := range h.comps {
		vc, ok := c.(*virtComp)
		if !ok || vc.path != "components/badge/badge" {
			continue
		}
		vc.data["count"] = 5.0
		if err := tr.UpdateComponent(vc, []string{"count"}); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := tr.Root.TextContent(), "5x05x"; got != want {
		t.Fatalf("after UpdateComponent: text %q, want %q\n%s", got, want, snap(tr))
	}
	// Select finds virtual hosts by id and class at their logical place,
	// and Components lists them.
	for sel, want := range map[string]string{
		"#v":                "badge#v.vb",
		".wrap > #v":        "badge#v.vb",
		".vb":               "badge#v.vb",
		"card #s":           "badge#s",
		"badge":             "badge#v.vb badge#s",
		"#v >>> .c":         "text.c",
		"#s >>> .c":         "text.c",
		"card > badge":      "badge#s",
		".wrap >>> text":    "text.c text.x",
		"#v, .t, #s":        "badge#v.vb badge#s",
		"card >>> .t, #v":   "badge#v.vb view.t",
		"card >>> badge .x": "",
	} {
		if got := describe(mustSelect(t, tr, sel)); got != want {
			t.Errorf("Select(%q) = %q, want %q", sel, got, want)
		}
	}
	var tags []string
	for _, c := range tr.Components() {
		tags = append(tags, tr.ComponentNode(c).Tag)
	}
	if got := strings.Join(tags, " "); got != "badge card badge" {
		t.Errorf("Components() = %q", got)
	}
	s := mustSelect(t, tr, "#s")[0]
	if lp := mustSelect(t, tr, "card")[0]; s.LogicalParent() != lp {
		t.Errorf("LogicalParent of a component slotted into a virtual host = %s", nodeName(s.LogicalParent()))
	}
}

func TestVirtualHostsInListsAndConditions(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<view><block wx:for="{{list}}" wx:key="*this"><badge class="b{{item}}" count="{{item}}"/></block><card wx:if="{{show}}" title="t"><badge count="{{n}}"/></card></view>`,
		"components/badge/badge.wxml": `<text wx:if="{{count>1}}">{{count}}</text><text>;</text>`,
		"components/card/card.wxml":   `<slot/><view wx:if="{{title}}">{{title}}</view>`,
	}
	tests := []struct {
		name    string
		patches []map[string]any
	}{
		{"reorder", []map[string]any{{"list": []any{3.0, 1.0, 2.0}}}},
		{"grow and shrink", []map[string]any{{"list": []any{1.0, 2.0, 3.0, 4.0}}, {"list": []any{4.0}}}},
		{"condition off and on", []map[string]any{{"show": false}, {"show": true, "n": 9.0}}},
		{"slotted virtual in virtual", []map[string]any{{"n": 0.0}, {"n": 7.0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := map[string]any{"list": []any{1.0, 2.0, 3.0}, "show": true, "n": 5.0}
			tr, _ := renderVirtual(t, files, data)
			for i, p := range tt.patches {
				setData(t, tr, data, p)
				fresh, _ := renderVirtual(t, files, data)
				if got, want := snap(tr), snap(fresh); got != want {
					t.Fatalf("after patch %d:\n%s\nfresh render:\n%s", i, got, want)
				}
				if got, want := describe(mustSelect(t, tr, "badge")), describe(mustSelect(t, fresh, "badge")); got != want {
					t.Fatalf("Select(badge) = %q, fresh %q", got, want)
				}
			}
		})
	}
}

// classComp is a fakeComp with externalClasses ["my-class"].
type classComp struct {
	*fakeComp
	attrs map[string]any
}

func (c *classComp) SetProperties(a map[string]any) {
	c.attrs = a
	c.fakeComp.SetProperties(a)
}

func (c *classComp) MapClass(token string) []string {
	if token == "my-class" {
		return strings.Fields(displayString(c.attrs["my-class"]))
	}
	return []string{token}
}

type classHost struct{ *fakeHost }

func (h classHost) CreateComponent(path string, n *Node, attrs map[string]any) (Component, error) {
	c, err := h.fakeHost.CreateComponent(path, n, attrs)
	if err != nil {
		return nil, err
	}
	return &classComp{fakeComp: c.(*fakeComp), attrs: attrs}, nil
}

func TestExternalClassesFollowTheAttribute(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<badge my-class="{{cls}}" count="{{n}}"/>`,
		"components/badge/badge.wxml": `<view class="base my-class"><text class="my-class {{count > 1 ? 'many' : ''}}">{{count}}</text><block wx:for="{{[1, 2]}}"><view class="my-class i{{item}}"/></block></view>`,
	}
	render := func(data map[string]any) *Tree {
		t.Helper()
		fh, tpls := newFakeHost(files)
		tpl, err := tpls.Load("main.wxml")
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Render(tpl, data, classHost{fh})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	tests := []struct {
		name    string
		patches []map[string]any
	}{
		{"class only", []map[string]any{{"cls": "blue"}}},
		{"class and count", []map[string]any{{"cls": "blue big", "n": 2.0}}},
		{"count only", []map[string]any{{"n": 3.0}}},
		{"twice", []map[string]any{{"cls": "blue"}, {"cls": ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := map[string]any{"cls": "red", "n": 1.0}
			tr := render(data)
			for i, p := range tt.patches {
				setData(t, tr, data, p)
				if got, want := snap(tr), snap(render(data)); got != want {
					t.Fatalf("after patch %d:\n%s\nfresh render:\n%s", i, got, want)
				}
			}
		})
	}
}

func TestComponentSeesInPlaceChangeOnFullUpdate(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<badge count="{{o}}"/><view wx:for="{{list}}" wx:key="id"><badge count="{{item}}"/></view>`,
		"components/badge/badge.wxml": `<text>{{count.n}};</text>`,
	}
	host, tpls := newFakeHost(files)
	tpl, err := tpls.Load("main.wxml")
	if err != nil {
		t.Fatal(err)
	}
	o := map[string]any{"n": 1.0}
	list := []any{map[string]any{"id": 1.0, "n": 1.0}}
	data := map[string]any{"o": o, "list": list}
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	// The page mutates the objects in place and re-renders everything.
	o["n"] = 2.0
	list[0].(map[string]any)["n"] = 3.0
	if err := tr.Update(data, nil); err != nil {
		t.Fatal(err)
	}
	if got := tr.Root.TextContent(); got != "2;3;" {
		t.Fatalf("text = %q, want %q", got, "2;3;")
	}
}

func TestItemsReadingOtherItems(t *testing.T) {
	t.Parallel()
	const body = `{{item.id}}/{{list[0].id}}/{{index > 0 ? list[index - 1].id : '-'}}</view>`
	const keyed = `<view wx:for="{{list}}" wx:key="id">` + body
	const unkeyed = `<view wx:for="{{list}}">` + body
	tests := []struct {
		name    string
		patches []map[string]any
	}{
		{"first item field", []map[string]any{{"list[0].id": 7.0}}},
		{"middle item field", []map[string]any{{"list[1].id": 8.0}}},
		{"first item replaced", []map[string]any{{"list[0]": map[string]any{"id": 9.0}}}},
		{"field and append", []map[string]any{{"list[0].id": 7.0, "list[3]": map[string]any{"id": 3.0}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			freshAfter(t, keyed, map[string]any{"list": items(0, 1, 2)}, tt.patches...)
			freshAfter(t, unkeyed, map[string]any{"list": items(0, 1, 2)}, tt.patches...)
		})
	}
}

func TestReplacedListEvaluatesLittle(t *testing.T) {
	t.Parallel()
	data := map[string]any{"title": "Shop", "list": makeList(100), "selected": -1.0}
	tr := renderOne(t, listPage, data)
	tests := []struct {
		name     string
		list     []any
		maxEvals int64
	}{
		{"equal copy", makeList(100), 2},       // the list and the header's length
		{"one more", makeList(101), 2 + 5},     // plus the new item's bindings
		{"one fewer", makeList(100), 2 + 5},    // the item comes back
		{"equal copy again", makeList(100), 2}, // nothing else
		{"shorter", makeList(50), 2},           // items removed, none re-evaluated
		{"equal copy of the shorter", makeList(50), 2},
	}
	for _, tc := range tests {
		before := tr.Stats().Evaluations
		setData(t, tr, data, map[string]any{"list": tc.list})
		if evals := tr.Stats().Evaluations - before; evals > tc.maxEvals {
			t.Errorf("%s: %d evaluations, want ≤ %d", tc.name, evals, tc.maxEvals)
		}
		fresh := renderOne(t, listPage, data)
		if got, want := snap(tr), snap(fresh); got != want {
			t.Fatalf("%s: tree differs from a fresh render", tc.name)
		}
	}
}
