package view

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// jsRegExp is a WXS regular expression made by getRegExp. Patterns run on
// Go's RE2 engine: lookaround and backreferences are not available.
type jsRegExp struct {
	re        *regexp.Regexp
	source    string
	flags     string
	global    bool
	lastIndex int
}

// jsDate is a WXS date made by getDate, in the process's local time zone.
type jsDate struct{ t time.Time }

func (d *jsDate) ms() float64 {
	if d.t.IsZero() {
		return math.NaN()
	}
	return float64(d.t.UnixMilli())
}

func (d *jsDate) String() string {
	if d.t.IsZero() {
		return "Invalid Date"
	}
	return d.t.Format("Mon Jan 02 2006 15:04:05 GMT-0700")
}

func (in *interp) newArray(v []any) any {
	if in.wxs {
		return &jsArray{v: v}
	}
	return v
}

func argAt(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return undefined
}

func isUndef(v any) bool {
	_, ok := v.(undefinedType)
	return ok
}

// relIndex resolves a possibly negative index against length n, the way
// slice() does.
func relIndex(v any, n int, def int) int {
	if isUndef(v) {
		return def
	}
	f := toNumber(v)
	if math.IsNaN(f) {
		return 0
	}
	f = math.Trunc(f)
	if f < 0 {
		f += float64(n)
		if f < 0 {
			f = 0
		}
	}
	if f > float64(n) {
		f = float64(n)
	}
	return int(f)
}

func clampIndex(v any, n int, def int) int {
	if isUndef(v) {
		return def
	}
	f := toNumber(v)
	if math.IsNaN(f) || f < 0 {
		return 0
	}
	if f > float64(n) {
		return n
	}
	return int(f)
}

// callMethod calls a built-in method on a primitive, array, date or
// regular expression.
func (in *interp) callMethod(pos int, recv any, name string, args []any) (any, error) {
	if err := in.tick(pos); err != nil {
		return nil, err
	}
	v, err := in.callMethod0(pos, recv, name, args)
	if err != nil {
		return nil, err
	}
	if name == "push" || name == "pop" {
		// Constant time: the receiver is not scanned, and push's result
		// is a number.
		recv = nil
	}
	if err := in.checkResult(pos, name, v, append(args, recv)...); err != nil {
		return nil, err
	}
	return v, nil
}

func (in *interp) callMethod0(pos int, recv any, name string, args []any) (any, error) {
	switch r := normalize(recv).(type) {
	case string:
		return in.stringMethod(pos, r, name, args)
	case []any:
		return in.arrayMethod(pos, r, nil, name, args)
	case *jsArray:
		return in.arrayMethod(pos, r.v, r, name, args)
	case float64:
		switch name {
		case "toFixed":
			d := int(toNumber(argAt(args, 0)))
			if isUndef(argAt(args, 0)) {
				d = 0
			}
			if d < 0 || d > 100 {
				return nil, in.errf(pos, "toFixed() digits argument must be between 0 and 100")
			}
			return toFixed(r, d), nil
		case "toString":
			radix := 10
			if a := argAt(args, 0); !isUndef(a) {
				radix = int(toNumber(a))
			}
			if radix < 2 || radix > 36 {
				return nil, in.errf(pos, "toString() radix must be between 2 and 36")
			}
			if radix != 10 {
				return radixString(r, radix), nil
			}
			return numberToString(r), nil
		case "toPrecision":
			if isUndef(argAt(args, 0)) {
				return numberToString(r), nil
			}
			p := int(toNumber(argAt(args, 0)))
			if p < 1 || p > 100 {
				return nil, in.errf(pos, "toPrecision() argument must be between 1 and 100")
			}
			return toPrecision(r, p), nil
		case "valueOf":
			return r, nil
		}
	case bool:
		switch name {
		case "toString":
			return toString(r), nil
		case "valueOf":
			return r, nil
		}
	case map[string]any:
		switch name {
		case "hasOwnProperty":
			_, ok := r[toString(argAt(args, 0))]
			return ok, nil
		case "toString":
			return "[object Object]", nil
		case "valueOf":
			return r, nil
		}
	case *jsRegExp:
		switch name {
		case "test":
			s := toString(argAt(args, 0))
			return r.re.MatchString(s), nil
		case "exec":
			return in.regexpExec(r, toString(argAt(args, 0))), nil
		case "toString":
			return toString(r), nil
		}
	case *jsDate:
		return in.dateMethod(pos, r, name)
	case *jsFunc, *nativeFunc:
		switch name {
		case "call":
			return in.callValue(pos, r, argAt(args, 0), append([]any(nil), args[min(1, len(args)):]...), "function")
		case "apply":
			var list []any
			switch a := normalize(argAt(args, 1)).(type) {
			case []any:
				list = append(list, a...)
			case *jsArray:
				list = append(list, a.v...)
			}
			return in.callValue(pos, r, argAt(args, 0), list, "function")
		case "toString":
			return toString(r), nil
		}
	}
	if isNullish(normalize(recv)) {
		return nil, in.errf(pos, "cannot call method %q of %s", name, toString(recv))
	}
	return nil, in.errf(pos, "%s.%s is not a function", typeOf(recv), name)
}

