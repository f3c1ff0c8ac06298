// Package jsvalue converts between goja values and plain Go values with the
// semantics of JSON.stringify: the representation the logic layer of a mini
// program uses for page data, setData patches and wx API arguments.
//
// Go values are the ones encoding/json produces when it decodes into an
// interface: map[string]any, []any, string, float64, bool and nil.
// Conversion happens in Go, never through JSON text in JavaScript.
//
// All functions must be called on the goroutine that owns the runtime.
package jsvalue

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"

	"github.com/dop251/goja"
)

// Errors returned by the conversions, wrapped in a *ValueError that names
// the path of the offending value.
var (
	ErrCycle    = errors.New("cyclic value")
	ErrTooLarge = errors.New("value too large")
	ErrBigInt   = errors.New("BigInt value cannot be serialized")
	ErrTooDeep  = errors.New("value nested too deeply")
)

// MaxDepth bounds the nesting of a converted value.
const MaxDepth = 512

// ValueError reports a value that cannot be converted. Path is the location
// inside the converted value, such as "list[2].name" ("" for the value
// itself).
type ValueError struct {
	Path string
	Err  error
}

func (e *ValueError) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *ValueError) Unwrap() error { return e.Err }

// Limit bounds a conversion: MaxBytes is the approximate size of the value
// as JSON text (0 means unlimited).
type Limit struct {
	MaxBytes int
}

type walker struct {
	rt     *goja.Runtime
	wantJS bool
	limit  int
	size   int
	seen   []*goja.Object
}

// Copy deep-copies v as JSON would and returns both the Go value and a fresh
// JavaScript value with the same content (object key order kept). ok is
// false when v itself is dropped by JSON (undefined, a function or a
// symbol). size is the approximate length of v as JSON text.
func Copy(rt *goja.Runtime, v goja.Value, lim Limit) (goVal any, jsVal goja.Value, ok bool, size int, err error) {
	w := walker{rt: rt, wantJS: true, limit: lim.MaxBytes}
	goVal, jsVal, ok, err = w.walk(v, nil, 0)
	return goVal, jsVal, ok, w.size, err
}

// ToGo converts v to a Go value as JSON would. ok is false when v itself is
// dropped by JSON (undefined, a function or a symbol).
func ToGo(rt *goja.Runtime, v goja.Value) (goVal any, ok bool, err error) {
	w := walker{rt: rt}
	goVal, _, ok, err = w.walk(v, nil, 0)
	return goVal, ok, err
}

// pathElem is one step of the path to the value being converted, kept as a
// linked list so that nothing is allocated unless an error is reported.
type pathElem struct {
	parent *pathElem
	key    string
	index  int
	isIdx  bool
}

func (p *pathElem) String() string {
	if p == nil {
		return ""
	}
	var elems []*pathElem
	for e := p; e != nil; e = e.parent {
		elems = append(elems, e)
	}
	var b []byte
	for i := len(elems) - 1; i >= 0; i-- {
		e := elems[i]
		if e.isIdx {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e.index), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, e.key...)
	}
	return string(b)
}

func (w *walker) fail(path *pathElem, err error) error {
	return &ValueError{Path: path.String(), Err: err}
}

func (w *walker) grow(n int, path *pathElem) error {
	w.size += n
	if w.limit > 0 && w.size > w.limit {
		return w.fail(path, ErrTooLarge)
	}
	return nil
}

