package wxsys_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxsys"
)

// A host reports a device of its own and tells a running app that an
// update is ready.
func ExampleNew() {
	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js": {Data: []byte(`App({ onLaunch() {
			console.log(wx.getSystemInfoSync().model)
			const m = wx.getUpdateManager()
			m.onCheckForUpdate(r => console.log('hasUpdate', r.hasUpdate))
			m.onUpdateReady(() => console.log('ready'))
		} })`)},
		"pages/index/index.js": {Data: []byte(`Page({})`)},
	})
	phone := wxsys.DefaultSystemInfo()
	phone.Model = "Pixel 8"
	hub := &wxsys.UpdateHub{}
	hub.Publish(wxsys.UpdateEvent{AppID: "wxdemo", HasUpdate: true}) // the cache's background check
	r, err := runtime.New(b, &runtime.Options{
		Info:  runtime.AppInfo{AppID: "wxdemo"},
		Clock: runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{
			wxsys.New(wxsys.Options{System: &phone, Updates: hub}),
		}})},
		OnEvent: func(ev runtime.Event) {
			if c, ok := ev.(*runtime.ConsoleEvent); ok {
				fmt.Println(c.Args...)
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	ctx := context.Background()
	_ = r.Launch(ctx, runtime.LaunchOptions{})
	_, _ = r.RunUntilIdle(ctx, time.Minute)
	hub.Publish(wxsys.UpdateEvent{AppID: "wxdemo", Ready: true}) // downloaded
	_, _ = r.RunUntilIdle(ctx, time.Minute)
	// Output:
	// Pixel 8
	// hasUpdate true
	// ready
}