// radixString is Number.prototype.toString(radix) for radix other than
// 10: the integer part exactly, the fraction with as many digits as
// tell x from its neighbours (V8's algorithm).
func radixString(x float64, radix int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return numberToString(x)
	}
	const chars = "0123456789abcdefghijklmnopqrstuvwxyz"
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	integer := math.Floor(x)
	fraction := x - integer
	delta := max(0.5*(math.Nextafter(x, math.Inf(1))-x), math.Nextafter(0, 1))
	var frac []byte
	if fraction >= delta {
		for {
			fraction *= float64(radix)
			delta *= float64(radix)
			digit := int(fraction)
			frac = append(frac, chars[digit])
			fraction -= float64(digit)
			if fraction > 0.5 || fraction == 0.5 && digit&1 == 1 {
				if fraction+delta > 1 {
					// Round up, carrying into the integer part.
					for {
						if len(frac) == 0 {
							integer++
							break
						}
						last := strings.IndexByte(chars, frac[len(frac)-1])
						frac = frac[:len(frac)-1]
						if last+1 < radix {
							frac = append(frac, chars[last+1])
							break
						}
					}
					break
				}
			}
			if fraction < delta {
				break
			}
		}
	}
	var ip string
	if integer < 1<<53 {
		ip = strconv.FormatInt(int64(integer), radix)
	} else {
		bi, _ := new(big.Float).SetFloat64(integer).Int(nil)
		ip = bi.Text(radix)
	}
	if len(frac) == 0 {
		return sign + ip
	}
	return sign + ip + "." + string(frac)
}

func toPrecision(x float64, p int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return numberToString(x)
	}
	if x == 0 {
		if p == 1 {
			return "0"
		}
		return "0." + strings.Repeat("0", p-1)
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	// The exact decimal expansion of x (a float64 has at most 767
	// significant digits), rounded to p digits with ties away from zero,
	// as JavaScript picks the larger n on a tie.
	s := strconv.FormatFloat(x, 'e', 800, 64)
	mant, expStr, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(expStr)
	all := strings.Replace(mant, ".", "", 1)
	d := []byte(all[:p])
	if all[p] >= '5' {
		i := p - 1
		for ; i >= 0 && d[i] == '9'; i-- {
			d[i] = '0'
		}
		if i >= 0 {
			d[i]++
		} else {
			d = append([]byte{'1'}, d[:p-1]...)
			e++
		}
	}
	digits := string(d)
	if e < -6 || e >= p {
		m := digits[:1]
		if p > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if e < 0 {
			es, e = "-", -e
		}
		return sign + m + "e" + es + strconv.Itoa(e)
	}
	if e < 0 {
		return sign + "0." + strings.Repeat("0", -e-1) + digits
	}
	if e+1 < p {
		return sign + digits[:e+1] + "." + digits[e+1:]
	}
	return sign + digits
}

