package storage

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func benchDB(b *testing.B, noSync bool) *AppStorage {
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"), &Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db.App("user", "wxbench")
}

// BenchmarkSet measures wx.setStorageSync's storage side: one small value
// overwritten, with and without fsync, and a 1 KB value.
func BenchmarkSet(b *testing.B) {
	small := Value{Kind: KindObject, Data: []byte(`{"id":42,"name":"cart","items":[1,2,3]}`)}
	kb := Value{Kind: KindString, Data: []byte(`"` + strings.Repeat("x", 1022) + `"`)}
	for _, bc := range []struct {
		name   string
		noSync bool
		v      Value
	}{
		{"small/sync", false, small},
		{"small/nosync", true, small},
		{"1KB/nosync", true, kb},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := benchDB(b, bc.noSync)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if err := s.Set(fmt.Sprint("key", i%100), bc.v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGet measures wx.getStorageSync's storage side on an app with
// 1000 keys.
func BenchmarkGet(b *testing.B) {
	s := benchDB(b, true)
	v := Value{Kind: KindObject, Data: []byte(`{"id":42,"name":"cart","items":[1,2,3]}`)}
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprint("key", i)
		if err := s.Set(keys[i], v); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Get(keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValueOf measures converting a small Go object and a string.
func BenchmarkValueOf(b *testing.B) {
	obj := map[string]any{"id": 42, "name": "cart", "items": []any{1, 2, 3}}
	b.Run("object", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ValueOf(obj); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("string", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ValueOf("hello world"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
