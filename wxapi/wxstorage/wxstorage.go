package wxstorage

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
)

// ErrParameter is wrapped by the errors of calls whose arguments do not
// have the shape the base library requires; their message is the base
// library's "parameter error: ..." text.
var ErrParameter = bridge.ErrParameter

// New returns the group of storage APIs for one user: every app installed
// with it reads and writes db.App(userID, appID), appID being the running
// app's id. The group may be installed in many runtimes at once.
func New(db *storage.DB, userID string) bridge.Group {
	return &group{db: db, user: userID}
}

type group struct {
	db   *storage.DB
	user string
}

// binding is the group installed in one runtime. Loop only, except the
// storage handle.
type binding struct {
	env *runtime.Env
	rt  *goja.Runtime
	st  *storage.AppStorage
	// queue runs the asynchronous calls one at a time, in the order the
	// mini program made them.
	queue *bridge.Queue
}

// Install defines the storage APIs.
func (g *group) Install(d *bridge.Definer) error {
	b := &binding{env: d.Env(), rt: d.Env().JS(), st: g.db.App(g.user, d.App().AppID), queue: bridge.NewQueue(d.Env())}
	defs := []struct {
		name string
		fn   func(*bridge.Pending)
	}{
		{"setStorage", b.setStorage},
		{"getStorage", b.getStorage},
		{"removeStorage", b.removeStorage},
		{"clearStorage", b.clearStorage},
		{"getStorageInfo", b.getStorageInfo},
		{"batchSetStorage", b.batchSetStorage},
		{"batchGetStorage", b.batchGetStorage},
	}
	for _, def := range defs {
		if err := d.Async(def.name, def.fn); err != nil {
			return err
		}
	}
	syncs := []struct {
		name string
		fn   func(goja.FunctionCall) (any, error)
	}{
		{"setStorageSync", b.setStorageSync},
		{"getStorageSync", b.getStorageSync},
		{"removeStorageSync", b.removeStorageSync},
		{"clearStorageSync", b.clearStorageSync},
		{"getStorageInfoSync", b.getStorageInfoSync},
		{"batchSetStorageSync", b.batchSetStorageSync},
		{"batchGetStorageSync", b.batchGetStorageSync},
	}
	for _, def := range syncs {
		if err := d.Sync(def.name, def.fn); err != nil {
			return err
		}
	}
	return nil
}

// async runs work off the loop after the app's earlier storage calls, then
// then on the loop with its outcome, and settles p. It keeps the loop
// reserved meanwhile.
func async[T any](b *binding, p *bridge.Pending, work func() (T, error), then func(T) (map[string]any, error)) {
	b.queue.Go(func() (any, error) { return work() }, func(v any, err error) {
		if err != nil {
			p.Settle(nil, failReason(err))
			return
		}
		t, _ := v.(T)
		res, err := bridge.Safely(func() (map[string]any, error) { return then(t) })
		p.Settle(res, failReason(err))
	})
}

// drain waits for the asynchronous calls in flight, so that a Sync call
// sees their effect (calls take effect in program order). It is bounded:
// storage I/O that hangs fails the Sync call instead of hanging the app.
func (b *binding) drain() error { return b.queue.Drain(drainTimeout) }

// drainTimeout bounds how long a Sync call waits for earlier calls.
const drainTimeout = 10 * time.Second

// failReason turns a storage error into the reason of the fail errMsg: the
// storage package's "storage: " prefix is dropped, so that a missing key
// gives the base library's "data not found".
func failReason(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return storage.ErrNotFound
	case errors.Is(err, ErrParameter), errors.Is(err, bridge.ErrInternal):
		return err
	}
	return &reasonError{msg: strings.TrimPrefix(err.Error(), "storage: "), err: err}
}

// reasonError carries a storage error with a shorter message.
type reasonError struct {
	msg string
	err error
}

func (e *reasonError) Error() string { return e.msg }
func (e *reasonError) Unwrap() error { return e.err }