func (in *interp) stringMethod(pos int, s, name string, args []any) (any, error) {
	rs := func() []rune { return []rune(s) }
	switch name {
	case "toString", "valueOf":
		return s, nil
	case "charAt":
		r := rs()
		i := int(toNumber(argAt(args, 0)))
		if isUndef(argAt(args, 0)) {
			i = 0
		}
		if i < 0 || i >= len(r) {
			return "", nil
		}
		return string(r[i]), nil
	case "charCodeAt":
		r := rs()
		i := int(toNumber(argAt(args, 0)))
		if isUndef(argAt(args, 0)) {
			i = 0
		}
		if i < 0 || i >= len(r) {
			return math.NaN(), nil
		}
		return float64(r[i]), nil
	case "indexOf", "lastIndexOf", "includes", "startsWith", "endsWith":
		sub := toString(argAt(args, 0))
		r := rs()
		switch name {
		case "indexOf", "includes":
			from := clampIndex(argAt(args, 1), len(r), 0)
			i := strings.Index(string(r[from:]), sub)
			if name == "includes" {
				return i >= 0, nil
			}
			if i < 0 {
				return float64(-1), nil
			}
			return float64(from + utf8.RuneCountInString(string(r[from:])[:i])), nil
		case "lastIndexOf":
			// The match starts at or before fromIndex (NaN or none: the
			// end), clamped to the string.
			from := len(r)
			if a := argAt(args, 1); !isUndef(a) {
				if f := toNumber(a); f == f {
					from = int(max(min(f, float64(len(r))), 0))
				}
			}
			end := min(from+utf8.RuneCountInString(sub), len(r))
			prefix := string(r[:end])
			i := strings.LastIndex(prefix, sub)
			if i < 0 {
				return float64(-1), nil
			}
			return float64(utf8.RuneCountInString(prefix[:i])), nil
		case "startsWith":
			from := clampIndex(argAt(args, 1), len(r), 0)
			return strings.HasPrefix(string(r[from:]), sub), nil
		default:
			end := clampIndex(argAt(args, 1), len(r), len(r))
			return strings.HasSuffix(string(r[:end]), sub), nil
		}
	case "substring":
		r := rs()
		a := clampIndex(argAt(args, 0), len(r), 0)
		b := clampIndex(argAt(args, 1), len(r), len(r))
		if a > b {
			a, b = b, a
		}
		return string(r[a:b]), nil
	case "substr":
		r := rs()
		a := relIndex(argAt(args, 0), len(r), 0)
		n := len(r) - a
		if l := argAt(args, 1); !isUndef(l) {
			n = min(max(int(toNumber(l)), 0), n)
		}
		return string(r[a : a+n]), nil
	case "slice":
		r := rs()
		a := relIndex(argAt(args, 0), len(r), 0)
		b := relIndex(argAt(args, 1), len(r), len(r))
		if a >= b {
			return "", nil
		}
		return string(r[a:b]), nil
	case "toUpperCase", "toLocaleUpperCase":
		return strings.ToUpper(s), nil
	case "toLowerCase", "toLocaleLowerCase":
		return strings.ToLower(s), nil
	case "trim":
		return strings.TrimSpace(s), nil
	case "trimStart", "trimLeft":
		return strings.TrimLeft(s, " \t\n\r\f\v\u00a0\ufeff"), nil
	case "trimEnd", "trimRight":
		return strings.TrimRight(s, " \t\n\r\f\v\u00a0\ufeff"), nil
	case "concat":
		strs := make([]string, len(args))
		n := len(s)
		for i, a := range args {
			strs[i] = toString(a)
			n += len(strs[i])
		}
		if err := in.checkLen(pos, "string.concat", n, true); err != nil {
			return nil, err
		}
		return s + strings.Join(strs, ""), nil
	case "repeat":
		n := toNumber(argAt(args, 0))
		if n < 0 || math.IsInf(n, 0) || n != n {
			return nil, in.errf(pos, "invalid repeat count")
		}
		if float64(len(s))*math.Trunc(n) > maxString {
			return nil, in.checkLen(pos, "string.repeat", maxString+1, true)
		}
		return strings.Repeat(s, int(n)), nil
	case "padStart", "padEnd":
		n := int(toNumber(argAt(args, 0)))
		fill := " "
		if f := argAt(args, 1); !isUndef(f) {
			fill = toString(f)
		}
		l := utf8.RuneCountInString(s)
		if n <= l || fill == "" {
			return s, nil
		}
		fr := utf8.RuneCountInString(fill)
		if err := in.checkLen(pos, "string."+name, len(s)+((n-l)/fr+1)*len(fill), true); err != nil {
			return nil, err
		}
		pad := []rune(strings.Repeat(fill, (n-l)/fr+1))[:n-l]
		if name == "padStart" {
			return string(pad) + s, nil
		}
		return s + string(pad), nil
	case "split":
		sep := argAt(args, 0)
		limit := -1
		if l := argAt(args, 1); !isUndef(l) {
			limit = int(toNumber(l))
		}
		// Never more parts than the limit, nor than asked for.
		most := maxArray + 1
		if limit >= 0 && limit < most {
			most = limit
		}
		var parts []string
		switch sp := sep.(type) {
		case undefinedType:
			parts = []string{s}
		case *jsRegExp:
			// One more part than kept: the last one holds the rest.
			parts = sp.re.Split(s, most+1)
		default:
			str := toString(sp)
			if str == "" {
				for _, r := range s {
					if len(parts) == most {
						break
					}
					parts = append(parts, string(r))
				}
			} else {
				parts = strings.SplitN(s, str, most+1)
			}
		}
		if len(parts) > most {
			parts = parts[:most]
		}
		if err := in.checkLen(pos, "string.split", len(parts), false); err != nil {
			return nil, err
		}
		if limit >= 0 && limit < len(parts) {
			parts = parts[:limit]
		}
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return in.newArray(out), nil
	case "replace", "replaceAll":
		return in.replace(pos, s, argAt(args, 0), argAt(args, 1), name == "replaceAll")
	case "match":
		re, ok := argAt(args, 0).(*jsRegExp)
		if !ok {
			r, err := compileRegExp(regexp.QuoteMeta(toString(argAt(args, 0))), "")
			if err != nil {
				return nil, in.errf(pos, "%v", err)
			}
			re = r
		}
		if re.global {
			ms := re.re.FindAllString(s, -1)
			if ms == nil {
				return nil, nil
			}
			out := make([]any, len(ms))
			for i, m := range ms {
				out[i] = m
			}
			return in.newArray(out), nil
		}
		return in.regexpExec(re, s), nil
	case "search":
		re, ok := argAt(args, 0).(*jsRegExp)
		if !ok {
			return nil, in.errf(pos, "search() needs a getRegExp() argument")
		}
		loc := re.re.FindStringIndex(s)
		if loc == nil {
			return float64(-1), nil
		}
		return float64(utf8.RuneCountInString(s[:loc[0]])), nil
	case "localeCompare":
		o := toString(argAt(args, 0))
		return float64(strings.Compare(s, o)), nil
	}
	return nil, in.errf(pos, "string.%s is not a function", name)
}

