package wxstorage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxstorage"
)

// A host gives every app of a user its own storage in one file.
func ExampleNew() {
	dir, _ := os.MkdirTemp("", "wxstorage")
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "storage.db"), nil)
	if err != nil {
		panic(err)
	}
	defer db.Close()

	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ async onLoad() {
			wx.setStorageSync('visits', (wx.getStorageSync('visits') || 0) + 1)
			await wx.setStorage({ key: 'last', data: new Date(0) })
			const { data } = await wx.getStorage({ key: 'last' })
			console.log(wx.getStorageSync('visits'), data instanceof Date, data.getTime())
			wx.getStorage({ key: 'nope', fail: r => console.log(r.errMsg) })
		} })`)},
	})
	rt, err := runtime.New(b, &runtime.Options{
		Info:       runtime.AppInfo{AppID: "wxdemo"},
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{wxstorage.New(db, "user-1")}})},
		OnEvent: func(ev runtime.Event) {
			if c, ok := ev.(*runtime.ConsoleEvent); ok {
				fmt.Println(c.Args...)
			}
		},
	})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	ctx := context.Background()
	if err := rt.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		panic(err)
	}
	rt.RunUntilIdle(ctx, time.Minute)

	v, _ := db.App("user-1", "wxdemo").Get("visits")
	fmt.Println(v.Kind, string(v.Data))
	// Output:
	// 1 true 0
	// getStorage:fail data not found
	// Number 1
}
