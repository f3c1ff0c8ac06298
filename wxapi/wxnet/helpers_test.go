package wxnet_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
)

// hexJS defines hex, a Run helper: the bytes of an ArrayBuffer in hexadecimal.
const hexJS = `var hex = ab => Array.from(new Uint8Array(ab)).map(b => b.toString(16).padStart(2, '0')).join('');`

// launch runs a one-page bundle (app.json given, "" for a plain one) as
// app "wxnet" with the groups; its Run has hex besides log.
func launch(t testing.TB, appJSON string, groups ...bridge.Group) *bridgetest.App {
	t.Helper()
	opts := []bridgetest.Option{
		bridgetest.WithInfo(runtime.AppInfo{AppID: "wxnet", Version: "1.0.0"}),
		bridgetest.WithPrelude(hexJS),
	}
	if appJSON != "" {
		opts = append(opts, bridgetest.WithFiles(map[string]string{"app.json": appJSON}))
	}
	return bridgetest.Launch(t, bridge.Config{Groups: groups}, opts...)
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
