package bridge_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// A host registers a custom API before any app starts; mini programs reach
// it through wx.invokeNativePlugin.
func ExampleRegistry_Handle() {
	reg := &bridge.Registry{}
	err := reg.Handle("getDeviceToken", bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		fmt.Println("host got", c.Params["stateEvent"], c.Params["api_name"], c.Data()["scope"])
		return map[string]any{"token": "t-1"}, nil
	}))
	if err != nil {
		panic(err)
	}

	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ async onLoad() {
			const res = await wx.invokeNativePlugin({ api_name: 'getDeviceToken', data: { scope: 'push' } })
			console.log(res.errMsg, res.token)
		} })`)},
	})
	rt, err := runtime.New(b, &runtime.Options{
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Plugins: reg})},
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
	// Output:
	// host got requestCustomApi getDeviceToken push
	// invokeNativePlugin:ok t-1
}

// loginHost offers wx.login; the other open APIs answer "not supported".
type loginHost struct{ openapi.Unsupported }

func (loginHost) Login(ctx context.Context, app openapi.AppInfo, params map[string]any) (map[string]any, error) {
	return map[string]any{"code": "code-for-" + app.AppID}, nil
}

// A host implements the open APIs it offers by embedding
// openapi.Unsupported.
func ExampleConfig_openAPI() {
	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ onLoad() {
			wx.login({ success: r => console.log(r.errMsg, r.code) })
			wx.getPhoneNumber({ fail: r => console.log(r.errMsg) })
		} })`)},
	})
	rt, _ := runtime.New(b, &runtime.Options{
		Info:       runtime.AppInfo{AppID: "wxdemo"},
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{OpenAPI: loginHost{}})},
		OnEvent: func(ev runtime.Event) {
			if c, ok := ev.(*runtime.ConsoleEvent); ok {
				fmt.Println(c.Args...)
			}
		},
	})
	defer rt.Close()
	ctx := context.Background()
	_ = rt.Launch(ctx, runtime.LaunchOptions{})
	rt.RunUntilIdle(ctx, time.Minute)
	// Unordered output:
	// login:ok code-for-wxdemo
	// getPhoneNumber:fail not supported
}
