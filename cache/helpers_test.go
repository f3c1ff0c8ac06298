package cache

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
)

// testRepo is a package repository served by the real pkgserver handler on
// loopback, with request counters and an optional fault injector.
type testRepo struct {
	t       testing.TB
	dir     string
	srv     *httptest.Server
	key     ed25519.PrivateKey // signs published manifests when set
	zipHits atomic.Int64
	mHits   atomic.Int64
	fault   atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

func newRepo(t testing.TB) *testRepo {
	t.Helper()
	r := &testRepo{t: t, dir: t.TempDir()}
	h, err := pkgserver.New(r.dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasSuffix(req.URL.Path, ".zip") {
			r.zipHits.Add(1)
		} else if strings.HasSuffix(req.URL.Path, "manifest.json") {
			r.mHits.Add(1)
		}
		if f := r.fault.Load(); f != nil && (*f)(w, req) {
			return
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// setFault makes f see every request first; it handles the request when it
// returns true.
func (r *testRepo) setFault(f func(w http.ResponseWriter, req *http.Request) bool) {
	r.fault.Store(&f)
}

// bundleZip returns a small bundle zip whose app.js mentions the version.
func bundleZip(t testing.TB, version string) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := pkgformat.ZipDir(&buf, fstest.MapFS{
		"app.json":             {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":               {Data: []byte("App({version: '" + version + "'})")},
		"pages/index/index.js": {Data: []byte("Page({})")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// manifestFor builds (and, with key, signs) a manifest for data.
func manifestFor(appID, env, version string, data []byte, key ed25519.PrivateKey) *pkgformat.Manifest {
	sum := sha256.Sum256(data)
	m := &pkgformat.Manifest{AppID: appID, Name: "App " + appID, Version: version, Env: env,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Description: "test app " + appID}
	if key != nil {
		pkgformat.Sign(m, key)
	}
	return m
}

// publish packs a bundle and publishes it as appID/release/version.
func (r *testRepo) publish(appID, version string) *pkgformat.Manifest {
	r.t.Helper()
	return r.publishZip(appID, pkgformat.EnvRelease, version, bundleZip(r.t, version))
}

func (r *testRepo) publishZip(appID, env, version string, data []byte) *pkgformat.Manifest {
	r.t.Helper()
	m := manifestFor(appID, env, version, data, r.key)
	zp := filepath.Join(r.t.TempDir(), "pkg.zip")
	if err := os.WriteFile(zp, data, 0o644); err != nil {
		r.t.Fatal(err)
	}
	if err := pkgserver.Publish(r.dir, m, zp); err != nil {
		r.t.Fatal(err)
	}
	return m
}

// mustOpen opens a store and, at cleanup, checks it and closes it.
func mustOpen(t testing.TB, dir string, opts *Options) *Store {
	t.Helper()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Verify(); err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("consistency check: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// appJS reads app.js from a resolved package.
func appJS(t testing.TB, r *Resolved) string {
	t.Helper()
	fsys, c, err := r.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b, err := fs.ReadFile(fsys, "app.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// drain collects the events of a background check.
func drain(t testing.TB, ch <-chan UpdateEvent) []UpdateEvent {
	t.Helper()
	if ch == nil {
		t.Fatal("no background check was started")
	}
	var evs []UpdateEvent
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return evs
			}
			evs = append(evs, ev)
		case <-timeout:
			t.Fatal("background check did not finish")
		}
	}
}

func kinds(evs []UpdateEvent) []UpdateKind {
	out := make([]UpdateKind, len(evs))
	for i, e := range evs {
		out[i] = e.Kind
	}
	return out
}

// tmpEmpty checks that the store's temp directory holds nothing.
func tmpEmpty(t testing.TB, s *Store) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(s.root, "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("temp directory not empty: %v", ents)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// zipWith builds a zip with one entry of the given name, bypassing any
// checks.
func zipWith(t testing.TB, name, data string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(data))
	zw.Close()
	return buf.Bytes()
}

// bundleZipWith is bundleZip plus a stored (uncompressed) binary asset.
func bundleZipWith(t testing.TB, version string, asset []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range map[string][]byte{
		"app.json": []byte(`{"pages":["pages/index/index"]}`),
		"app.js":   []byte("App({version: '" + version + "'})"),
	} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "assets/blob.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(asset)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
