package jsvalue_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/jsvalue"
)

func TestToGo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string // JSON of the Go value; "" when JSON drops the value
	}{
		{`1`, `1`},
		{`"s"`, `"s"`},
		{`null`, `null`},
		{`undefined`, ``},
		{`(function () {})`, ``},
		{`({a: 1, f() {}, u: undefined, n: NaN, d: new Date(0)})`, `{"a":1,"d":"1970-01-01T00:00:00.000Z","n":null}`},
		{`[1, undefined, function () {}, [2]]`, `[1,null,null,[2]]`},
		{`({toJSON() { return {x: 1} }})`, `{"x":1}`},
		{`new Map([[1, 2]])`, `{}`},
	}
	for _, tt := range tests {
		rt := goja.New()
		v, err := rt.RunString(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		g, ok, err := jsvalue.ToGo(rt, v)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if tt.want == "" {
			if ok {
				t.Errorf("%s: kept %v, want dropped", tt.src, g)
			}
			continue
		}
		b, _ := json.Marshal(g)
		if string(b) != tt.want {
			t.Errorf("%s = %s, want %s", tt.src, b, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	for src, want := range map[string]error{
		`(() => { const o = {a: {}}; o.a.b = o; return o })()`: jsvalue.ErrCycle,
		`({n: 10n})`: jsvalue.ErrBigInt,
	} {
		v, _ := rt.RunString(src)
		_, _, err := jsvalue.ToGo(rt, v)
		var ve *jsvalue.ValueError
		if !errors.As(err, &ve) || !errors.Is(err, want) {
			t.Errorf("%s: err %v, want %v", src, err, want)
		}
	}
	v, _ := rt.RunString(`({list: ["x".repeat(100)]})`)
	if _, _, _, _, err := jsvalue.Copy(rt, v, jsvalue.Limit{MaxBytes: 50}); !errors.Is(err, jsvalue.ErrTooLarge) {
		t.Errorf("limit: %v", err)
	}
}

func TestToJSKeepsProtoAsData(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	obj := jsvalue.ToJS(rt, map[string]any{"__proto__": map[string]any{"polluted": true}, "a": 1.0}).(*goja.Object)
	if got := obj.Get("polluted"); got != nil && !goja.IsUndefined(got) {
		t.Error("__proto__ key changed the prototype")
	}
	back, _, _ := jsvalue.ToGo(rt, obj)
	if !reflect.DeepEqual(back, map[string]any{"__proto__": map[string]any{"polluted": true}, "a": 1.0}) {
		t.Errorf("round trip = %v", back)
	}
}

// FuzzRoundTrip: any JSON document survives JSON → Go → JS → Go.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"x"`, `[true,false]`, `{"__proto__":{"x":1}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		rt := goja.New()
		back, ok, err := jsvalue.ToGo(rt, jsvalue.ToJS(rt, v))
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", s, ok, err)
		}
		if !reflect.DeepEqual(back, v) {
			t.Fatalf("%s: round trip %v != %v", s, back, v)
		}
	})
}
