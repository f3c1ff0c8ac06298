package view

import (
	"testing"
	"testing/fstest"
)

func FuzzParseWXML(f *testing.F) {
	seeds := []string{
		listPage,
		componentFiles["main.wxml"],
		componentFiles["components/card/card.wxml"],
		`<view wx:if="{{a}}">x</view><view wx:elif="{{b}}"/><view wx:else>{{ {a: 1, ...b} }}</view>`,
		`<template name="t"><text>{{x}}</text></template><template is="t" data="{{...item, x: 1}}"/>`,
		`<wxs module="m">var a = [1,2]; module.exports = { f: function(x) { return x + a.length } }</wxs>{{m.f(1)}}`,
		`<text>  {{ "}}" }} </text><!-- c --><block wx:for="{{3}}" wx:key="*this">{{index}}</block>`,
		`<import src="a"/><include src="/b.wxml"/><slot name="x"/>`,
		"<view\n  class='{{a}}'\n  data-x-y=\"{{b['c']}}\"\n  bind:tap=\"t\">",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		pf, err := parseWXML("f.wxml", src)
		if err != nil {
			return
		}
		// What parses must render without panicking (errors are fine: a
		// bad WXS module, an unknown template...).
		fsys := fstest.MapFS{"f.wxml": {Data: []byte(src)}}
		tpl, err := NewTemplates(fsys).Load("f.wxml")
		if err != nil {
			return
		}
		_ = pf
		tr, err := Render(tpl, map[string]any{"a": 1.0, "b": map[string]any{"c": "d"}, "list": []any{1.0, "x"}}, nil)
		if err != nil {
			return
		}
		_ = tr.Snapshot()
		_, _ = tr.Select("view .a > text, #x")
		_ = tr.Update(map[string]any{"a": 2.0}, []string{"a", "list[1]"})
		_ = tr.Update(map[string]any{}, nil)
	})
}

func FuzzParseExpr(f *testing.F) {
	seeds := []string{
		"a.b[0]['c'] + 1", "x ? y : z", "!a && (b || c)", "{a: 1, ...b, 'c': [1, ...d]}",
		"typeof a === 'undefined'", "-a * +b % 3 >= 2 == true", "m.f(x, ...y)", "1e3 + .5 + 0x1f",
		"a ?? b", "'\\u00e9\\n' + \"q\"", "[]", "{}",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := parseExpr(src)
		if err != nil {
			return
		}
		// Round trip: the printed form parses to the same printed form.
		printed := formatExpr(x)
		y, err := parseExpr(printed)
		if err != nil {
			t.Fatalf("printed form of %q does not parse: %q: %v", src, printed, err)
		}
		if again := formatExpr(y); again != printed {
			t.Fatalf("round trip of %q: %q then %q", src, printed, again)
		}
		// Evaluation never panics.
		in := &interp{}
		_, _ = in.eval(x, &scope{root: true, data: map[string]any{"a": []any{1.0}, "b": "s"}, tracked: true})
	})
}

func FuzzParseWXS(f *testing.F) {
	seeds := []string{
		wxsLib, wxsUtil,
		"var a = [1, 2, 3]; a.push(4); module.exports = a.map(function(x) { return x * 2 }).join('-')",
		"function f(n) { if (n <= 1) return 1; return n * f(n - 1) }\nmodule.exports = f(10)",
		"var o = {}; for (var i = 0; i < 5; i++) { o['k' + i] = i } for (var k in o) { o[k]++ } module.exports = JSON.stringify(o)",
		"switch (1) { case 1: var x = 'one'; break; default: x = 'other' } module.exports = x",
		"var s = 'a,b'; module.exports = s.split(',').reverse().concat([typeof s, s.constructor])",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, err := parseProgram(src)
		if err != nil {
			return
		}
		// Running never panics; errors (including the step limit) are fine.
		tr := &Tree{modules: map[*wxsFile]any{}}
		exp, err := tr.module(&wxsFile{path: "f.wxs", prog: prog, src: &srcFile{path: "f.wxs", text: src, line: 1, col: 1}})
		if err == nil {
			_ = export(exp)
			_ = displayString(exp)
		}
	})
}