func (in *interp) regexpExec(re *jsRegExp, s string) any {
	start := 0
	if re.global {
		start = min(re.lastIndex, len(s))
	}
	m := re.re.FindStringSubmatchIndex(s[start:])
	if m == nil {
		re.lastIndex = 0
		return nil
	}
	out := make([]any, len(m)/2)
	for i := range out {
		if m[2*i] < 0 {
			out[i] = undefined
		} else {
			out[i] = s[start+m[2*i] : start+m[2*i+1]]
		}
	}
	if re.global {
		re.lastIndex = start + m[1]
	}
	// index counts code points, as string indexes do here.
	index := float64(utf8.RuneCountInString(s[:start+m[0]]))
	if in.wxs {
		return &jsArray{v: out, props: map[string]any{"index": index, "input": s}}
	}
	return out
}

// replace implements String.prototype.replace with a string or getRegExp()
// pattern and a string ($&, $1..$99, $$) or function replacement.
func (in *interp) replace(pos int, s string, pat, repl any, all bool) (any, error) {
	var matches [][]int
	switch p := pat.(type) {
	case *jsRegExp:
		if p.global || all {
			matches = p.re.FindAllStringSubmatchIndex(s, maxArray+1)
		} else if m := p.re.FindStringSubmatchIndex(s); m != nil {
			matches = [][]int{m}
		}
	default:
		str := toString(p)
		from := 0
		for {
			i := strings.Index(s[from:], str)
			if i < 0 {
				break
			}
			matches = append(matches, []int{from + i, from + i + len(str)})
			if !all || len(matches) > maxArray {
				break
			}
			from += i + len(str)
			if str == "" {
				if from >= len(s) {
					break
				}
				_, size := utf8.DecodeRuneInString(s[from:])
				from += size
			}
		}
	}
	if err := in.checkLen(pos, "string.replace: matches", len(matches), false); err != nil {
		return nil, err
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		if err := in.checkLen(pos, "string.replace", b.Len(), true); err != nil {
			return nil, err
		}
		b.WriteString(s[last:m[0]])
		groups := make([]any, len(m)/2)
		for i := range groups {
			if m[2*i] < 0 {
				groups[i] = undefined
			} else {
				groups[i] = s[m[2*i]:m[2*i+1]]
			}
		}
		switch f := repl.(type) {
		case *jsFunc, *nativeFunc:
			args := append(groups, float64(utf8.RuneCountInString(s[:m[0]])), s)
			v, err := in.callValue(pos, f, undefined, args, "replacer")
			if err != nil {
				return nil, err
			}
			b.WriteString(toString(v))
		default:
			b.WriteString(expandReplacement(toString(f), groups, s, m))
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

func expandReplacement(tmpl string, groups []any, s string, m []int) string {
	if !strings.Contains(tmpl, "$") {
		return tmpl
	}
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '$' || i+1 >= len(tmpl) {
			b.WriteByte(c)
			continue
		}
		n := tmpl[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '&':
			b.WriteString(s[m[0]:m[1]])
			i++
		case n == '`':
			b.WriteString(s[:m[0]])
			i++
		case n == '\'':
			b.WriteString(s[m[1]:])
			i++
		case n >= '0' && n <= '9':
			k := int(n - '0')
			j := i + 2
			if j < len(tmpl) && tmpl[j] >= '0' && tmpl[j] <= '9' && k*10+int(tmpl[j]-'0') < len(groups) {
				k = k*10 + int(tmpl[j]-'0')
				j++
			}
			if k >= 1 && k < len(groups) {
				if g, ok := groups[k].(string); ok {
					b.WriteString(g)
				}
				i = j - 1
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var mutatingArrayMethods = map[string]bool{"push": true, "pop": true, "shift": true, "unshift": true,
	"splice": true, "reverse": true, "sort": true, "fill": true}

func (in *interp) arrayMethod(pos int, a []any, arr *jsArray, name string, args []any) (any, error) {
	if arr == nil && mutatingArrayMethods[name] {
		return nil, in.errf(pos, "array.%s would modify page data; copy it first (slice())", name)
	}
	cb := func(i int) (any, error) {
		f := argAt(args, 0)
		return in.callValue(pos, f, undefined, []any{a[i], float64(i), arrOrSlice(a, arr)}, "callback")
	}
	checkFn := func() error {
		switch argAt(args, 0).(type) {
		case *jsFunc, *nativeFunc:
			return nil
		}
		return in.errf(pos, "array.%s needs a function argument", name)
	}
	switch name {
	case "toString":
		return joinArray(a, ","), nil
	case "join":
		sep := ","
		if s := argAt(args, 0); !isUndef(s) {
			sep = toString(s)
		}
		return joinArray(a, sep), nil
	case "indexOf", "includes":
		from := relIndex(argAt(args, 1), len(a), 0)
		for i := from; i < len(a); i++ {
			if strictEquals(a[i], argAt(args, 0)) {
				if name == "includes" {
					return true, nil
				}
				return float64(i), nil
			}
		}
		if name == "includes" {
			return false, nil
		}
		return float64(-1), nil
	case "lastIndexOf":
		for i := len(a) - 1; i >= 0; i-- {
			if strictEquals(a[i], argAt(args, 0)) {
				return float64(i), nil
			}
		}
		return float64(-1), nil
	case "slice":
		s := relIndex(argAt(args, 0), len(a), 0)
		e := relIndex(argAt(args, 1), len(a), len(a))
		if s > e {
			s = e
		}
		return in.newArray(append([]any(nil), a[s:e]...)), nil
	case "concat":
		n := len(a)
		for _, x := range args {
			switch v := normalize(x).(type) {
			case []any, *jsArray:
				n += lenOf(v)
			default:
				n++
			}
		}
		if err := in.checkLen(pos, "array.concat", n, false); err != nil {
			return nil, err
		}
		out := make([]any, 0, n)
		out = append(out, a...)
		for _, x := range args {
			switch v := normalize(x).(type) {
			case []any:
				out = append(out, v...)
			case *jsArray:
				out = append(out, v.v...)
			default:
				out = append(out, x)
			}
		}
		return in.newArray(out), nil
	case "map", "filter", "forEach", "some", "every", "find", "findIndex":
		if err := checkFn(); err != nil {
			return nil, err
		}
		var out []any
		for i := 0; i < len(a); i++ {
			v, err := cb(i)
			if err != nil {
				return nil, err
			}
			switch name {
			case "map":
				out = append(out, v)
			case "filter":
				if truthy(v) {
					out = append(out, a[i])
				}
			case "some":
				if truthy(v) {
					return true, nil
				}
			case "every":
				if !truthy(v) {
					return false, nil
				}
			case "find":
				if truthy(v) {
					return a[i], nil
				}
			case "findIndex":
				if truthy(v) {
					return float64(i), nil
				}
			}
		}
		switch name {
		case "map", "filter":
			if out == nil {
				out = []any{}
			}
			return in.newArray(out), nil
		case "some":
			return false, nil
		case "every":
			return true, nil
		case "find":
			return undefined, nil
		case "findIndex":
			return float64(-1), nil
		}
		return undefined, nil
	case "reduce", "reduceRight":
		if err := checkFn(); err != nil {
			return nil, err
		}
		idx := make([]int, len(a))
		for i := range idx {
			idx[i] = i
		}
		if name == "reduceRight" {
			for i, j := 0, len(idx)-1; i < j; i, j = i+1, j-1 {
				idx[i], idx[j] = idx[j], idx[i]
			}
		}
		var acc any
		if len(args) >= 2 {
			acc = args[1]
		} else {
			if len(idx) == 0 {
				return nil, in.errf(pos, "reduce of empty array with no initial value")
			}
			acc = a[idx[0]]
			idx = idx[1:]
		}
		for _, i := range idx {
			v, err := in.callValue(pos, args[0], undefined, []any{acc, a[i], float64(i), arrOrSlice(a, arr)}, "callback")
			if err != nil {
				return nil, err
			}
			acc = v
		}
		return acc, nil
	case "push":
		if err := in.checkLen(pos, "array.push", len(arr.v)+len(args), false); err != nil {
			return nil, err
		}
		arr.v = append(arr.v, args...)
		return float64(len(arr.v)), nil
	case "pop":
		if len(arr.v) == 0 {
			return undefined, nil
		}
		v := arr.v[len(arr.v)-1]
		arr.v = arr.v[:len(arr.v)-1]
		return v, nil
	case "shift":
		if len(arr.v) == 0 {
			return undefined, nil
		}
		v := arr.v[0]
		arr.v = append([]any(nil), arr.v[1:]...)
		return v, nil
	case "unshift":
		if err := in.checkLen(pos, "array.unshift", len(arr.v)+len(args), false); err != nil {
			return nil, err
		}
		arr.v = append(append([]any(nil), args...), arr.v...)
		return float64(len(arr.v)), nil
	case "reverse":
		for i, j := 0, len(arr.v)-1; i < j; i, j = i+1, j-1 {
			arr.v[i], arr.v[j] = arr.v[j], arr.v[i]
		}
		return arr, nil
	case "splice":
		s := relIndex(argAt(args, 0), len(arr.v), 0)
		n := len(arr.v) - s
		if len(args) >= 2 {
			n = min(max(int(toNumber(args[1])), 0), n)
		}
		removed := append([]any(nil), arr.v[s:s+n]...)
		var ins []any
		if len(args) > 2 {
			ins = args[2:]
		}
		if err := in.checkLen(pos, "array.splice", len(arr.v)-n+len(ins), false); err != nil {
			return nil, err
		}
		out := append([]any(nil), arr.v[:s]...)
		out = append(out, ins...)
		out = append(out, arr.v[s+n:]...)
		arr.v = out
		return &jsArray{v: removed}, nil
	case "fill":
		for i := range arr.v {
			arr.v[i] = argAt(args, 0)
		}
		return arr, nil
	case "sort":
		var err error
		less := func(i, j int) bool {
			x, y := arr.v[i], arr.v[j]
			if isUndef(x) || isUndef(y) {
				return !isUndef(x) && isUndef(y)
			}
			if f := argAt(args, 0); !isUndef(f) {
				if err != nil {
					return false
				}
				v, e := in.callValue(pos, f, undefined, []any{x, y}, "comparator")
				if e != nil {
					err = e
					return false
				}
				return toNumber(v) < 0
			}
			return toString(x) < toString(y)
		}
		sort.SliceStable(arr.v, less)
		if err != nil {
			return nil, err
		}
		return arr, nil
	}
	return nil, in.errf(pos, "array.%s is not a function", name)
}

func arrOrSlice(a []any, arr *jsArray) any {
	if arr != nil {
		return arr
	}
	return a
}

func (in *interp) dateMethod(pos int, d *jsDate, name string) (any, error) {
	if d.t.IsZero() && name != "toString" {
		return math.NaN(), nil
	}
	t := d.t
	switch name {
	case "getTime", "valueOf":
		return d.ms(), nil
	case "getFullYear":
		return float64(t.Year()), nil
	case "getMonth":
		return float64(t.Month() - 1), nil
	case "getDate":
		return float64(t.Day()), nil
	case "getDay":
		return float64(t.Weekday()), nil
	case "getHours":
		return float64(t.Hour()), nil
	case "getMinutes":
		return float64(t.Minute()), nil
	case "getSeconds":
		return float64(t.Second()), nil
	case "getMilliseconds":
		return float64(t.Nanosecond() / 1e6), nil
	case "getTimezoneOffset":
		_, off := t.Zone()
		return float64(-off / 60), nil
	case "toISOString", "toJSON":
		return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
	case "toString":
		return d.String(), nil
	case "toDateString":
		return t.Format("Mon Jan 02 2006"), nil
	}
	return nil, in.errf(pos, "date.%s is not a function", name)
}

func compileRegExp(pattern, flags string) (*jsRegExp, error) {
	prefix := ""
	r := &jsRegExp{source: pattern, flags: flags}
	for _, f := range flags {
		switch f {
		case 'g':
			r.global = true
		case 'i':
			prefix += "i"
		case 'm':
			prefix += "m"
		case 's':
			prefix += "s"
		default:
			return nil, &jsError{msg: "getRegExp: invalid flag " + strconv.QuoteRune(f)}
		}
	}
	src := pattern
	if prefix != "" {
		src = "(?" + prefix + ")" + src
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, &jsError{msg: "getRegExp: unsupported pattern " + strconv.Quote(pattern) + ": " + err.Error()}
	}
	r.re = re
	return r, nil
}

func native(name string, fn func(in *interp, this any, args []any) (any, error)) *nativeFunc {
	return &nativeFunc{name: name, fn: fn}
}

func mathFn1(name string, f func(float64) float64) *nativeFunc {
	return native(name, func(_ *interp, _ any, args []any) (any, error) {
		return f(toNumber(argAt(args, 0))), nil
	})
}

// newGlobals builds the global scope of WXS modules.
func newGlobals() *env {
	g := newEnv(nil)
	round := func(x float64) float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return x
		}
		return math.Floor(x + 0.5)
	}
	minmax := func(name string, isMax bool) *nativeFunc {
		return native(name, func(_ *interp, _ any, args []any) (any, error) {
			r := math.Inf(1)
			if isMax {
				r = math.Inf(-1)
			}
			for _, a := range args {
				n := toNumber(a)
				if math.IsNaN(n) {
					return math.NaN(), nil
				}
				if isMax && n > r || !isMax && n < r {
					r = n
				}
			}
			return r, nil
		})
	}
	g.vars["Math"] = map[string]any{
		"PI": math.Pi, "E": math.E, "LN2": math.Ln2, "LN10": math.Ln10, "LOG2E": math.Log2E,
		"LOG10E": math.Log10E, "SQRT2": math.Sqrt2, "SQRT1_2": math.Sqrt2 / 2,
		"abs": mathFn1("abs", math.Abs), "ceil": mathFn1("ceil", math.Ceil), "floor": mathFn1("floor", math.Floor),
		"round": mathFn1("round", round), "sqrt": mathFn1("sqrt", math.Sqrt), "log": mathFn1("log", math.Log),
		"exp": mathFn1("exp", math.Exp), "sin": mathFn1("sin", math.Sin), "cos": mathFn1("cos", math.Cos),
		"tan": mathFn1("tan", math.Tan), "asin": mathFn1("asin", math.Asin), "acos": mathFn1("acos", math.Acos),
		"atan": mathFn1("atan", math.Atan), "trunc": mathFn1("trunc", math.Trunc),
		"sign": mathFn1("sign", func(x float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return x
		}),
		"atan2": native("atan2", func(_ *interp, _ any, a []any) (any, error) {
			return math.Atan2(toNumber(argAt(a, 0)), toNumber(argAt(a, 1))), nil
		}),
		"pow": native("pow", func(_ *interp, _ any, a []any) (any, error) {
			return math.Pow(toNumber(argAt(a, 0)), toNumber(argAt(a, 1))), nil
		}),
		"max": minmax("max", true), "min": minmax("min", false),
		"random": native("random", func(*interp, any, []any) (any, error) { return rand.Float64(), nil }),
	}
	g.vars["parseInt"] = native("parseInt", func(_ *interp, _ any, a []any) (any, error) {
		return parseIntJS(toString(argAt(a, 0)), argAt(a, 1)), nil
	})
	g.vars["parseFloat"] = native("parseFloat", func(_ *interp, _ any, a []any) (any, error) {
		return parseFloatJS(toString(argAt(a, 0))), nil
	})
	g.vars["isNaN"] = native("isNaN", func(_ *interp, _ any, a []any) (any, error) {
		return math.IsNaN(toNumber(argAt(a, 0))), nil
	})
	g.vars["isFinite"] = native("isFinite", func(_ *interp, _ any, a []any) (any, error) {
		n := toNumber(argAt(a, 0))
		return !math.IsNaN(n) && !math.IsInf(n, 0), nil
	})
	g.vars["Number"] = native("Number", func(_ *interp, _ any, a []any) (any, error) {
		if len(a) == 0 {
			return float64(0), nil
		}
		return toNumber(a[0]), nil
	})
	g.vars["String"] = native("String", func(_ *interp, _ any, a []any) (any, error) {
		if len(a) == 0 {
			return "", nil
		}
		return toString(a[0]), nil
	})
	g.vars["Boolean"] = native("Boolean", func(_ *interp, _ any, a []any) (any, error) {
		return truthy(argAt(a, 0)), nil
	})
	g.vars["getRegExp"] = native("getRegExp", func(in *interp, _ any, a []any) (any, error) {
		flags := ""
		if f := argAt(a, 1); !isUndef(f) {
			flags = toString(f)
		}
		re, err := compileRegExp(toString(argAt(a, 0)), flags)
		if err != nil {
			return nil, in.errf(in.callPos, "%v", err)
		}
		return re, nil
	})
	g.vars["getDate"] = native("getDate", func(_ *interp, _ any, a []any) (any, error) {
		return makeDate(a), nil
	})
	g.vars["JSON"] = map[string]any{
		"stringify": native("stringify", func(in *interp, _ any, a []any) (any, error) {
			if isUndef(argAt(a, 0)) {
				return undefined, nil
			}
			indent := ""
			switch sp := argAt(a, 2).(type) {
			case float64:
				indent = strings.Repeat(" ", min(max(int(sp), 0), 10))
			case string:
				indent = sp
			}
			var b strings.Builder
			var st jsonState
			writeJSON(&b, argAt(a, 0), indent, "", 0, &st)
			if st.err != "" {
				return nil, in.errf(in.callPos, "JSON.stringify: %s", st.err)
			}
			if b.Len() > maxString {
				return nil, in.errf(in.callPos, "JSON.stringify: value too large (cyclic?)")
			}
			// Quoting and number formatting cost more than a copy.
			if err := in.charge(in.callPos, b.Len()/jsonBytes); err != nil {
				return nil, err
			}
			return b.String(), nil
		}),
		"parse": native("parse", func(in *interp, _ any, a []any) (any, error) {
			var v any
			src := toString(argAt(a, 0))
			if err := in.charge(in.callPos, len(src)/jsonBytes); err != nil {
				return nil, err
			}
			if err := json.Unmarshal([]byte(src), &v); err != nil {
				return nil, in.errf(in.callPos, "JSON.parse: %v", err)
			}
			return toWXS(v, 0), nil
		}),
	}
	g.vars["console"] = map[string]any{
		"log":  native("log", func(*interp, any, []any) (any, error) { return undefined, nil }),
		"warn": native("warn", func(*interp, any, []any) (any, error) { return undefined, nil }),
		"error": native("error", func(*interp, any, []any) (any, error) {
			return undefined, nil
		}),
	}
	return g
}

func makeDate(a []any) *jsDate {
	switch len(a) {
	case 0:
		return &jsDate{t: time.Now()}
	case 1:
		switch v := normalize(a[0]).(type) {
		case float64:
			if math.IsNaN(v) {
				return &jsDate{}
			}
			return &jsDate{t: time.UnixMilli(int64(v))}
		case string:
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02"} {
				if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
					return &jsDate{t: t}
				}
			}
			if t, err := time.Parse("2006-01-02", v); err == nil {
				return &jsDate{t: t}
			}
			return &jsDate{}
		case *jsDate:
			return &jsDate{t: v.t}
		}
		return &jsDate{}
	}
	n := make([]int, 7)
	n[2] = 1
	for i := 0; i < len(a) && i < 7; i++ {
		f := toNumber(a[i])
		if math.IsNaN(f) {
			return &jsDate{}
		}
		n[i] = int(f)
	}
	return &jsDate{t: time.Date(n[0], time.Month(n[1]+1), n[2], n[3], n[4], n[5], n[6]*1e6, time.Local)}
}

func parseIntJS(s string, radixArg any) float64 {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	radix := 10
	if !isUndef(radixArg) {
		radix = int(toNumber(radixArg))
	}
	if (radix == 0 || radix == 16) && len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		radix = 16
	}
	if radix == 0 {
		radix = 10
	}
	if radix < 2 || radix > 36 {
		return math.NaN()
	}
	var n float64
	digits := 0
	for _, c := range strings.ToLower(s) {
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		default:
			d = 99
		}
		if d >= radix {
			break
		}
		n = n*float64(radix) + float64(d)
		digits++
	}
	if digits == 0 {
		return math.NaN()
	}
	if neg {
		return -n
	}
	return n
}

