package view

import (
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// undefinedType is the type of JavaScript's undefined inside the evaluator.
// It never leaves the package: exported values turn it into nil.
type undefinedType struct{}

// undefined is the evaluator's JavaScript undefined.
var undefined = undefinedType{}

// jsArray is an array created or copied by WXS code. Unlike a []any it can
// grow in place (push, splice), as JavaScript arrays do.
type jsArray struct {
	v     []any
	props map[string]any // named properties (index and input of an exec result)
}

// normalize turns the Go values page data may hold into the evaluator's
// value set: ints of every size become float64, other slices become []any,
// other maps with string keys become map[string]any.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, string, float64, bool, map[string]any, []any, undefinedType,
		*jsArray, *jsFunc, *nativeFunc, *jsRegExp, *jsDate:
		return v
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int16:
		return float64(x)
	case int8:
		return float64(x)
	case uint:
		return float64(x)
	case uint64:
		return float64(x)
	case uint32:
		return float64(x)
	case uint16:
		return float64(x)
	case uint8:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return math.NaN()
		}
		return f
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return v
}

// truthy reports JavaScript truthiness.
func truthy(v any) bool {
	switch x := normalize(v).(type) {
	case nil, undefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

// typeOf is JavaScript's typeof operator.
func typeOf(v any) string {
	switch normalize(v).(type) {
	case undefinedType:
		return "undefined"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case *jsFunc, *nativeFunc:
		return "function"
	}
	return "object"
}

// constructorName is what WXS returns for x.constructor.
func constructorName(v any) any {
	switch normalize(v).(type) {
	case bool:
		return "Boolean"
	case float64:
		return "Number"
	case string:
		return "String"
	case *jsFunc, *nativeFunc:
		return "Function"
	case []any, *jsArray:
		return "Array"
	case map[string]any:
		return "Object"
	case *jsRegExp:
		return "RegExp"
	case *jsDate:
		return "Date"
	}
	return undefined
}

// toNumber is JavaScript's ToNumber.
func toNumber(v any) float64 {
	switch x := normalize(v).(type) {
	case nil:
		return 0
	case undefinedType:
		return math.NaN()
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case string:
		return stringToNumber(x)
	case []any, *jsArray:
		return stringToNumber(toString(x))
	case *jsDate:
		return x.ms()
	}
	return math.NaN()
}

func stringToNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		n, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return math.NaN()
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}

// numberToString formats a float64 as JavaScript's Number.prototype.toString.
func numberToString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	neg := f < 0
	if neg {
		f = -f
	}
	// Shortest round-tripping digits and the decimal exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	n := exp + 1 // position of the decimal point relative to digits
	k := len(digits)
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if n-1 < 0 {
			sign = "-"
		}
		ex := n - 1
		if ex < 0 {
			ex = -ex
		}
		if k == 1 {
			s = digits + "e" + sign + strconv.Itoa(ex)
		} else {
			s = digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(ex)
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// budget bounds the work of walking values that WXS may have made
// cyclic or exponentially shared (a = [a, a]).
type budget struct{ n int }

func (b *budget) spend() bool {
	b.n--
	return b.n >= 0
}

const (
	walkBudget = 1 << 20 // nodes visited per conversion
	maxDepth   = 64
	maxString  = 1 << 24 // bytes a WXS string may grow to
)

// toString is JavaScript's ToString.
func toString(v any) string {
	return toStringB(v, &budget{walkBudget}, 0)
}

func toStringB(v any, bud *budget, depth int) string {
	switch x := normalize(v).(type) {
	case nil:
		return "null"
	case undefinedType:
		return "undefined"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return numberToString(x)
	case string:
		return x
	case []any:
		return joinArrayB(x, ",", bud, depth)
	case *jsArray:
		return joinArrayB(x.v, ",", bud, depth)
	case map[string]any:
		return "[object Object]"
	case *jsFunc:
		return "function " + x.name + "() { [code] }"
	case *nativeFunc:
		return "function " + x.name + "() { [native code] }"
	case *jsRegExp:
		return "/" + x.source + "/" + x.flags
	case *jsDate:
		return x.String()
	}
	return ""
}

// displayString is how a value reads in text and in mixed attributes:
// undefined and null read as "".
func displayString(v any) string {
	switch normalize(v).(type) {
	case nil, undefinedType:
		return ""
	}
	return toString(v)
}

func joinArray(a []any, sep string) string {
	return joinArrayB(a, sep, &budget{walkBudget}, 0)
}

// joinArrayB joins like Array.prototype.join; nested arrays deeper than
// maxDepth (cycles) read as "".
func joinArrayB(a []any, sep string, bud *budget, depth int) string {
	if depth > maxDepth {
		return ""
	}
	var b strings.Builder
	for i, e := range a {
		if !bud.spend() || b.Len() > maxString {
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		switch normalize(e).(type) {
		case nil, undefinedType:
		default:
			b.WriteString(toStringB(e, bud, depth+1))
		}
	}
	return b.String()
}

// toPrimitive converts objects to strings (arrays join, objects read
// "[object Object]"), leaving primitives as they are.
func toPrimitive(v any) any {
	switch x := normalize(v).(type) {
	case nil, undefinedType, bool, float64, string:
		return x
	case *jsDate:
		return x.ms()
	}
	return toString(v)
}

// sameRef reports whether two reference values are the same object.
func sameRef(a, b any) bool {
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Type() != rb.Type() {
		return false
	}
	switch ra.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Func:
		return ra.Pointer() == rb.Pointer()
	case reflect.Slice:
		return ra.Pointer() == rb.Pointer() && ra.Len() == rb.Len()
	}
	return false
}

// strictEquals is JavaScript's ===.
func strictEquals(a, b any) bool {
	a, b = normalize(a), normalize(b)
	switch x := a.(type) {
	case nil:
		return b == nil
	case undefinedType:
		_, ok := b.(undefinedType)
		return ok
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	if b == nil {
		return false
	}
	if _, ok := b.(undefinedType); ok {
		return false
	}
	return sameRef(a, b)
}

func isNullish(v any) bool {
	switch v.(type) {
	case nil, undefinedType:
		return true
	}
	return false
}

func isPrimitive(v any) bool {
	switch v.(type) {
	case nil, undefinedType, bool, float64, string:
		return true
	}
	return false
}

// looseEquals is JavaScript's ==.
func looseEquals(a, b any) bool {
	a, b = normalize(a), normalize(b)
	if isNullish(a) || isNullish(b) {
		return isNullish(a) && isNullish(b)
	}
	if isPrimitive(a) && isPrimitive(b) {
		switch x := a.(type) {
		case string:
			if y, ok := b.(string); ok {
				return x == y
			}
		case bool:
			if y, ok := b.(bool); ok {
				return x == y
			}
		}
		return toNumber(a) == toNumber(b)
	}
	if !isPrimitive(a) && !isPrimitive(b) {
		return sameRef(a, b)
	}
	if isPrimitive(a) {
		return looseEquals(a, toPrimitive(b))
	}
	return looseEquals(toPrimitive(a), b)
}

// compareLess implements a < b; ok is false when the comparison is
// undefined (NaN involved), which makes every relational operator false.
func compareLess(a, b any) (less, ok bool) {
	pa, pb := toPrimitive(a), toPrimitive(b)
	if sa, isA := pa.(string); isA {
		if sb, isB := pb.(string); isB {
			return sa < sb, true
		}
	}
	x, y := toNumber(pa), toNumber(pb)
	if math.IsNaN(x) || math.IsNaN(y) {
		return false, false
	}
	return x < y, true
}

// addValues is JavaScript's binary +.
func addValues(a, b any) any {
	pa, pb := toPrimitive(a), toPrimitive(b)
	_, sa := pa.(string)
	_, sb := pb.(string)
	if sa || sb {
		return toString(pa) + toString(pb)
	}
	return toNumber(pa) + toNumber(pb)
}

// toInt32 is JavaScript's ToInt32 used by bitwise operators.
func toInt32(v any) int32 {
	f := toNumber(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int32(uint32(int64(math.Trunc(math.Mod(f, 4294967296)))))
}

// toFixed is Number.prototype.toFixed: rounding of the exact binary value,
// ties away from zero.
func toFixed(x float64, digits int) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	if math.Abs(x) >= 1e21 || math.IsInf(x, 0) {
		return numberToString(x)
	}
	neg := x < 0
	if neg {
		x = -x
	}
	bf := new(big.Float).SetPrec(2048).SetFloat64(x)
	scale := new(big.Float).SetPrec(2048).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil))
	bf.Mul(bf, scale)
	bf.Add(bf, new(big.Float).SetFloat64(0.5))
	n, _ := bf.Int(nil) // truncates toward zero == floor for positives
	s := n.String()
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// export converts an evaluated value to plain Go data: undefined becomes
// nil, WXS arrays become []any, and maps and slices are converted deeply
// only where they hold WXS values. Functions and regular expressions read
// as their JavaScript string form, dates as milliseconds. Values nested
// deeper than maxDepth (cycles) become nil.
func export(v any) any {
	return exportB(v, &budget{walkBudget}, 0)
}

func exportB(v any, bud *budget, depth int) any {
	if depth > maxDepth || !bud.spend() {
		return nil
	}
	switch x := normalize(v).(type) {
	case undefinedType:
		return nil
	case *jsArray:
		out := make([]any, len(x.v))
		for i, e := range x.v {
			out[i] = exportB(e, bud, depth+1)
		}
		return out
	case []any:
		if !needsExport(x, &budget{walkBudget}, 0) {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = exportB(e, bud, depth+1)
		}
		return out
	case map[string]any:
		if !needsExport(x, &budget{walkBudget}, 0) {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = exportB(e, bud, depth+1)
		}
		return out
	case *jsFunc, *nativeFunc, *jsRegExp:
		return toString(x)
	case *jsDate:
		return x.ms()
	default:
		return x
	}
}

// needsExport reports whether v holds evaluator-only values (or is too
// deep or large to tell, which export then cuts off).
func needsExport(v any, bud *budget, depth int) bool {
	if depth > maxDepth || !bud.spend() {
		return true
	}
	switch x := v.(type) {
	case undefinedType, *jsArray, *jsFunc, *nativeFunc, *jsRegExp, *jsDate:
		return true
	case []any:
		for _, e := range x {
			if needsExport(e, bud, depth+1) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if needsExport(e, bud, depth+1) {
				return true
			}
		}
	case nil, string, float64, bool:
	default:
		return true
	}
	return false
}

// toWXS deep-copies template data into WXS values, as the platform copies
// data passed to a WXS function: arrays become *jsArray, maps are copied.
func toWXS(v any, depth int) any {
	return toWXSB(v, &budget{1 << 20}, depth)
}

func toWXSB(v any, bud *budget, depth int) any {
	if depth > maxDepth || !bud.spend() {
		return undefined
	}
	switch x := normalize(v).(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toWXSB(e, bud, depth+1)
		}
		return &jsArray{v: out}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toWXSB(e, bud, depth+1)
		}
		return out
	default:
		return x
	}
}

