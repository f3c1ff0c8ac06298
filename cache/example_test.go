package cache_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
)

// publishDemo packs a one-page bundle and publishes it into repo, as
// "minihost pack" does.
func publishDemo(repo, version string) {
	var zipBuf bytes.Buffer
	if err := pkgformat.ZipDir(&zipBuf, fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte("App({})")},
	}); err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(zipBuf.Bytes())
	m := &pkgformat.Manifest{AppID: "wxdemo", Name: "Demo", Version: version, Env: pkgformat.EnvRelease,
		Size: int64(zipBuf.Len()), SHA256: hex.EncodeToString(sum[:]), PublishedAt: time.Now().UTC()}
	zp := filepath.Join(repo, "upload.zip")
	if err := os.WriteFile(zp, zipBuf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := pkgserver.Publish(repo, m, zp); err != nil {
		log.Fatal(err)
	}
}

func ExampleOpen() {
	repo, _ := os.MkdirTemp("", "repo")
	defer os.RemoveAll(repo)
	publishDemo(repo, "1.0.0")
	srv, _ := pkgserver.New(repo, nil)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	dir, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(dir)
	store, err := cache.Open(dir, &cache.Options{ServerURL: ts.URL, UserID: "alice"})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	ctx := context.Background()
	for range 2 {
		r, err := store.Resolve(ctx, cache.ResolveRequest{AppID: "wxdemo"})
		if err != nil {
			log.Fatal(err)
		}
		fsys, closer, err := r.Open()
		if err != nil {
			log.Fatal(err)
		}
		appJSON, _ := fs.ReadFile(fsys, "app.json")
		closer.Close()
		fmt.Println(r.Source, r.Manifest.Version, string(appJSON))
		if r.Updates != nil {
			for ev := range r.Updates { // wait for the background check
				fmt.Println("update check:", ev.Kind)
			}
		}
	}
	// Output:
	// network 1.0.0 {"pages":["pages/index/index"]}
	// cache 1.0.0 {"pages":["pages/index/index"]}
	// update check: none
}
