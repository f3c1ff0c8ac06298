package view

import (
	"errors"
	"strings"
	"testing"
)

const wxsLib = `// formatting helpers
var PREFIX = "¥"
var calls = 0

function price(v) {
  calls++
  return PREFIX + (v / 100).toFixed(2)
}

function join(list, sep) {
  var out = []
  for (var i = 0; i < list.length; i++) {
    if (list[i] == null) continue
    out.push(list[i].name || list[i])
  }
  return out.join(sep)
}

function kinds(x) {
  return [typeof x, x.constructor].join('/')
}

module.exports = {
  price: price,
  join: join,
  kinds: kinds,
  count: function() { return calls },
  util: require('./util.wxs'),
}
`

const wxsUtil = `var re = getRegExp('(\\d+)-(\\d+)', 'g')
module.exports.swap = function(s) { return s.replace(re, '$2-$1') }
module.exports.upper = function(s) { return s.toUpperCase() }
`

func TestWXSModules(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml": `<wxs module="fmt" src="./lib/fmt.wxs"/>
<wxs module="m">
var obj = { a: 1, b: [1, 2, 3] }
function sum(arr) {
  var s = 0
  arr.forEach(function(x) { s += x })
  return s
}
function classify(n) {
  switch (true) {
  case n < 0: return "neg"
  case n === 0: return "zero"
  default: return "pos"
  }
}
function keys(o) {
  var out = []
  for (var k in o) { out.push(k) }
  return out.join(",")
}
function loop(n) {
  var i = 0, acc = ""
  while (i < n) { acc += i; i++ }
  do { acc += "!" } while (false)
  return acc
}
module.exports = {
  sum: sum, classify: classify, keys: keys, loop: loop, obj: obj,
  map: function(list) { return list.map(function(x) { return x * 2 }).filter(function(x) { return x > 2 }) },
  sort: function(list) { return list.sort(function(a, b) { return b - a }) },
  str: function(s) { return [s.indexOf('b'), s.substring(1, 3), s.slice(-2), s.split('-').length, s.replace('-', '+'), s.charAt(0), s.trim()].join('|') },
  math: function(x) { return [Math.max(1, x, 3), Math.floor(x / 2), Math.round(2.5), Math.abs(-x), parseInt('12px'), parseFloat('1.5e1x')].join(',') },
  json: function(o) { return JSON.stringify(o) },
  date: function() { var d = getDate(2024, 0, 31, 10, 5); return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()].join('-') },
  ms: function() { return getDate(86400000).getTime() },
  test: function(s) { return getRegExp('^a.c$', 'i').test(s) },
}
</wxs>
<text id="p">{{fmt.price(cents)}}</text>
<text id="j">{{fmt.join(items, ', ')}}</text>
<text id="k">{{fmt.kinds(items)}} {{fmt.kinds(cents)}} {{fmt.kinds('s')}}</text>
<text id="u">{{fmt.util.swap('1-2 and 3-4')}} {{fmt.util.upper('x')}}</text>
<text id="s">{{m.sum(nums)}} {{m.classify(-1)}} {{m.classify(0)}} {{m.classify(5)}} {{m.keys(m.obj)}} {{m.loop(3)}}</text>
<text id="map">{{m.map(nums)}} {{m.sort(nums)}} {{nums}}</text>
<text id="str">{{m.str(' ab-cd ')}}</text>
<text id="math">{{m.math(7)}}</text>
<text id="json">{{m.json({b: [1, 'x', null], a: true})}}</text>
<text id="date">{{m.date()}} {{m.ms()}}</text>
<text id="re">{{m.test('ABC')}} {{m.test('abcd')}}</text>`,
		"lib/fmt.wxs":  wxsLib,
		"lib/util.wxs": wxsUtil,
	}
	data := map[string]any{
		"cents": 1999.0,
		"items": []any{map[string]any{"name": "tea"}, nil, "milk"},
		"nums":  []any{1.0, 2.0, 3.0},
	}
	tr := mustRender(t, files, data, nil)
	want := map[string]string{
		"p":    "¥19.99",
		"j":    "tea, milk",
		"k":    "object/Array number/Number string/String",
		"u":    "2-1 and 4-3 X",
		"s":    "6 neg zero pos a,b 012!",
		"map":  "4,6 3,2,1 1,2,3",
		"str":  "2|ab|d |2| ab+cd | |ab-cd",
		"math": "7,3,3,7,12,15",
		"json": `{"a":true,"b":[1,"x",null]}`,
		"date": "2024-1-31-10-5 86400000",
		"re":   "true false",
	}
	for id, w := range want {
		ns := mustSelect(t, tr, "#"+id)
		if len(ns) != 1 {
			t.Fatalf("#%s: %d nodes", id, len(ns))
		}
		if got := ns[0].TextContent(); got != w {
			t.Errorf("#%s = %q, want %q", id, got, w)
		}
	}
}

func TestWXSErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		is    error
		frag  string
	}{
		{"runtime error in wxs file", map[string]string{
			"main.wxml": `<wxs module="m" src="m.wxs"/><text>{{m.f(1)}}</text>`,
			"m.wxs":     "module.exports.f = function(x) {\n  return x.a.b\n}",
		}, ErrEval, `m.wxs:2:13: cannot read property "b" of undefined`},
		{"not a function", map[string]string{
			"main.wxml": "<wxs module=\"m\">module.exports = {}</wxs>\n<text>{{m.nope(1)}}</text>",
		}, ErrEval, `main.wxml:2:9: m.nope is not a function`},
		{"undefined name", map[string]string{
			"main.wxml": "<wxs module=\"m\">\nvar x = y + 1\n</wxs>",
		}, ErrEval, `main.wxml:2:9: y is not defined`},
		{"throw", map[string]string{
			"main.wxml": "<wxs module=\"m\">module.exports.f = function() { throw 'bad input' }</wxs><text>{{m.f()}}</text>",
		}, ErrEval, `wxs: uncaught bad input`},
		{"endless loop", map[string]string{
			"main.wxml": "<wxs module=\"m\">module.exports.f = function() { while (true) {} }</wxs><text>{{m.f()}}</text>",
		}, ErrEval, `step limit`},
		{"recursion", map[string]string{
			"main.wxml": "<wxs module=\"m\">function f(n) { return f(n + 1) }\nmodule.exports.f = f</wxs><text>{{m.f(0)}}</text>",
		}, ErrEval, `maximum call depth`},
		{"syntax error in wxs file", map[string]string{
			"main.wxml": `<wxs module="m" src="m.wxs"/>`,
			"m.wxs":     "var a = 1\nvar = 2",
		}, ErrSyntax, `m.wxs:2:5: wxs: expected a variable name`},
		{"require cycle", map[string]string{
			"main.wxml": `<wxs module="m" src="a.wxs"/>`,
			"a.wxs":     "require('./b.wxs')",
			"b.wxs":     "require('./a.wxs')",
		}, ErrSyntax, `require cycle`},
		{"require missing", map[string]string{
			"main.wxml": `<wxs module="m" src="a.wxs"/>`,
			"a.wxs":     "\n  var x = require('./nope.wxs')",
		}, ErrNotFound, `a.wxs:2:18: require "./nope.wxs"`},
		{"unsupported statement", map[string]string{
			"main.wxml": "<wxs module=\"m\">try { } catch (e) {}</wxs>",
		}, ErrSyntax, `"try" is not supported in WXS`},
		{"bad regexp", map[string]string{
			"main.wxml": "<wxs module=\"m\">\nvar r = getRegExp('(?<=a)b')</wxs>",
		}, ErrEval, `main.wxml:2:9: getRegExp: unsupported pattern`},
		{"mutating page data", map[string]string{
			"main.wxml": "<text>{{list.push(1)}}</text>",
		}, ErrEval, `array.push would modify page data`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := renderFiles(tc.files, map[string]any{"list": []any{}}, nil)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.frag) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.is, tc.frag)
			}
		})
	}
}

func TestWXSStatePerTree(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.wxml": `<wxs module="c">var n = 0; module.exports.next = function() { n++; return n }</wxs><text>{{c.next()}}</text>`,
	}
	for i := 0; i < 2; i++ {
		tr := mustRender(t, files, nil, nil)
		if got := tr.Root.TextContent(); got != "1" {
			t.Fatalf("render %d: %q (module state must not leak between trees)", i, got)
		}
	}
}

func TestWXSCyclicValues(t *testing.T) {
	t.Parallel()
	files := map[string]string{"main.wxml": `<wxs module="m">
var a = [1]
a.push(a, a)
var o = { n: 1 }
o.self = o
module.exports = { a: a, o: o, s: function() { return "" + a }, j: function() { return JSON.stringify(o) } }
</wxs>
<view id="v" data-a="{{m.a}}" data-o="{{m.o}}">{{m.s().length > 0}}</view>`}
	tr := mustRender(t, files, nil, nil)
	if got := tr.Root.TextContent(); got != "true" {
		t.Fatalf("text = %q", got)
	}
	_ = tr.Snapshot() // must not hang or overflow the stack
	files["main.wxml"] += "<text>{{m.j()}}</text>"
	if _, err := renderFiles(files, nil, nil); !errors.Is(err, ErrEval) || !strings.Contains(err.Error(), "cyclic") {
		t.Fatalf("JSON.stringify of a cyclic object: err = %v, want a cyclic EvalError", err)
	}
}
