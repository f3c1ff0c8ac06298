package wxnet_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
)

type app struct {
	t testing.TB
	r *runtime.Runtime
}

// launch runs a bundle (app.json given, "" for a plain one) as app
// "wxnet" with the groups.
func launch(t testing.TB, appJSON string, groups ...bridge.Group) *app {
	t.Helper()
	if appJSON == "" {
		appJSON = `{"pages":["pages/a/a"]}`
	}
	b, err := bundle.Load(fstest.MapFS{
		"app.json":     {Data: []byte(appJSON)},
		"app.js":       {Data: []byte(`App({ globalData: { log: [] } })`)},
		"pages/a/a.js": {Data: []byte(`Page({})`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := runtime.New(b, &runtime.Options{
		Info:  runtime.AppInfo{AppID: "wxnet", Version: "1.0.0"},
		Clock: runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{
			Logger: slog.New(slog.DiscardHandler),
			Groups: groups,
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

const prelude = `getApp().globalData.log = [];
var log = (...a) => getApp().globalData.log.push(a.join(' '));
var hex = ab => Array.from(new Uint8Array(ab)).map(b => b.toString(16).padStart(2, '0')).join('');
`

// start evaluates src in a block with log defined.
func (a *app) start(src string) {
	a.t.Helper()
	if _, err := a.r.Eval(context.Background(), prelude+"{\n"+src+"\n}"); err != nil {
		a.t.Fatalf("Eval: %v", err)
	}
}

// wait waits until the app is quiet and returns the log.
func (a *app) wait() []any {
	a.t.Helper()
	ctx := context.Background()
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

// run evaluates src, waits until the app is quiet and returns the log.
func (a *app) run(src string) []any {
	a.t.Helper()
	a.start(src)
	return a.wait()
}

// tlsClient returns a client of a TLS test server that reaches it under
// any host name (the server's certificate is valid for example.com).
func tlsClient(ts *httptest.Server) *http.Client {
	c := ts.Client()
	tr := c.Transport.(*http.Transport).Clone()
	addr := ts.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	c.Transport = tr
	return c
}

// insecure is a group for plain httptest servers.
func insecure(opts wxnet.Options) *wxnet.Group {
	opts.AllowInsecure = true
	return wxnet.New(opts)
}

var _ = wxfs.New