func (w *walker) walk(v goja.Value, path *pathElem, depth int) (any, goja.Value, bool, error) {
	if depth > MaxDepth {
		return nil, nil, false, w.fail(path, ErrTooDeep)
	}
	if v == nil || goja.IsUndefined(v) {
		return nil, nil, false, nil
	}
	if goja.IsNull(v) {
		return nil, goja.Null(), true, w.grow(4, path)
	}
	obj, isObj := v.(*goja.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case bool:
			return x, v, true, w.grow(5, path)
		case string:
			return x, v, true, w.grow(len(x)+2, path)
		case int64:
			return float64(x), v, true, w.grow(8, path)
		case *big.Int:
			return nil, nil, false, w.fail(path, ErrBigInt)
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, goja.Null(), true, w.grow(4, path)
			}
			return x, v, true, w.grow(8, path)
		}
		return nil, nil, false, nil // symbols: JSON drops them
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return nil, nil, false, nil
	}
	// toJSON (Date has one) decides the value, as JSON.stringify does.
	if tj, ok := goja.AssertFunction(obj.Get("toJSON")); ok {
		r, err := tj(obj)
		if err != nil {
			return nil, nil, false, w.fail(path, err)
		}
		if r2, ok := r.(*goja.Object); ok && r2 == obj {
			return nil, nil, false, w.fail(path, ErrCycle)
		}
		return w.walk(r, path, depth+1)
	}
	for _, s := range w.seen {
		if s == obj {
			return nil, nil, false, w.fail(path, ErrCycle)
		}
	}
	w.seen = append(w.seen, obj)
	defer func() { w.seen = w.seen[:len(w.seen)-1] }()

	if obj.ClassName() == "Array" {
		n := int(obj.Get("length").ToInteger())
		out := make([]any, n)
		var jsOut []any
		if w.wantJS {
			jsOut = make([]any, n)
		}
		if err := w.grow(2+n, path); err != nil {
			return nil, nil, false, err
		}
		for i := 0; i < n; i++ {
			el := &pathElem{parent: path, index: i, isIdx: true}
			g, j, ok, err := w.walk(obj.Get(strconv.Itoa(i)), el, depth+1)
			if err != nil {
				return nil, nil, false, err
			}
			if !ok { // JSON turns dropped array elements into null
				g, j = nil, goja.Null()
				if err := w.grow(4, path); err != nil {
					return nil, nil, false, err
				}
			}
			out[i] = g
			if w.wantJS {
				jsOut[i] = j
			}
		}
		if !w.wantJS {
			return out, nil, true, nil
		}
		return out, w.rt.NewArray(jsOut...), true, nil
	}

	keys := obj.Keys()
	out := make(map[string]any, len(keys))
	var jsObj *goja.Object
	if w.wantJS {
		jsObj = w.rt.NewObject()
	}
	if err := w.grow(2, path); err != nil {
		return nil, nil, false, err
	}
	for _, k := range keys {
		el := &pathElem{parent: path, key: k}
		g, j, ok, err := w.walk(obj.Get(k), el, depth+1)
		if err != nil {
			return nil, nil, false, err
		}
		if !ok {
			continue
		}
		if err := w.grow(len(k)+4, path); err != nil {
			return nil, nil, false, err
		}
		out[k] = g
		if w.wantJS {
			setOwn(jsObj, k, j)
		}
	}
	if !w.wantJS {
		return out, nil, true, nil
	}
	return out, jsObj, true, nil
}

// ToJS converts a Go value to a fresh JavaScript value. Maps become plain
// objects with their keys in sorted order, slices become arrays; goja.Value
// elements are used as they are; other values go through rt.ToValue.
func ToJS(rt *goja.Runtime, v any) goja.Value {
	switch x := v.(type) {
	case nil:
		return goja.Null()
	case goja.Value:
		return x
	case map[string]any:
		obj := rt.NewObject()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			setOwn(obj, k, ToJS(rt, x[k]))
		}
		return obj
	case []any:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = ToJS(rt, e)
		}
		return rt.NewArray(items...)
	case []string:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = e
		}
		return rt.NewArray(items...)
	case map[string]string:
		obj := rt.NewObject()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			setOwn(obj, k, rt.ToValue(x[k]))
		}
		return obj
	default:
		return rt.ToValue(v)
	}
}

// setOwn defines an own, enumerable data property, so that a key such as
// "__proto__" is data and never changes the object's prototype.
func setOwn(obj *goja.Object, key string, v goja.Value) {
	_ = obj.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
}