// sortedKeys returns a map's keys in a deterministic order: array-index
// keys first in numeric order, then the rest sorted (Go maps carry no
// insertion order).
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.ParseUint(keys[i], 10, 32)
		b, errB := strconv.ParseUint(keys[j], 10, 32)
		switch {
		case errA == nil && errB == nil:
			return a < b
		case errA == nil:
			return true
		case errB == nil:
			return false
		}
		return keys[i] < keys[j]
	})
	return keys
}

// deepEqual compares two values structurally (used to skip unchanged
// wx:for items and unchanged component attributes). Numbers compare by
// value, NaN equal to NaN. Values too deep or too large to compare within
// the walk budget count as different.
func deepEqual(a, b any, depth int) bool {
	return deepEqualB(a, b, &budget{1 << 16}, depth)
}

func deepEqualB(a, b any, bud *budget, depth int) bool {
	if depth > maxDepth || !bud.spend() {
		return false
	}
	a, b = normalize(a), normalize(b)
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		if len(x) > 0 && &x[0] == &y[0] {
			return true
		}
		for i := range x {
			if !deepEqualB(x[i], y[i], bud, depth+1) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !deepEqualB(e, f, bud, depth+1) {
				return false
			}
		}
		return true
	case *jsArray:
		y, ok := b.(*jsArray)
		if !ok {
			return false
		}
		return deepEqualB(x.v, y.v, bud, depth+1)
	case nil, undefinedType, bool, string:
		return a == b
	}
	return sameRef(a, b)
}
