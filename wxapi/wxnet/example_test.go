package wxnet_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxnet"
)

// A host lets each app reach only the servers on its allow-list.
func ExampleNew() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"hello":%q}`, r.URL.Query().Get("name"))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	network := wxnet.New(wxnet.Options{
		Domains:       func(appID string) []string { return []string{host} },
		AllowInsecure: true, // develop mode: the test server is plain http on 127.0.0.1
	})
	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ onLoad() {
			wx.request({ url: '` + srv.URL + `/greet', data: { name: 'ann' },
				success: r => console.log(r.errMsg, r.statusCode, r.data.hello) })
			wx.request({ url: 'http://198.51.100.7/steal', fail: r => console.log(r.errMsg) })
		} })`)},
	})
	rt, err := runtime.New(b, &runtime.Options{
		Info:       runtime.AppInfo{AppID: "wxdemo"},
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{network}})},
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
	// Unordered output:
	// request:fail url not in domain list
	// request:ok 200 ann
}
