package view

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRenderControlFlow(t *testing.T) {
	t.Parallel()
	items := []any{
		map[string]any{"id": 1.0, "name": "tea"},
		map[string]any{"id": 2.0, "name": "milk"},
	}
	tests := []struct {
		name string
		src  string
		data map[string]any
		want string
	}{
		{"if true", `<view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>none</view>`,
			map[string]any{"n": 5.0}, `<view>
  "big"`},
		{"elif", `<view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>none</view>`,
			map[string]any{"n": 1.0}, `<view>
  "one"`},
		{"else", `<view wx:if="{{n > 1}}">big</view>
<!-- comment between -->
<view wx:elif="{{n == 1}}">one</view>
<view wx:else>none</view>`,
			map[string]any{"n": 0.0}, `<view>
  "none"`},
		{"no branch", `<view wx:if="{{missing}}">x</view>`, nil, ``},
		{"static false string is truthy", `<view wx:if="false">shown</view>`, nil, `<view>
  "shown"`},
		{"for array", `<text wx:for="{{items}}" wx:key="id" data-id="{{item.id}}">{{index}}:{{item.name}}</text>`,
			map[string]any{"items": items}, `<text data-id=1>
  "0:tea"
<text data-id=2>
  "1:milk"`},
		{"for names", `<text wx:for="{{items}}" wx:for-item="it" wx:for-index="i">{{i}}={{it.name}}</text>`,
			map[string]any{"items": items}, `<text>
  "0=tea"
<text>
  "1=milk"`},
		{"for object", `<text wx:for="{{obj}}">{{index}}-{{item}}</text>`,
			map[string]any{"obj": map[string]any{"b": 2.0, "a": 1.0}}, `<text>
  "a-1"
<text>
  "b-2"`},
		{"for number", `<text wx:for="{{3}}">{{item}}</text>`, nil, `<text>
  "0"
<text>
  "1"
<text>
  "2"`},
		{"for string", `<text wx:for="ab">{{item}}</text>`, nil, `<text>
  "a"
<text>
  "b"`},
		{"for with if", `<text wx:for="{{[1,2,3,4]}}" wx:if="{{item % 2 == 0}}">{{item}}</text>`, nil, `<text>
  "2"
<text>
  "4"`},
		{"nested for", `<view wx:for="{{rows}}" wx:for-item="row"><text wx:for="{{row}}">{{item}}</text></view>`,
			map[string]any{"rows": []any{[]any{"a", "b"}, []any{"c"}}}, `<view>
  <text>
    "a"
  <text>
    "b"
<view>
  <text>
    "c"`},
		{"block", `<block wx:if="{{true}}"><text>a</text><text>b</text></block>`, nil, `<text>
  "a"
<text>
  "b"`},
		{"block for", `<block wx:for="{{[1,2]}}"><text>{{item}}</text>,</block>`, nil, `<text>
  "1"
","
<text>
  "2"
","`},
		{"for null", `<text wx:for="{{nothing}}">x</text>`, nil, ``},
		{"space after braces makes a string", `<text wx:for="{{[1,2]}} ">{{item}}</text>`, nil, `<text>
  "1"
<text>
  ","
<text>
  "2"
<text>
  " "`},
		{"keyword keys and spread order", `<template name="t"><text>{{bar}} {{a}} {{b}} {{c}}</text></template>
<template is="t" data="{{for: a, bar: b, ...obj1, ...obj2, a, c: 6}}"/>`,
			map[string]any{"a": 5.0, "b": 2.0, "obj1": map[string]any{"a": 1.0, "b": 2.0}, "obj2": map[string]any{"b": 3.0, "c": 4.0}}, `<text>
  "2 5 3 6"`},
		{"arithmetic in text", `<view> {{a + b}} + {{c}} + d </view>`, map[string]any{"a": 1.0, "b": 2.0, "c": 3.0}, `<view>
  "3 + 3 + d"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tr := renderOne(t, tc.src, tc.data)
			if got := snap(tr); got != trimLines(tc.want) {
				t.Fatalf("snapshot:\n%s\nwant:\n%s", got, trimLines(tc.want))
			}
		})
	}
}

func TestRenderAttributes(t *testing.T) {
	t.Parallel()
	src := `<view id="item-{{id}}" class="a {{on ? 'on' : ''}} b" hidden="{{!show}}"
  data-item-id="{{id}}" data-itemName="x" mark:pos="{{2}}" style="color: red"
  bindtap="onTap" bind:longpress="onLong" catchtouchmove="stop" catch:input="in"
  mut-bind:tap="m" capture-bind:tap="c1" capture-catch:tap="c2" capture-bindtouchstart="c3"
  value="{{obj}}" count="{{id}}" flag="{{on}}" plain="{{id}} items" disabled handler-name="{{h}}"></view>
<text>  keep   spaces </text>
<view>
   trimmed text
</view>`
	tr := renderOne(t, src, map[string]any{"id": 7.0, "on": true, "show": false, "obj": map[string]any{"k": "v"}, "h": "dyn"})
	n := tr.Root.Children[0]
	if n.ID != "item-7" {
		t.Errorf("ID = %q", n.ID)
	}
	if !reflect.DeepEqual(n.Class, []string{"a", "on", "b"}) {
		t.Errorf("Class = %q", n.Class)
	}
	if !n.Hidden || n.Attrs["hidden"] != true {
		t.Errorf("Hidden = %v, attr %v", n.Hidden, n.Attrs["hidden"])
	}
	if !reflect.DeepEqual(n.Dataset, map[string]any{"itemId": 7.0, "itemname": "x"}) {
		t.Errorf("Dataset = %v", n.Dataset)
	}
	if !reflect.DeepEqual(n.Marks, map[string]any{"pos": 2.0}) {
		t.Errorf("Marks = %v", n.Marks)
	}
	wantAttrs := map[string]any{"hidden": true, "style": "color: red", "value": map[string]any{"k": "v"},
		"count": 7.0, "flag": true, "plain": "7 items", "disabled": true, "handler-name": "dyn"}
	if !reflect.DeepEqual(n.Attrs, wantAttrs) {
		t.Errorf("Attrs = %#v\nwant %#v", n.Attrs, wantAttrs)
	}
	wantEvents := []Binding{
		{Event: "tap", Handler: "onTap"},
		{Event: "longpress", Handler: "onLong"},
		{Event: "touchmove", Handler: "stop", Catch: true},
		{Event: "input", Handler: "in", Catch: true},
		{Event: "tap", Handler: "m", Mutated: true},
		{Event: "tap", Handler: "c1", Capture: true},
		{Event: "tap", Handler: "c2", Capture: true, Catch: true},
		{Event: "touchstart", Handler: "c3", Capture: true},
	}
	if !reflect.DeepEqual(n.Events, wantEvents) {
		t.Errorf("Events = %+v\nwant %+v", n.Events, wantEvents)
	}
	if got := tr.Root.Children[1].Children[0].Text; got != "  keep   spaces " {
		t.Errorf("<text> content = %q", got)
	}
	if got := tr.Root.Children[2].Children[0].Text; got != "trimmed text" {
		t.Errorf("view text = %q", got)
	}
	if got := tr.Root.TextContent(); got != "  keep   spaces trimmed text" {
		t.Errorf("TextContent = %q (hidden subtree must be left out)", got)
	}
	if tr.Root.Children[0].Parent != tr.Root {
		t.Errorf("Parent not set")
	}
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml": `<import src="./lib/item"/>
<import src="/lib/card.wxml"/>
<template name="local"><text>local {{v}}</text></template>
<template is="item" data="{{...product, extra: 'x'}}"/>
<template is="{{kind}}" data="{{v: 1}}"/>
<template is="card" data="{{title}}"/>
<include src="inc/footer.wxml"/>`,
		"lib/item.wxml": `<import src="deep"/>
<template name="item"><view class="item">{{name}} {{price}} {{extra}} {{missingOuter}}<template is="deep"/></view></template>`,
		"lib/deep.wxml": `<template name="deep"><text>deep</text></template>`,
		"lib/card.wxml": `<template name="card"><view class="card">{{title}}</view></template>`,
		"inc/footer.wxml": `<template name="hidden-def"><text>never</text></template>
<view class="footer">{{footer}}</view><include src="../inc/line"/>`,
		"inc/line.wxml": `<text>line {{footer}}</text>`,
	}
	data := map[string]any{"product": map[string]any{"name": "tea", "price": 3.0}, "kind": "local",
		"title": "T", "footer": "F", "missingOuter": "leak"}
	tr := mustRender(t, files, data, nil)
	want := trimLines(`<view class="item">
  "tea 3 x "
  <text>
    "deep"
<text>
  "local 1"
<view class="card">
  "T"
<view class="footer">
  "F"
<text>
  "line F"`)
	if got := snap(tr); got != want {
		t.Fatalf("snapshot:\n%s\nwant:\n%s", got, want)
	}
	// Switch the template by name and update data.
	data["kind"] = "card"
	if err := tr.Update(data, []string{"kind"}); err != nil {
		t.Fatal(err)
	}
	if got := tr.Root.Children[1].Tag + "." + strings.Join(tr.Root.Children[1].Class, "."); got != "view.card" {
		t.Fatalf("after switching template: %s\n%s", got, snap(tr))
	}
	data["product"] = map[string]any{"name": "milk", "price": 4.0}
	if err := tr.Update(data, []string{"product"}); err != nil {
		t.Fatal(err)
	}
	if got := tr.Root.Children[0].Children[0].Text; got != "milk 4 x " {
		t.Fatalf("template data update: %q", got)
	}
}

func TestTemplateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		is    error
		frag  string
	}{
		{"import is not transitive", map[string]string{
			"main.wxml": `<import src="a"/><template is="b"/>`,
			"a.wxml":    `<import src="b"/><template name="a"><text/></template>`,
			"b.wxml":    `<template name="b"><text/></template>`,
		}, ErrUnknownTemplate, `main.wxml:1:18: template "b" is not defined or imported`},
		{"missing import", map[string]string{"main.wxml": "<view/>\n  <import src=\"nope\"/>"}, ErrNotFound, "main.wxml:2:3: import \"nope\""},
		{"missing include", map[string]string{"main.wxml": `<include src="../x"/>`}, ErrNotFound, "path outside the bundle"},
		{"include cycle", map[string]string{"main.wxml": `<include src="a"/>`, "a.wxml": `<include src="main"/>`}, ErrSyntax, "include cycle: main.wxml -> a.wxml -> main.wxml"},
		{"missing wxs", map[string]string{"main.wxml": `<wxs module="m" src="m.wxs"/>`}, ErrNotFound, `wxs "m.wxs"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := renderFiles(tc.files, nil, nil)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.frag) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.is, tc.frag)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string
	}{
		{"<view>\n  <text>hi</text>", "main.wxml:1:1: unclosed <view>"},
		{"<view>\n  <text>hi</view>", "main.wxml:2:11: expected </text> (for <text> at 2:3), found </view>"},
		{"</view>", "main.wxml:1:1: unexpected closing tag </view>"},
		{"<view a=\"1\" a=\"2\"/>", "main.wxml:1:13: duplicate attribute \"a\""},
		{"<view>{{ a + }}</view>", "main.wxml:1:14: unexpected end of expression in {{ a + }}"},
		{"<view\n   class=\"{{ a ? }}\"/>", "main.wxml:2:18: unexpected end of expression"},
		{"<view>{{ a </view>", "main.wxml:1:7: unclosed {{"},
		{"<view wx:else>x</view>", "main.wxml:1:1: wx:else without a preceding wx:if"},
		{"<view wx:if=\"{{a}}\"/><text>t</text><view wx:else/>", "wx:else without a preceding wx:if"},
		{"<view wx:foo=\"1\"/>", "main.wxml:1:7: unknown directive wx:foo"},
		{"<!-- x", "main.wxml:1:1: unclosed comment"},
		{"<wxs module=\"m\">\nvar a = ;\n</wxs>", "main.wxml:2:9: wxs: unexpected \";\""},
		{"<template name=\"a\"/><template name=\"a\"/>", "duplicate template name \"a\""},
		{"<template/>", "<template> needs a name or an is attribute"},
		{"<view \"x\"/>", "main.wxml:1:7: unexpected '\"' in tag <view>"},
		{"<template is=\"a\" data=\"{{ a: }}\"/>", "main.wxml:1:30: unexpected"},
		{"<view>é{{ ! }}</view>", "main.wxml:1:13: unexpected end"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			_, err := renderFiles(map[string]string{"main.wxml": tc.src}, nil, nil)
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrSyntax) {
				t.Fatalf("err = %v (%T), want a *ParseError matching ErrSyntax", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestTextDecode(t *testing.T) {
	t.Parallel()
	tr := renderOne(t, `<text decode>a&nbsp;&lt;b&gt;&amp;{{x}}</text><text>raw&lt;</text>`, map[string]any{"x": "&emsp;"})
	got := []string{tr.Root.Children[0].TextContent(), tr.Root.Children[1].TextContent()}
	want := []string{"a\u00a0<b>&\u2003", "raw&lt;"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("texts = %q, want %q", got, want)
	}
}
