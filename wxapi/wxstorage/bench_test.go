package wxstorage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/storage"
)

// BenchmarkSyncRoundTrip measures wx.setStorageSync then wx.getStorageSync
// of one small object from JavaScript: one op is one write and one read.
func BenchmarkSyncRoundTrip(b *testing.B) {
	for _, sync := range []bool{false, true} {
		name := "nosync"
		if sync {
			name = "fsync"
		}
		b.Run(name, func(b *testing.B) {
			db := openDB(b, nil) // NoSync
			if sync {
				var err error
				db, err = storage.Open(filepath.Join(b.TempDir(), "fsync.db"), nil)
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
			}
			a := launch(b, db, "u1", "wxapp")
			benchEval(b, a, `wx.setStorageSync('cart', {id: i, items: ['a', 'b'], total: 12.5}); if (wx.getStorageSync('cart').id !== i) throw new Error('mismatch')`)
		})
	}
}

// BenchmarkGetStorageSync measures wx.getStorageSync of one small object.
func BenchmarkGetStorageSync(b *testing.B) {
	a := launch(b, openDB(b, nil), "u1", "wxapp")
	a.Run(`wx.setStorageSync('cart', {id: 1, items: ['a', 'b'], total: 12.5})`)
	benchEval(b, a, `if (wx.getStorageSync('cart').id !== 1) throw new Error('mismatch')`)
}

// benchEval runs body b.N times in one JavaScript loop (i is the index).
func benchEval(b *testing.B, a *bridgetest.App, body string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := a.Runtime().Eval(context.Background(), fmt.Sprintf(`for (let i = 0; i < %d; i++) { %s }`, b.N, body)); err != nil {
		b.Fatal(err)
	}
}
