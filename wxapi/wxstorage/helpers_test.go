package wxstorage_test

import (
	"path/filepath"
	"testing"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxstorage"
)

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

// describe logs a value's class and content.
const describe = `var describe = v => Object.prototype.toString.call(v).slice(8, -1) + ' ' +
	(v instanceof Date ? String(v.getTime()) : v === undefined ? 'undefined' : JSON.stringify(v));`

// launch runs a one-page app as appID with the storage group of userID;
// its Run has describe (a value's class and content) besides log.
func launch(t testing.TB, db *storage.DB, userID, appID string) *bridgetest.App {
	t.Helper()
	return bridgetest.Launch(t, bridge.Config{Groups: []bridge.Group{wxstorage.New(db, userID)}},
		bridgetest.WithAppID(appID), bridgetest.WithPrelude(describe))
}
