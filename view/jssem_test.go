package view

import (
	"errors"
	"strings"
	"testing"
)

func TestJSNumberAndStringSemantics(t *testing.T) {
	t.Parallel()
	// The expected values are what V8 (Node.js) prints.
	tests := []struct{ expr, want string }{
		{`(2.5).toPrecision(1)`, "3"},
		{`(-2.5).toPrecision(1)`, "-3"},
		{`(1.25).toPrecision(2)`, "1.3"},
		{`(1.005).toPrecision(3)`, "1.00"}, // 1.005 is below 1.005 in binary
		{`(123.456).toPrecision(4)`, "123.5"},
		{`(0.000123).toPrecision(2)`, "0.00012"},
		{`(123456).toPrecision(2)`, "1.2e+5"},
		{`(99.99).toPrecision(3)`, "100"},
		{`(9.99).toPrecision(1)`, "1e+1"},
		{`(1e-7).toPrecision(1)`, "1e-7"},
		{`(0).toPrecision(3)`, "0.00"},
		{`(0.5).toString(2)`, "0.1"},
		{`(-0.5).toString(2)`, "-0.1"},
		{`(0.1).toString(2)`, "0.0001100110011001100110011001100110011001100110011001101"},
		{`(255.5).toString(16)`, "ff.8"},
		{`(0.1).toString(3)`, "0.0022002200220022002200220022002201"},
		{`(3.141592653589793).toString(7)`, "3.066365143203613411"},
		{`(1/3).toString(36)`, "0.c"},
		{`(123.456).toString(36)`, "3f.gez4w97ry"},
		{`(255).toString(16)`, "ff"},
		{`(-255).toString(36)`, "-73"},
		{`(3.75).toString(8)`, "3.6"},
		{`(1e21).toString(16)`, "3635c9adc5dea00000"},
		{`'abc'.lastIndexOf('c', -5)`, "-1"},
		{`'abc'.lastIndexOf('a', -5)`, "0"},
		{`'abcabc'.lastIndexOf('c', 4)`, "2"},
		{`'abcabc'.lastIndexOf('c', 5)`, "5"},
		{`'abcabc'.lastIndexOf('c')`, "5"},
		{`'abc'.lastIndexOf('', 1)`, "1"},
		{`'abc'.lastIndexOf('c', NaN)`, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			tr := renderOne(t, "<text>{{"+tt.expr+"}}</text>", nil)
			if got := tr.Root.TextContent(); got != tt.want {
				t.Fatalf("%s = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestWXSRegExpExecAndJSON(t *testing.T) {
	t.Parallel()
	tests := []struct{ expr, want string }{
		{`getRegExp('a', 'g').exec('aaa').index`, "0"},
		{`(function() { var r = getRegExp('a', 'g'); r.exec('xaa'); return r.exec('xaa').index })()`, "2"},
		{`getRegExp('b').exec('abc').index + '/' + getRegExp('b').exec('abc').input`, "1/abc"},
		{`'xyz'.match(getRegExp('z')).index`, "2"},
		{`JSON.stringify({a: [1, {b: 2}], c: 'd'})`, `{"a":[1,{"b":2}],"c":"d"}`},
		{`(function() { var x = [1]; return JSON.stringify([x, x]) })()`, "[[1],[1]]"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			tr := renderOne(t, "<wxs module=\"m\">module.exports.f = function() { return "+tt.expr+" }</wxs><text>{{m.f()}}</text>", nil)
			if got := tr.Root.TextContent(); got != tt.want {
				t.Fatalf("%s = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
	for _, body := range []string{
		`var o = {}; o.o = o; return JSON.stringify(o)`,
		`var a = [1]; a.push({x: a}); return JSON.stringify(a)`,
	} {
		files := map[string]string{"main.wxml": "<wxs module=\"m\">module.exports.f = function() { " + body + " }</wxs><text>{{m.f()}}</text>"}
		_, err := renderFiles(files, nil, nil)
		if !errors.Is(err, ErrEval) || !strings.Contains(err.Error(), "JSON.stringify: converting a cyclic structure") || !strings.Contains(err.Error(), "main.wxml:1:") {
			t.Errorf("%s: err = %v, want a cyclic-structure EvalError", body, err)
		}
	}
}
