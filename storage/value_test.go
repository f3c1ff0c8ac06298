package storage

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type marshalTo string

func (m marshalTo) MarshalJSON() ([]byte, error) { return []byte(m), nil }

func TestValueOf(t *testing.T) {
	t.Parallel()
	date := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name     string
		in       any
		kind     string
		data     string
		wantBack any // what Go returns
	}{
		{"nil", nil, KindNull, "null", nil},
		{"string", "hi", KindString, `"hi"`, "hi"},
		{"empty string", "", KindString, `""`, ""},
		{"string with html and quotes", `<a href="x">&</a>`, KindString, `"<a href=\"x\">&</a>"`, `<a href="x">&</a>`},
		{"unicode string", "购物车\n", KindString, `"购物车\n"`, "购物车\n"},
		{"int", 42, KindNumber, "42", 42.0},
		{"negative float", -1.5, KindNumber, "-1.5", -1.5},
		{"big float", 1e300, KindNumber, "1e+300", 1e300},
		{"uint8", uint8(7), KindNumber, "7", 7.0},
		{"json.Number", json.Number("3.25"), KindNumber, "3.25", 3.25},
		{"true", true, KindBoolean, "true", true},
		{"false", false, KindBoolean, "false", false},
		{"map", map[string]any{"b": 1, "a": []any{"x", nil}}, KindObject, `{"a":["x",null],"b":1}`,
			map[string]any{"a": []any{"x", nil}, "b": 1.0}},
		{"empty map", map[string]int{}, KindObject, `{}`, map[string]any{}},
		{"struct", struct {
			N string `json:"n"`
		}{"v"}, KindObject, `{"n":"v"}`, map[string]any{"n": "v"}},
		{"slice", []int{1, 2}, KindArray, `[1,2]`, []any{1.0, 2.0}},
		{"nil slice", []int(nil), KindNull, "null", nil},
		{"array", [2]bool{true}, KindArray, `[true,false]`, []any{true, false}},
		{"time", date, KindDate, "1714950489123", time.UnixMilli(1714950489123).UTC()},
		{"time pointer", &date, KindDate, "1714950489123", time.UnixMilli(1714950489123).UTC()},
		{"nil time pointer", (*time.Time)(nil), KindNull, "null", nil},
		{"epoch", time.UnixMilli(0), KindDate, "0", time.UnixMilli(0).UTC()},
		{"nested time is a string", map[string]any{"t": time.UnixMilli(0).UTC()}, KindObject,
			`{"t":"1970-01-01T00:00:00Z"}`, map[string]any{"t": "1970-01-01T00:00:00Z"}},
		{"value passes through", Value{Kind: KindUndefined}, KindUndefined, "", nil},
		{"raw message", json.RawMessage(`{"x":1}`), KindObject, `{"x":1}`, map[string]any{"x": 1.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := ValueOf(tt.in)
			if err != nil {
				t.Fatalf("ValueOf(%#v): %v", tt.in, err)
			}
			if v.Kind != tt.kind || string(v.Data) != tt.data {
				t.Fatalf("ValueOf(%#v) = %s %s, want %s %s", tt.in, v.Kind, v.Data, tt.kind, tt.data)
			}
			back, err := v.Go()
			if err != nil {
				t.Fatalf("Go: %v", err)
			}
			if !reflect.DeepEqual(back, tt.wantBack) {
				t.Fatalf("Go() = %#v, want %#v", back, tt.wantBack)
			}
		})
	}
}

func TestValueOfErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"NaN", math.NaN(), "NaN"},
		{"+Inf", math.Inf(1), "+Inf"},
		{"float32 -Inf", float32(math.Inf(-1)), "-Inf"},
		{"nested NaN", map[string]any{"n": math.NaN()}, "unsupported value"},
		{"channel", make(chan int), "chan int"},
		{"func", func() {}, "func()"},
		{"date out of range", time.UnixMilli(8.64e15 + 1), "outside the range"},
		{"bad marshaler", marshalTo(`"a" "b"`), "storage.marshalTo"},
		{"invalid value", Value{Kind: "Symbol"}, `unknown kind "Symbol"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := ValueOf(tt.in)
			if !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("ValueOf(%v) = %v, %v; want ErrInvalidValue", tt.name, v, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want string // "" for valid
	}{
		{Value{KindString, []byte(`"a"`)}, ""},
		{Value{KindString, []byte(`a`)}, `must start with '"'`},
		{Value{KindString, []byte(`"a`)}, "not valid JSON"},
		{Value{KindString, []byte(`"a" "b"`)}, "not valid JSON"},
		{Value{KindString, nil}, "must start"},
		{Value{KindNumber, []byte(`-0.5e3`)}, ""},
		{Value{KindNumber, []byte(`01`)}, "not a JSON number"},
		{Value{KindNumber, []byte(`1 `)}, "not a JSON number"},
		{Value{KindNumber, []byte(`NaN`)}, "not a JSON number"},
		{Value{KindNumber, []byte(`"1"`)}, "not a JSON number"},
		{Value{KindNumber, []byte(`1e400`)}, "out of range"},
		{Value{KindBoolean, []byte(`true`)}, ""},
		{Value{KindBoolean, []byte(`1`)}, "true or false"},
		{Value{KindNull, []byte(`null`)}, ""},
		{Value{KindNull, nil}, "must be null"},
		{Value{KindUndefined, nil}, ""},
		{Value{KindUndefined, []byte(`null`)}, "must be empty"},
		{Value{KindObject, []byte(`{"a":[1,{}]}`)}, ""},
		{Value{KindObject, []byte(`[]`)}, `start with '{'`},
		{Value{KindObject, []byte(`{"a":}`)}, "not valid JSON"},
		{Value{KindArray, []byte(`[1,"x",null]`)}, ""},
		{Value{KindArray, []byte(`{}`)}, `start with '['`},
		{Value{KindDate, []byte(`1714950489123`)}, ""},
		{Value{KindDate, []byte(`-8640000000000000`)}, ""},
		{Value{KindDate, []byte(`8640000000000001`)}, "integral time value"},
		{Value{KindDate, []byte(`1.5`)}, "integral time value"},
		{Value{KindDate, []byte(`"2024-01-01"`)}, "not a JSON number"},
		{Value{"", nil}, "kind is required"},
		{Value{"string", []byte(`"a"`)}, `unknown kind "string"`},
	}
	for _, tt := range tests {
		t.Run(tt.v.Kind+" "+string(tt.v.Data), func(t *testing.T) {
			t.Parallel()
			err := tt.v.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				if _, err := tt.v.Go(); err != nil {
					t.Fatalf("Go() = %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidValue) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want ErrInvalidValue mentioning %q", err, tt.want)
			}
			if _, err := tt.v.Go(); !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("Go() = %v, want ErrInvalidValue", err)
			}
		})
	}
}