// keyArg returns v as a storage key, or the base library's parameter error.
func keyArg(field string, v goja.Value) (string, error) {
	if v != nil {
		if s, ok := v.Export().(string); ok {
			return s, nil
		}
	}
	return "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.%s should be String instead of %s;", field, bridge.TypeName(v))}
}

// arg returns the named property of the call's argument object (undefined
// when absent).
func arg(p *bridge.Pending, name string) goja.Value {
	if obj := p.ArgObject(); obj != nil {
		if v := obj.Get(name); v != nil {
			return v
		}
	}
	return goja.Undefined()
}

// fromJS converts a JavaScript value to a storage.Value with the Kind the
// base library records: a Date stays a Date (an Invalid Date becomes Null),
// NaN and ±Infinity become Null, undefined (and a function or symbol, which
// JSON drops) stays Undefined, and anything else is stored as JSON.stringify
// would write it. Loop only.
func (b *binding) fromJS(v goja.Value) (storage.Value, error) {
	switch {
	case v == nil || goja.IsUndefined(v):
		return storage.Value{Kind: storage.KindUndefined}, nil
	case goja.IsNull(v):
		return storage.Value{Kind: storage.KindNull, Data: []byte("null")}, nil
	}
	if obj, ok := v.(*goja.Object); ok && obj.ClassName() == "Date" {
		ms := math.NaN()
		if getTime, ok := goja.AssertFunction(obj.Get("getTime")); ok {
			if t, err := getTime(obj); err == nil {
				ms = t.ToFloat()
			}
		}
		if math.IsNaN(ms) || math.IsInf(ms, 0) {
			return storage.Value{Kind: storage.KindNull, Data: []byte("null")}, nil
		}
		return storage.Value{Kind: storage.KindDate, Data: strconv.AppendInt(nil, int64(ms), 10)}, nil
	}
	g, ok, err := b.env.ToGo(v)
	if err != nil {
		return storage.Value{}, &bridge.ParamError{Msg: fmt.Sprintf("data cannot be stored: %v", err)}
	}
	if !ok {
		return storage.Value{Kind: storage.KindUndefined}, nil
	}
	if f, isNum := g.(float64); isNum && (math.IsNaN(f) || math.IsInf(f, 0)) {
		g = nil
	}
	sv, err := storage.ValueOf(g)
	if err != nil {
		return storage.Value{}, &bridge.ParamError{Msg: fmt.Sprintf("data cannot be stored: %v", err)}
	}
	return sv, nil
}

// toJS converts a stored value back for JavaScript: a plain Go value (which
// the bridge converts to a fresh JavaScript value) or, for Date and
// Undefined, a goja.Value. Loop only.
func (b *binding) toJS(v storage.Value) (any, error) {
	switch v.Kind {
	case storage.KindUndefined:
		return goja.Undefined(), nil
	case storage.KindDate:
		ms, err := strconv.ParseInt(string(v.Data), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("stored Date %q: %w", v.Data, storage.ErrCorrupt)
		}
		d, err := b.rt.New(b.rt.Get("Date"), b.rt.ToValue(ms))
		if err != nil {
			return nil, err
		}
		return d, nil
	case storage.KindObject, storage.KindArray:
		if bytes.Contains(v.Data, []byte("__proto__")) {
			// The bridge's Go-to-JS conversion assigns properties, and
			// assigning "__proto__" sets the prototype; JSON.parse defines
			// an own property, as the base library's JSON.parse does.
			return b.parse(v.Data)
		}
	}
	return v.Go()
}

// parse runs JSON.parse on data. Loop only.
func (b *binding) parse(data []byte) (goja.Value, error) {
	parse, _ := goja.AssertFunction(b.rt.Get("JSON").ToObject(b.rt).Get("parse"))
	return parse(goja.Undefined(), b.rt.ToValue(string(data)))
}

