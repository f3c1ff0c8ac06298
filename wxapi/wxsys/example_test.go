package wxsys_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
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

// Permission decisions kept in the storage file survive a restart of the
// host: a refused scope stays refused without asking again.
func ExampleStoragePermissions() {
	dir, _ := os.MkdirTemp("", "perms")
	defer os.RemoveAll(dir)
	app := openapi.AppInfo{AppID: "wxdemo"}
	ui := &refuseUI{}
	for run := 1; run <= 2; run++ {
		db, err := storage.Open(filepath.Join(dir, "storage.db"), nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		perms := wxsys.NewPermissions(wxsys.StoragePermissions(db), "alice")
		err = perms.Require(context.Background(), ui, app, "scope.userLocation", "to find shops near you")
		fmt.Printf("run %d: %v (asked %d times)\n", run, err, ui.asked)
		_ = db.Close()
	}
	// Output:
	// run 1: auth deny (asked 1 times)
	// run 2: auth deny (asked 1 times)
}

// refuseUI refuses every permission.
type refuseUI struct {
	bridge.HeadlessUI
	asked int
}

func (u *refuseUI) Authorize(context.Context, openapi.AppInfo, string, string) (bool, error) {
	u.asked++
	return false, nil
}
