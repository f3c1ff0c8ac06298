package wxsurface_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxsurface"
)

// A host serves wx.scanCode itself; the other device APIs fail with "not
// supported" instead of being undefined.
func ExampleNew() {
	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ async onLoad() {
			const r = await wx.scanCode()
			console.log(r.errMsg, r.result)
			wx.startCompass({fail: e => console.log(e.errMsg)})
			console.log(wx.canIUse('scanCode'), wx.canIUse('startCompass'))
		} })`)},
	})
	scanner := bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		return map[string]any{"result": "https://example.com/item/7", "scanType": "QR_CODE"}, nil
	})
	r, err := runtime.New(b, &runtime.Options{
		Clock: runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{
			wxsurface.New(wxsurface.Options{Handlers: wxsurface.HandlerMap{"scanCode": scanner}}),
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
	// Output:
	// scanCode:ok https://example.com/item/7
	// true false
	// startCompass:fail not supported
}