// info is what getStorageInfo reports: sizes in KB, rounded up.
func info(in storage.Info) map[string]any {
	keys := make([]any, len(in.Keys))
	for i, k := range in.Keys {
		keys[i] = k
	}
	return map[string]any{
		"keys":        keys,
		"currentSize": float64((in.CurrentSize + 1023) / 1024),
		"limitSize":   float64(in.LimitSize / 1024),
	}
}

// kvList decodes batchSetStorage's kvList: an array of {key, value}.
func (b *binding) kvList(v goja.Value) ([]storage.KV, error) {
	obj, ok := v.(*goja.Object)
	if !ok || obj.ClassName() != "Array" {
		return nil, &bridge.ParamError{Msg: fmt.Sprintf("parameter.kvList should be Array instead of %s;", bridge.TypeName(v))}
	}
	n := int(obj.Get("length").ToInteger())
	kvs := make([]storage.KV, 0, n)
	for i := range n {
		item, ok := obj.Get(strconv.Itoa(i)).(*goja.Object)
		if !ok {
			return nil, &bridge.ParamError{Msg: fmt.Sprintf("parameter.kvList[%d] should be Object instead of %s;", i, bridge.TypeName(obj.Get(strconv.Itoa(i))))}
		}
		key, err := keyArg(fmt.Sprintf("kvList[%d].key", i), item.Get("key"))
		if err != nil {
			return nil, err
		}
		val, err := b.fromJS(item.Get("value"))
		if err != nil {
			return nil, err
		}
		kvs = append(kvs, storage.KV{Key: key, Value: val})
	}
	return kvs, nil
}

