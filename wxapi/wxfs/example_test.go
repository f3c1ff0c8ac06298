package wxfs_test

import (
	"context"
	"fmt"
	"os"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxfs"
)

// A host gives every app its own file sandbox.
func ExampleNew() {
	root, _ := os.MkdirTemp("", "wxfs")
	defer os.RemoveAll(root)
	files := wxfs.New(root, &wxfs.Options{UserID: "user-1"})

	b, _ := bundle.Load(fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({ onLoad() {
			const fs = wx.getFileSystemManager()
			const path = wx.env.USER_DATA_PATH + '/notes/today.txt'
			fs.mkdirSync(wx.env.USER_DATA_PATH + '/notes')
			fs.writeFileSync(path, 'buy milk', 'utf8')
			fs.readFile({ filePath: path, encoding: 'utf8', success: r => console.log(r.errMsg, r.data) })
			fs.readFile({ filePath: wx.env.USER_DATA_PATH + '/../../secret', fail: r => console.log(r.errMsg) })
		} })`)},
	})
	rt, err := runtime.New(b, &runtime.Options{
		Info:       runtime.AppInfo{AppID: "wxdemo"},
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Groups: []bridge.Group{files}})},
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

	sb, _ := files.Sandbox("user-1", "wxdemo")
	data, _ := sb.ReadFile("wxfile://usr/notes/today.txt")
	fmt.Println(string(data), sb.Usage())
	// Output:
	// readFile:ok buy milk
	// readFile:fail permission denied, open wxfile://usr/../../secret
	// buy milk 8
}
