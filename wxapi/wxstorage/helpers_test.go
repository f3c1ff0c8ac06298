package wxstorage_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxstorage"
)

var testBundle = fstest.MapFS{
	"app.json":     {Data: []byte(`{"pages":["pages/a/a"]}`)},
	"app.js":       {Data: []byte(`App({ globalData: { log: [] } })`)},
	"pages/a/a.js": {Data: []byte(`Page({})`)},
}

// openDB opens a storage file in a fresh directory (NoSync: tests need no
// durability against machine crashes) and closes it at the end of the test.
func openDB(t testing.TB, opts *storage.Options) *storage.DB {
	t.Helper()
	if opts == nil {
		opts = &storage.Options{}
	}
	opts.NoSync = true
	db, err := storage.Open(filepath.Join(t.TempDir(), "storage.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type app struct {
	t testing.TB
	r *runtime.Runtime
}

// launch runs the test bundle as appID with the storage group of userID.
func launch(t testing.TB, db *storage.DB, userID, appID string) *app {
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
			Groups: []bridge.Group{wxstorage.New(db, userID)},
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

// run evaluates src with a log function and describe (a value's class and
// content), waits until the app is quiet, and returns the log.
func (a *app) run(src string) []any {
	a.t.Helper()
	ctx := context.Background()
	prelude := `getApp().globalData.log = [];
var log = (...a) => getApp().globalData.log.push(a.join(' '));
var describe = v => Object.prototype.toString.call(v).slice(8, -1) + ' ' +
	(v instanceof Date ? String(v.getTime()) : v === undefined ? 'undefined' : JSON.stringify(v));
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
