package view

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWXSBudgetCountsBuiltins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string // body of module.exports.f
		frag string
	}{
		{"split of a large string, many times", `var s = 'ab'.repeat(1 << 19); var n = 0
  for (var i = 0; i < 30000; i++) { n += s.split('b', 3).length + s.indexOf('c') }
  return n`, "step limit"},
		{"split into too many parts", `return 'ab'.repeat(1 << 22).split('').length`, "string.split: array longer than"},
		{"split on a separator into too many parts", `return 'ab'.repeat(1 << 22).split('a').length`, "string.split: array longer than"},
		{"concat doubling", `var a = [1]
  for (var i = 0; i < 40; i++) { a = a.concat(a) }
  return a.length`, "array.concat: array longer than"},
		{"spread doubling", `var a = [1]
  for (var i = 0; i < 40; i++) { a = [].concat([...a, ...a]) }
  return a.length`, "spread: array longer than"},
		{"string doubling", `var s = 'x'
  for (var i = 0; i < 40; i++) { s = s + s }
  return s.length`, "invalid operand"},
		{"string concat method doubling", `var s = 'x'
  for (var i = 0; i < 40; i++) { s = s.concat(s) }
  return s.length`, "string.concat: string longer than"},
		{"repeat", `return 'ab'.repeat(1 << 24).length`, "string.repeat: string longer than"},
		{"padStart", `return 'a'.padStart(1 << 25, 'xy').length`, "string.padStart: string longer than"},
		{"push past the limit", `var a = []
  for (var i = 0; i < 200000; i++) { a.push(i, i, i, i, i, i, i, i, i, i) }
  return a.length`, "array.push: array longer than"},
		{"replace that explodes", `var s = 'a'.repeat(1 << 16)
  var r = 'b'.repeat(1 << 10)
  return s.replace(getRegExp('a', 'g'), r).length`, "string.replace: string longer than"},
		{"join of a large array, many times", `var a = 'x'.repeat(1 << 19).split('')
  var n = 0
  for (var i = 0; i < 20000; i++) { n += a.join('').length }
  return n`, "step limit"},
		{"JSON round trips", `var a = 'x'.repeat(1 << 19).split('')
  for (var i = 0; i < 20000; i++) { JSON.parse(JSON.stringify(a)) }
  return 1`, "step limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{
				"main.wxml": `<wxs module="m" src="m.wxs"/><text>{{m.f()}}</text>`,
				"m.wxs":     "module.exports.f = function() {\n  " + tt.body + "\n}",
			}
			start := time.Now()
			defer func() { t.Logf("took %v", time.Since(start)) }()
			_, err := renderFiles(files, nil, nil)
			if !errors.Is(err, ErrEval) || !strings.Contains(err.Error(), tt.frag) || !strings.Contains(err.Error(), "m.wxs:") {
				t.Fatalf("err = %v, want an EvalError in m.wxs containing %q", err, tt.frag)
			}
			if d := time.Since(start); d > 60*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

func TestWXSLimitsKeepOrdinaryResults(t *testing.T) {
	t.Parallel()
	tests := []struct{ expr, want string }{
		{`'a,b,c'.split(',', 2).join('|')`, "a|b"},
		{`'a,b,c'.split(',', 0).length`, "0"},
		{`'a,b,c'.split(',').join('|')`, "a|b|c"},
		{`'abc'.split('', 2).join('|')`, "a|b"},
		{`'a1b2c'.split(getRegExp('\\d'), 2).join('|')`, "a|b"},
		{`'a1b2c'.split(getRegExp('\\d')).join('|')`, "a|b|c"},
		{`'ab'.padStart(5, 'xy')`, "xyxab"},
		{`'ab'.padEnd(5)`, "ab   "},
		{`'x'.repeat(3).concat('y', 1)`, "xxxy1"},
		{`[1].concat([2, 3], 4).join()`, "1,2,3,4"},
		{`'aaa'.replace(getRegExp('a', 'g'), 'bc')`, "bcbcbc"},
		// Ordinary loops stay well within the budget.
		{`(function() { var a = []; for (var i = 0; i < 100000; i++) { a.push(i) }; return a.length })()`, "100000"},
		{`(function() { var a = []; for (var i = 0; i < 3000; i++) { a = a.concat([i]) }; return a.length })()`, "3000"},
		{`(function() { var s = ''; for (var i = 0; i < 20000; i++) { s += 'x' }; return s.length })()`, "20000"},
		{`(function() { var a = 'x'.repeat(2000).split(''), n = 0; for (var i = 0; i < 1000; i++) { n += a.join('').length + a.indexOf('y') }; return n })()`, "1999000"},
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
}