func parseFloatJS(s string) float64 {
	s = strings.TrimSpace(s)
	end := 0
	seenDot, seenE, seenDigit := false, false, false
	for end < len(s) {
		c := s[end]
		switch {
		case c >= '0' && c <= '9':
			seenDigit = true
		case (c == '+' || c == '-') && (end == 0 || s[end-1] == 'e' || s[end-1] == 'E'):
		case c == '.' && !seenDot && !seenE:
			seenDot = true
		case (c == 'e' || c == 'E') && seenDigit && !seenE:
			seenE = true
		default:
			goto done
		}
		end++
	}
done:
	for end > 0 {
		if f, err := strconv.ParseFloat(s[:end], 64); err == nil {
			return f
		}
		end--
	}
	if strings.HasPrefix(s, "Infinity") || strings.HasPrefix(s, "+Infinity") {
		return math.Inf(1)
	}
	if strings.HasPrefix(s, "-Infinity") {
		return math.Inf(-1)
	}
	return math.NaN()
}

// jsonBytes is how many bytes JSON.stringify may write, or JSON.parse
// read, per step, on top of the charge of every built-in.
const jsonBytes = 2

// jsonState is what writeJSON tracks across its recursion: the arrays
// and objects being written (to find cycles) and the first error.
type jsonState struct {
	stack []uintptr
	err   string
}

