package storage_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/minihost/minihost/storage"
)

func Example() {
	dir, err := os.MkdirTemp("", "storage-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := storage.Open(filepath.Join(dir, "storage.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	// wx.setStorageSync("cart", {items: [1, 2]}) in app wx123 for user alice.
	s := db.App("alice", "wx123")
	v, err := storage.ValueOf(map[string]any{"items": []int{1, 2}})
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Set("cart", v); err != nil {
		log.Fatal(err)
	}

	// wx.getStorageSync("cart").
	got, err := s.Get("cart")
	if err != nil {
		log.Fatal(err)
	}
	x, err := got.Go()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Kind, string(got.Data), x)

	// Another app, or another user, sees nothing.
	_, err = db.App("bob", "wx123").Get("cart")
	fmt.Println(errors.Is(err, storage.ErrNotFound))

	info, err := s.Info()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Keys, info.CurrentSize, info.LimitSize)

	// A value over 1 MB is refused with a *QuotaError.
	big, _ := storage.ValueOf(string(make([]byte, 1<<20)))
	err = s.Set("big", big)
	var qe *storage.QuotaError
	fmt.Println(errors.As(err, &qe), errors.Is(err, storage.ErrKeyQuota), qe.Limit)
	// Output:
	// Object {"items":[1,2]} map[items:[1 2]]
	// true
	// [cart] 19 10485760
	// true true 1048576
}

func ExampleAppStorage_BatchSet() {
	dir, err := os.MkdirTemp("", "storage-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "storage.db"), &storage.Options{AppQuota: 64})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	s := db.App("", "wx123")

	one, _ := storage.ValueOf(1)
	long, _ := storage.ValueOf("a string long enough to break the 64-byte quota of this app!")
	err = s.BatchSet([]storage.KV{{Key: "a", Value: one}, {Key: "b", Value: long}})
	fmt.Println(err)

	// Nothing of the refused batch was written.
	_, found, _ := s.BatchGet([]string{"a", "b"})
	fmt.Println(found)
	// Output:
	// storage: key "b": storage of 65 bytes would exceed the 64 bytes limit per app
	// [false false]
}
