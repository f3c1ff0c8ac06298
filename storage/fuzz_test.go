package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzValueRoundTrip checks that JSON-like Go values survive ValueOf and Go,
// and that the Value survives a Set and Get.
func FuzzValueRoundTrip(f *testing.F) {
	for _, s := range []string{`"hi"`, `1.5`, `-0`, `true`, `null`, `{"a":[1,{"b":null}]}`, `[]`, `{}`,
		`"\u00e9\ud83d\ude00"`, `1e308`, `[1e-320]`, `"<&>"`} {
		f.Add([]byte(s), int64(0), 0.0)
	}
	f.Add([]byte(`0`), int64(-8.64e15), math.Copysign(0, -1))
	f.Add([]byte(`0`), int64(1714950489123), 5e-324)
	db := mustOpen(f, nil)
	s := db.App("fuzz", "app")
	f.Fuzz(func(t *testing.T, js []byte, ms int64, num float64) {
		var inputs []any
		var x any
		if json.Unmarshal(js, &x) == nil && utf8.Valid(js) {
			inputs = append(inputs, x)
		}
		if utf8.Valid(js) {
			inputs = append(inputs, string(js))
		}
		if !math.IsNaN(num) && !math.IsInf(num, 0) {
			inputs = append(inputs, num)
		}
		if math.Abs(float64(ms)) <= maxDateMillis {
			inputs = append(inputs, time.UnixMilli(ms).UTC())
		}
		for _, in := range inputs {
			v, err := ValueOf(in)
			if err != nil {
				t.Fatalf("ValueOf(%#v): %v", in, err)
			}
			back, err := v.Go()
			if err != nil {
				t.Fatalf("Go of %s %s: %v", v.Kind, v.Data, err)
			}
			if !reflect.DeepEqual(back, in) {
				t.Fatalf("round trip of %#v gave %#v (via %s %s)", in, back, v.Kind, v.Data)
			}
			if err := s.Set("k", v); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get("k")
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != v.Kind || !bytes.Equal(got.Data, v.Data) {
				t.Fatalf("stored %s %s, read %s %s", v.Kind, v.Data, got.Kind, got.Data)
			}
		}
	})
}

// FuzzValue feeds arbitrary kinds and data (what a binding or a damaged
// file could hand over) to Validate and Go: a valid Value must decode, and
// its decoded form must encode to a Value that decodes the same.
func FuzzValue(f *testing.F) {
	for _, k := range kindCodes[1:] {
		f.Add(k, []byte(""))
		f.Add(k, []byte("null"))
	}
	f.Add(KindObject, []byte(`{"a":1e999}`))
	f.Add(KindNumber, []byte(`-1.5e-3`))
	f.Add(KindDate, []byte(`8640000000000000`))
	f.Add(KindString, []byte(`"\ud800"`))
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		v := Value{Kind: kind, Data: data}
		if err := v.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("Validate error %v does not wrap ErrInvalidValue", err)
			}
			return
		}
		x, err := v.Go()
		if err != nil {
			if !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("Go error %v does not wrap ErrInvalidValue", err)
			}
			return // e.g. a nested number out of float64 range
		}
		v2, err := ValueOf(x)
		if err != nil {
			t.Fatalf("ValueOf(%#v) from %s %q: %v", x, kind, data, err)
		}
		if v.Kind == KindUndefined {
			v2 = v // Go gives nil for both Null and Undefined
		}
		if v2.Kind != v.Kind {
			t.Fatalf("kind %s became %s", v.Kind, v2.Kind)
		}
		x2, err := v2.Go()
		if err != nil || !reflect.DeepEqual(x, x2) {
			t.Fatalf("%s %q: %#v then %#v (%v)", kind, data, x, x2, err)
		}
	})
}

// FuzzKeys checks that any user, app and key strings round-trip and never
// collide with other ones.
func FuzzKeys(f *testing.F) {
	f.Add("a", "b/c", "k", "a/b", "c", "k")
	f.Add("", "ab", "k", "a", "b", "k")
	f.Add("u", "a", "k\x00", "u", "a", "k")
	f.Add("u", "a", "\xff\xfe", "u", "a", "\xff")
	db := mustOpen(f, nil)
	f.Fuzz(func(t *testing.T, u1, a1, k1, u2, a2, k2 string) {
		if a1 == "" || a2 == "" || k1 == "" || k2 == "" {
			return
		}
		s1, s2 := db.App(u1, a1), db.App(u2, a2)
		same := u1 == u2 && a1 == a2 && k1 == k2
		defer func() {
			if err := s1.Clear(); err != nil {
				t.Fatal(err)
			}
			if err := s2.Clear(); err != nil {
				t.Fatal(err)
			}
		}()
		if err := s1.Set(k1, Value{Kind: KindNumber, Data: []byte("1")}); err != nil {
			t.Fatal(err)
		}
		if err := s2.Set(k2, Value{Kind: KindNumber, Data: []byte("2")}); err != nil {
			t.Fatal(err)
		}
		v1, err := s1.Get(k1)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "2", false: "1"}[same]; string(v1.Data) != want {
			t.Fatalf("(%q,%q,%q) reads %s, want %s", u1, a1, k1, v1.Data, want)
		}
		info, err := s1.Info()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{k1}
		if u1 == u2 && a1 == a2 && k1 != k2 {
			want = append(want, k2)
			slices.Sort(want)
		}
		if !slices.Equal(info.Keys, want) {
			t.Fatalf("Info.Keys = %q, want %q", info.Keys, want)
		}
		checkConsistency(t, db)
	})
}

// FuzzDecodeRecord checks that no stored bytes make decodeRecord panic and
// that encoded records decode to what was encoded.
func FuzzDecodeRecord(f *testing.F) {
	f.Add("k", byte(1), []byte(`"v"`))
	f.Add(string(make([]byte, maxInlineKey+1)), byte(4), []byte(`{}`))
	f.Fuzz(func(t *testing.T, key string, code byte, data []byte) {
		k := dbKey(key)
		_, _ = decodeRecord(k, data)                       // arbitrary bytes must not panic
		_, _ = decodeRecord(append([]byte{2}, k...), data) // unknown prefix
		if key == "" || int(code) >= len(kindCodes) || code == 0 {
			return
		}
		r, err := decodeRecord(k, encodeRecord(key, Value{Kind: kindCodes[code], Data: data}))
		if err != nil {
			t.Fatal(err)
		}
		if r.keyOf(k) != key || r.kind != kindCodes[code] || !bytes.Equal(r.data, data) {
			t.Fatalf("decoded %q %s %q", r.keyOf(k), r.kind, r.data)
		}
	})
}