// writeJSON is JSON.stringify: object keys sorted (Go maps keep no
// insertion order), undefined and functions left out of objects.
func writeJSON(b *strings.Builder, v any, indent, cur string, depth int, st *jsonState) {
	if st.err != "" || b.Len() > maxString {
		return
	}
	if depth > maxDepth {
		st.err = fmt.Sprintf("value nested more than %d levels deep", maxDepth)
		return
	}
	switch x := normalize(v).(type) {
	case []any, *jsArray, map[string]any:
		id := reflect.ValueOf(x).Pointer()
		if id != 0 && slices.Contains(st.stack, id) {
			st.err = "converting a cyclic structure to JSON"
			return
		}
		st.stack = append(st.stack, id)
		defer func() { st.stack = st.stack[:len(st.stack)-1] }()
	}
	nl := func(level string) {
		if indent != "" {
			b.WriteString("\n")
			b.WriteString(level)
		}
	}
	switch x := normalize(v).(type) {
	case nil, undefinedType, *jsFunc, *nativeFunc:
		b.WriteString("null")
	case bool:
		b.WriteString(toString(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(numberToString(x))
		}
	case string:
		q, _ := json.Marshal(x)
		b.Write(q)
	case *jsDate:
		q, _ := json.Marshal(x.t.UTC().Format("2006-01-02T15:04:05.000Z"))
		b.Write(q)
	case []any, *jsArray:
		a, _ := x.([]any)
		if ja, ok := x.(*jsArray); ok {
			a = ja.v
		}
		b.WriteByte('[')
		for i, e := range a {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(cur + indent)
			writeJSON(b, e, indent, cur+indent, depth+1, st)
		}
		if len(a) > 0 {
			nl(cur)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		n := 0
		for _, k := range sortedKeys(x) {
			switch x[k].(type) {
			case undefinedType, *jsFunc, *nativeFunc:
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			nl(cur + indent)
			q, _ := json.Marshal(k)
			b.Write(q)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			writeJSON(b, x[k], indent, cur+indent, depth+1, st)
		}
		if n > 0 {
			nl(cur)
		}
		b.WriteByte('}')
	default:
		b.WriteString("{}")
	}
}