// keyList decodes batchGetStorage's keyList: an array of strings.
func keyList(v goja.Value) ([]string, error) {
	obj, ok := v.(*goja.Object)
	if !ok || obj.ClassName() != "Array" {
		return nil, &bridge.ParamError{Msg: fmt.Sprintf("parameter.keyList should be Array instead of %s;", bridge.TypeName(v))}
	}
	n := int(obj.Get("length").ToInteger())
	keys := make([]string, n)
	for i := range n {
		k, err := keyArg(fmt.Sprintf("keyList[%d]", i), obj.Get(strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	return keys, nil
}

// batchValues converts BatchGet's results; a missing key gives "" as
// getStorageSync does.
func (b *binding) batchValues(vals []storage.Value, found []bool) ([]any, error) {
	out := make([]any, len(vals))
	for i, v := range vals {
		if !found[i] {
			out[i] = ""
			continue
		}
		jv, err := b.toJS(v)
		if err != nil {
			return nil, err
		}
		out[i] = jv
	}
	return out, nil
}

// --- asynchronous forms ---

func (b *binding) setStorage(p *bridge.Pending) {
	key, err := keyArg("key", arg(p, "key"))
	if err != nil {
		p.Fail(err)
		return
	}
	val, err := b.fromJS(arg(p, "data"))
	if err != nil {
		p.Fail(err)
		return
	}
	async(b, p, func() (struct{}, error) { return struct{}{}, b.st.Set(key, val) },
		func(struct{}) (map[string]any, error) { return nil, nil })
}

func (b *binding) getStorage(p *bridge.Pending) {
	key, err := keyArg("key", arg(p, "key"))
	if err != nil {
		p.Fail(err)
		return
	}
	async(b, p, func() (storage.Value, error) { return b.st.Get(key) },
		func(v storage.Value) (map[string]any, error) {
			jv, err := b.toJS(v)
			if err != nil {
				return nil, err
			}
			return map[string]any{"data": jv}, nil
		})
}

func (b *binding) removeStorage(p *bridge.Pending) {
	key, err := keyArg("key", arg(p, "key"))
	if err != nil {
		p.Fail(err)
		return
	}
	async(b, p, func() (struct{}, error) { return struct{}{}, b.st.Remove(key) },
		func(struct{}) (map[string]any, error) { return nil, nil })
}

func (b *binding) clearStorage(p *bridge.Pending) {
	async(b, p, func() (struct{}, error) { return struct{}{}, b.st.Clear() },
		func(struct{}) (map[string]any, error) { return nil, nil })
}

func (b *binding) getStorageInfo(p *bridge.Pending) {
	async(b, p, b.st.Info, func(in storage.Info) (map[string]any, error) { return info(in), nil })
}

func (b *binding) batchSetStorage(p *bridge.Pending) {
	kvs, err := b.kvList(arg(p, "kvList"))
	if err != nil {
		p.Fail(err)
		return
	}
	async(b, p, func() (struct{}, error) { return struct{}{}, b.st.BatchSet(kvs) },
		func(struct{}) (map[string]any, error) { return nil, nil })
}

type batch struct {
	vals  []storage.Value
	found []bool
}

func (b *binding) batchGetStorage(p *bridge.Pending) {
	keys, err := keyList(arg(p, "keyList"))
	if err != nil {
		p.Fail(err)
		return
	}
	async(b, p, func() (batch, error) {
		vals, found, err := b.st.BatchGet(keys)
		return batch{vals, found}, err
	}, func(r batch) (map[string]any, error) {
		list, err := b.batchValues(r.vals, r.found)
		if err != nil {
			return nil, err
		}
		return map[string]any{"dataList": list}, nil
	})
}

// --- Sync forms: the I/O runs on the loop, after the asynchronous calls in
// flight. ---

func (b *binding) setStorageSync(c goja.FunctionCall) (any, error) {
	key, err := keyArg("key", c.Argument(0))
	if err != nil {
		return nil, err
	}
	val, err := b.fromJS(c.Argument(1))
	if err != nil {
		return nil, err
	}
	if err := b.drain(); err != nil {
		return nil, err
	}
	return nil, failReason(b.st.Set(key, val))
}

func (b *binding) getStorageSync(c goja.FunctionCall) (any, error) {
	key, err := keyArg("key", c.Argument(0))
	if err != nil {
		return nil, err
	}
	if err := b.drain(); err != nil {
		return nil, err
	}
	v, err := b.st.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return nil, failReason(err)
	}
	jv, err := b.toJS(v)
	if err != nil {
		return nil, failReason(err)
	}
	if jv == nil {
		return goja.Null(), nil
	}
	return jv, nil
}

func (b *binding) removeStorageSync(c goja.FunctionCall) (any, error) {
	key, err := keyArg("key", c.Argument(0))
	if err != nil {
		return nil, err
	}
	if err := b.drain(); err != nil {
		return nil, err
	}
	return nil, failReason(b.st.Remove(key))
}

func (b *binding) clearStorageSync(goja.FunctionCall) (any, error) {
	if err := b.drain(); err != nil {
		return nil, err
	}
	return nil, failReason(b.st.Clear())
}

func (b *binding) getStorageInfoSync(goja.FunctionCall) (any, error) {
	if err := b.drain(); err != nil {
		return nil, err
	}
	in, err := b.st.Info()
	if err != nil {
		return nil, failReason(err)
	}
	return info(in), nil
}

func (b *binding) batchSetStorageSync(c goja.FunctionCall) (any, error) {
	kvs, err := b.kvList(c.Argument(0))
	if err != nil {
		return nil, err
	}
	if err := b.drain(); err != nil {
		return nil, err
	}
	return nil, failReason(b.st.BatchSet(kvs))
}

func (b *binding) batchGetStorageSync(c goja.FunctionCall) (any, error) {
	keys, err := keyList(c.Argument(0))
	if err != nil {
		return nil, err
	}
	if err := b.drain(); err != nil {
		return nil, err
	}
	vals, found, err := b.st.BatchGet(keys)
	if err != nil {
		return nil, failReason(err)
	}
	list, err := b.batchValues(vals, found)
	if err != nil {
		return nil, failReason(err)
	}
	return b.env.ToJS(list), nil
}
