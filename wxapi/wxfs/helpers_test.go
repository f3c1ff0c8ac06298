package wxfs_test

import (
	"context"
	"log/slog"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxfs"
)

var testBundle = fstest.MapFS{
	"app.json":         {Data: []byte(`{"pages":["pages/a/a"]}`)},
	"app.js":           {Data: []byte(`App({ globalData: { log: [] } })`)},
	"pages/a/a.js":     {Data: []byte(`Page({})`)},
	"assets/hello.txt": {Data: []byte(`hello from the package`)},
	"assets/data.json": {Data: []byte(`{"n":1}`)},
	"assets/sub/x.bin": {Data: []byte{0, 1, 2}},
}

type app struct {
	t testing.TB
	r *runtime.Runtime
}

// launch runs the test bundle as appID with the file group g.
func launch(t testing.TB, g *wxfs.Group, appID string) *app {
	t.Helper()
	b, err := bundle.Load(testBundle)
	if err != nil {
		t.Fatal(err)
	}
	r, err := runtime.New(b, &runtime.Options{
		Info:  runtime.AppInfo{AppID: appID},
		Clock: runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{
			Logger: slog.New(slog.DiscardHandler),
			Groups: []bridge.Group{g},
		})},
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.Launch(context.Background(), runtime.LaunchOptions{}); err != nil {
		t.Fatal(err)
	}
	return &app{t: t, r: r}
}

// run evaluates src in a block with log, fs (the FileSystemManager), U
// (USER_DATA_PATH) and catching (which logs a thrown message), waits until
// the app is quiet, and returns the log.
func (a *app) run(src string) []any {
	a.t.Helper()
	ctx := context.Background()
	prelude := `getApp().globalData.log = [];
var log = (...a) => getApp().globalData.log.push(a.join(' '));
var fs = wx.getFileSystemManager(), U = wx.env.USER_DATA_PATH;
var catching = f => { try { const r = f(); log('returned', r === undefined ? 'undefined' : typeof r === 'string' ? r : JSON.stringify(r)) } catch (e) { log(e.message) } };
var cb = name => ({success: r => log(r.errMsg), fail: r => log(r.errMsg)});
`
	if _, err := a.r.Eval(ctx, prelude+"{\n"+src+"\n}"); err != nil {
		a.t.Fatalf("Eval: %v", err)
	}
	if _, err := a.r.RunUntilIdle(ctx, time.Minute); err != nil {
		a.t.Fatal(err)
	}
	v, err := a.r.Eval(ctx, `getApp().globalData.log`)
	if err != nil {
		a.t.Fatal(err)
	}
	out, _ := v.([]any)
	return out
}
