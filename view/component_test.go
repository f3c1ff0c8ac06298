package view

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeHost implements components as templates plus data: properties named
// in props are copied from the element's attributes (camelCased).
type fakeHost struct {
	tpls    *Templates
	using   map[string]string   // tag → component path
	props   map[string][]string // component path → declared properties
	data    map[string]map[string]any
	created []*fakeComp
	order   []string // components in the order Attached was called
}

type fakeComp struct {
	host     *fakeHost
	path     string
	tpl      *Template
	data     map[string]any
	node     *Node
	setCalls int
	detached bool
	attached int  // Attached calls
	inTree   bool // Node.Parent was set when Attached ran
}

func (c *fakeComp) Attached() {
	c.attached++
	c.inTree = c.node.Parent != nil
	c.host.order = append(c.host.order, c.path)
}

func (c *fakeComp) Template() *Template  { return c.tpl }
func (c *fakeComp) Data() map[string]any { return c.data }
func (c *fakeComp) Detach()              { c.detached = true }
func (c *fakeComp) SetProperties(a map[string]any) {
	c.setCalls++
	c.apply(a)
}

func (c *fakeComp) apply(a map[string]any) {
	for k, v := range a {
		for _, p := range c.host.props[c.path] {
			if CamelCase(k) == p {
				c.data[p] = v
			}
		}
	}
}

func (h *fakeHost) ResolveComponent(owner, tag string) (string, bool) {
	p, ok := h.using[tag]
	return p, ok
}

func (h *fakeHost) CreateComponent(path string, n *Node, attrs map[string]any) (Component, error) {
	if path == "components/broken/broken" {
		return nil, errors.New("boom")
	}
	tpl, err := h.tpls.Load(path + ".wxml")
	if err != nil {
		return nil, err
	}
	c := &fakeComp{host: h, path: path, tpl: tpl, data: map[string]any{}, node: n}
	for k, v := range h.data[path] {
		c.data[k] = v
	}
	c.apply(attrs)
	h.created = append(h.created, c)
	return c, nil
}

func newFakeHost(files map[string]string) (*fakeHost, *Templates) {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	tpls := NewTemplates(fsys)
	return &fakeHost{tpls: tpls, using: map[string]string{
		"card":   "components/card/card",
		"badge":  "components/badge/badge",
		"broken": "components/broken/broken",
	}, props: map[string][]string{
		"components/card/card":   {"title"},
		"components/badge/badge": {"count", "maxCount"},
	}, data: map[string]map[string]any{
		"components/badge/badge": {"count": 0.0, "maxCount": 99.0},
	}}, tpls
}

var componentFiles = map[string]string{
	"main.wxml": `<card id="c1" title="{{title}}" class="box">
  <text slot="header" class="h">head {{title}}</text>
  <view class="body" wx:if="{{showBody}}">body</view>
  <badge id="b" count="{{n}}" max-count="5" bind:overflow="onOverflow"/>
</card>`,
	"components/card/card.wxml": `<view class="card">
  <view class="header"><slot name="header"/></view>
  <view class="title">{{title}}</view>
  <slot/>
</view>`,
	"components/badge/badge.wxml": `<wxs module="f">module.exports = { cap: function(n, m) { return n > m ? m + '+' : '' + n } }</wxs>
<text class="count">{{f.cap(count, maxCount)}}</text>`,
}

