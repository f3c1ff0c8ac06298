package wxui_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxui"
)

// A host records the UI calls of a mini program with a HeadlessUI.
func ExampleNew() {
	b, _ := bundle.Load(fstest.MapFS{
		"app.json":             {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":               {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ onLoad() { wx.showToast({title: 'Welcome'}); wx.setNavigationBarTitle({title: 'Shop'}) } })`)},
	})
	ui := &bridge.HeadlessUI{}
	r, err := runtime.New(b, &runtime.Options{
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{UI: ui, Groups: []bridge.Group{wxui.New()}})},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	ctx := context.Background()
	if err := r.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	_, _ = r.RunUntilIdle(ctx, time.Minute)
	for _, rec := range ui.Records() {
		fmt.Println(rec.API, rec.Args["title"])
	}
	// Output:
	// showToast Welcome
	// setNavigationBarTitle Shop
}
