package pkgserver_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
)

func ExampleNew() {
	repo, _ := os.MkdirTemp("", "repo")
	defer os.RemoveAll(repo)

	// Publish one package, as "minihost pack" does.
	var zipBuf bytes.Buffer
	pkgformat.ZipDir(&zipBuf, fstest.MapFS{"app.json": {Data: []byte(`{"pages":["index"]}`)}})
	sum := sha256.Sum256(zipBuf.Bytes())
	m := &pkgformat.Manifest{AppID: "wxdemo", Name: "Demo", Version: "1.0.0", Env: "release",
		Size: int64(zipBuf.Len()), SHA256: hex.EncodeToString(sum[:]), PublishedAt: time.Unix(0, 0).UTC()}
	zp := filepath.Join(repo, "upload.zip")
	os.WriteFile(zp, zipBuf.Bytes(), 0o644)
	if err := pkgserver.Publish(repo, m, zp); err != nil {
		log.Fatal(err)
	}

	srv, err := pkgserver.New(repo, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv) // or http.ListenAndServe(addr, srv)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/v1/search?q=demo")
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body[:11]))
	// Output:
	// 200 {"total":1,
}