func TestComponentsAndSlots(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(componentFiles)
	tpl, err := tpls.Load("main.wxml")
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"title": "Hi", "showBody": true, "n": 3.0}
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	want := trimLines(`<card id="c1" class="box" title="Hi">
  <view class="card">
    <view class="header">
      <text class="h" slot="header">
        "head Hi"
    <view class="title">
      "Hi"
    <view class="body">
      "body"
    <badge id="b" count=3 max-count="5" bind:overflow="onOverflow">
      <text class="count">
        "3"`)
	if got := snap(tr); got != want {
		t.Fatalf("snapshot:\n%s\nwant:\n%s", got, want)
	}
	if len(host.created) != 2 {
		t.Fatalf("created %d components", len(host.created))
	}
	card, badge := host.created[0], host.created[1]
	if badge.data["count"] != 3.0 || badge.data["maxCount"] != "5" {
		t.Fatalf("badge data = %v", badge.data)
	}
	cardNode := tr.Root.Children[0]
	if cardNode.Component != card || cardNode.Owner != nil {
		t.Fatalf("card node Component/Owner wrong")
	}
	shadowTop := cardNode.Children[0]
	if shadowTop.Owner != card || shadowTop.Parent != cardNode {
		t.Fatalf("shadow node Owner/Parent wrong")
	}
	head := shadowTop.Children[0].Children[0]
	if head.Owner != nil || head.Parent != shadowTop.Children[0] {
		t.Fatalf("slotted node must keep the page as Owner and sit in the slot's parent")
	}

	// Property change flows through SetProperties into the shadow tree.
	data["n"] = 7.0
	if err := tr.Update(data, []string{"n"}); err != nil {
		t.Fatal(err)
	}
	if badge.setCalls != 1 {
		t.Fatalf("SetProperties calls = %d", badge.setCalls)
	}
	if got := mustSelect(t, tr, "#b >>> .count")[0].TextContent(); got != "5+" {
		t.Fatalf("badge text = %q", got)
	}
	// Light DOM shape change re-lays out the slot.
	data["showBody"] = false
	if err := tr.Update(data, []string{"showBody"}); err != nil {
		t.Fatal(err)
	}
	if got := len(mustSelect(t, tr, ".body")); got != 0 {
		t.Fatalf(".body still present after wx:if went false")
	}
	if got := len(shadowTop.Children); got != 3 {
		t.Fatalf("card shadow children = %d, want 3 (header, title, badge)", got)
	}
	// The component's own setData.
	badge.data["maxCount"] = 100.0
	if err := tr.UpdateComponent(badge, []string{"maxCount"}); err != nil {
		t.Fatal(err)
	}
	if got := mustSelect(t, tr, "#b >>> .count")[0].TextContent(); got != "7" {
		t.Fatalf("badge text after UpdateComponent = %q", got)
	}
	// Removing the card detaches both components.
	data["title"] = "x"
	if err := tr.UpdateComponent(&fakeComp{}, nil); !errors.Is(err, ErrUnknownComponent) {
		t.Fatalf("UpdateComponent(unknown) = %v", err)
	}
}

