package wxfs_test

import (
	"testing"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/wxapi/wxfs"
)

// assets are the package files of the test bundle.
var assets = map[string]string{
	"assets/hello.txt": `hello from the package`,
	"assets/data.json": `{"n":1}`,
	"assets/sub/x.bin": "\x00\x01\x02",
}

// prelude gives Run fs (the FileSystemManager), U (USER_DATA_PATH),
// catching (which logs a thrown message or what the function returned) and
// cb (callbacks that log errMsg).
const prelude = `var fs = wx.getFileSystemManager(), U = wx.env.USER_DATA_PATH;
var catching = f => { try { const r = f(); log('returned', r === undefined ? 'undefined' : typeof r === 'string' ? r : JSON.stringify(r)) } catch (e) { log(e.message) } };
var cb = name => ({success: r => log(r.errMsg), fail: r => log(r.errMsg)});`

// launch runs the test bundle (one page and the assets) as appID with the
// file group g.
func launch(t testing.TB, g *wxfs.Group, appID string) *bridgetest.App {
	t.Helper()
	return bridgetest.Launch(t, bridge.Config{Groups: []bridge.Group{g}},
		bridgetest.WithAppID(appID), bridgetest.WithFiles(assets), bridgetest.WithPrelude(prelude))
}