func TestComponentDetach(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<badge wx:for="{{list}}" wx:key="*this" count="{{item}}"/>`,
		"components/badge/badge.wxml": `<text>{{count}}</text>`,
	}
	host, tpls := newFakeHost(files)
	tpl, err := tpls.Load("main")
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"list": []any{1.0, 2.0, 3.0}}
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	data["list"] = []any{3.0, 1.0}
	if err := tr.Update(data, []string{"list"}); err != nil {
		t.Fatal(err)
	}
	if got := tr.Root.TextContent(); got != "31" {
		t.Fatalf("text = %q", got)
	}
	var detached []float64
	for _, c := range host.created {
		if c.detached {
			detached = append(detached, c.data["count"].(float64))
		}
	}
	if !reflect.DeepEqual(detached, []float64{2}) || len(host.created) != 3 {
		t.Fatalf("detached %v of %d created; want only the 2 (keyed items reused)", detached, len(host.created))
	}
	if tr.Root.Children[0].Component != host.created[2] {
		t.Fatalf("keyed reorder did not reuse the component of item 3")
	}
}

func TestComponentCreateError(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(map[string]string{"main.wxml": "<view>\n  <broken/>\n</view>"})
	tpl, err := tpls.Load("main")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Render(tpl, nil, host)
	if err == nil || !strings.Contains(err.Error(), "main.wxml:2:3: <broken>: creating component components/broken/broken: boom") {
		t.Fatalf("err = %v", err)
	}
}

func TestSelectInComponent(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(componentFiles)
	tpl, _ := tpls.Load("main.wxml")
	tr, err := Render(tpl, map[string]any{"title": "Hi", "showBody": true, "n": 3.0}, host)
	if err != nil {
		t.Fatal(err)
	}
	card := host.created[0]
	tests := []struct {
		sel  string
		want string
	}{
		{".title", "view.title"},
		{".card > .title", "view.title"},
		{".h", ""}, // slotted content belongs to the page
		{"#b", ""}, // the badge is the page's (light DOM), not the card's
		{".count", ""},
		{".card >>> .count", "text.count"}, // >>> follows the composed tree
		{"view", "view.card view.header view.title"},
	}
	for _, tc := range tests {
		got, err := tr.SelectIn(card, tc.sel)
		if err != nil {
			t.Fatalf("SelectIn(%q): %v", tc.sel, err)
		}
		if d := describe(got); d != tc.want {
			t.Errorf("SelectIn(%q) = %q, want %q", tc.sel, d, tc.want)
		}
	}
	if got, _ := tr.SelectIn(host.created[1], ".count"); describe(got) != "text.count" {
		t.Errorf("SelectIn(badge, .count) = %q", describe(got))
	}
	if _, err := tr.SelectIn(&fakeComp{}, ".x"); !errors.Is(err, ErrUnknownComponent) {
		t.Errorf("SelectIn(unknown) err = %v", err)
	}
	// The page sees its own nodes, slotted ones included.
	pageTests := []struct {
		sel  string
		want string
	}{
		{".h", "text.h"},
		{"card .h", "text.h"},
		{"card > .h", "text.h"},
		{"card > #b", "badge#b"},
		{".title", ""},
		{"card >>> .title", "view.title"},
		{".box >>> text", "text.h text.count"},
	}
	for _, tc := range pageTests {
		if d := describe(mustSelect(t, tr, tc.sel)); d != tc.want {
			t.Errorf("Select(%q) = %q, want %q", tc.sel, d, tc.want)
		}
	}
}

func TestCloseAndComponentNode(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(componentFiles)
	tpl, _ := tpls.Load("main.wxml")
	tr, err := Render(tpl, map[string]any{"title": "Hi", "n": 1.0}, host)
	if err != nil {
		t.Fatal(err)
	}
	card, badge := host.created[0], host.created[1]
	if got := tr.Components(); len(got) != 2 || got[0] != card || got[1] != badge {
		t.Fatalf("Components() = %v", got)
	}
	if n := tr.ComponentNode(badge); n == nil || n.ID != "b" || n.Component != badge {
		t.Fatalf("ComponentNode(badge) = %+v", n)
	}
	tr.Close()
	if !card.detached || !badge.detached {
		t.Fatalf("Close did not detach: card %v badge %v", card.detached, badge.detached)
	}
	if tr.ComponentNode(card) != nil || len(tr.Root.Children) != 0 {
		t.Fatal("tree not emptied by Close")
	}
}

func TestAttached(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(componentFiles)
	tpl, _ := tpls.Load("main.wxml")
	data := map[string]any{"title": "Hi", "n": 1.0, "showBody": false}
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range host.created {
		if c.attached != 1 || !c.inTree {
			t.Fatalf("%s: attached %d times, in tree %v", c.path, c.attached, c.inTree)
		}
	}
	if got := strings.Join(host.order, ","); got != "components/card/card,components/badge/badge" {
		t.Fatalf("attach order = %s, want parents first", got)
	}
	if err := tr.Update(data, []string{"n"}); err != nil {
		t.Fatal(err)
	}
	if len(host.order) != 2 {
		t.Fatalf("Attached called again on update: %v", host.order)
	}
}

func TestComponentObjectPropertyChangedInPlace(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml":                   `<badge count="{{info}}" max-count="{{limit}}"/>`,
		"components/badge/badge.wxml": `<text>{{count.n}}/{{maxCount}}</text>`,
	}
	host, tpls := newFakeHost(files)
	tpl, _ := tpls.Load("main")
	data := map[string]any{"info": map[string]any{"n": 1.0}, "limit": 5.0}
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	setData(t, tr, data, map[string]any{"info.n": 2.0})
	if got := tr.Root.TextContent(); got != "2/5" {
		t.Fatalf("text = %q", got)
	}
	setData(t, tr, data, map[string]any{"limit": 5.0})
	if c := host.created[0]; c.setCalls != 1 {
		t.Fatalf("SetProperties called %d times; want 1 (an equal value is no change)", c.setCalls)
	}
}
