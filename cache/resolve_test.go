package cache

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
)

func TestResolveMissThenHit(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	ctx := context.Background()

	r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceNetwork || r.Manifest.Version != "1.0.0" || r.Updates != nil {
		t.Fatalf("miss: source %s version %s updates %v", r.Source, r.Manifest.Version, r.Updates)
	}
	if got := appJS(t, r); !strings.Contains(got, "1.0.0") {
		t.Errorf("app.js = %q", got)
	}
	r, err = s.Resolve(ctx, ResolveRequest{AppID: "wxdemo", EnvVersion: "release"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || r.Manifest.Version != "1.0.0" {
		t.Fatalf("hit: source %s version %s", r.Source, r.Manifest.Version)
	}
	if evs := drain(t, r.Updates); !slices.Equal(kinds(evs), []UpdateKind{UpdateNone}) {
		t.Errorf("background check events %v, want [none]", kinds(evs))
	}
	if n := repo.zipHits.Load(); n != 1 {
		t.Errorf("%d package downloads, want 1", n)
	}
	tmpEmpty(t, s)
}

func TestResolveBackgroundUpdateUsedOnNextOpen(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	var mu sync.Mutex
	var seen []UpdateKind
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL, OnUpdate: func(ev UpdateEvent) {
		mu.Lock()
		seen = append(seen, ev.Kind)
		mu.Unlock()
	}})
	ctx := context.Background()
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil {
		t.Fatal(err)
	}
	repo.publish("wxdemo", "1.1.0")
	r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || r.Manifest.Version != "1.0.0" {
		t.Fatalf("second open: %s %s, want the cached 1.0.0 at once", r.Source, r.Manifest.Version)
	}
	evs := drain(t, r.Updates)
	if !slices.Equal(kinds(evs), []UpdateKind{UpdateAvailable, UpdateReady}) {
		t.Fatalf("events %v, want [available ready]", evs)
	}
	if evs[1].Latest.Version != "1.1.0" || evs[1].Current != "1.0.0" {
		t.Errorf("ready event %+v", evs[1])
	}
	mu.Lock()
	if !slices.Equal(seen, []UpdateKind{UpdateNone, UpdateAvailable, UpdateReady}) && !slices.Equal(seen, []UpdateKind{UpdateAvailable, UpdateReady}) {
		t.Errorf("OnUpdate saw %v", seen)
	}
	mu.Unlock()
	r, err = s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || r.Manifest.Version != "1.1.0" || !strings.Contains(appJS(t, r), "1.1.0") {
		t.Fatalf("third open: %s %s, want the cached 1.1.0", r.Source, r.Manifest.Version)
	}
	drain(t, r.Updates)
}

func TestResolveForceUpdate(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	ctx := context.Background()
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || r.Stale != nil {
		t.Errorf("force with nothing new: %s stale %v, want cache", r.Source, r.Stale)
	}
	repo.publish("wxdemo", "2.0.0")
	r, err = s.Resolve(ctx, ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceNetwork || r.Manifest.Version != "2.0.0" || !strings.Contains(appJS(t, r), "2.0.0") {
		t.Fatalf("force: %s %s, want network 2.0.0", r.Source, r.Manifest.Version)
	}
}

func TestResolveOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	zp := filepath.Join(t.TempDir(), "demo.zip")
	if err := os.WriteFile(zp, bundleZip(t, "offline"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, dir, nil)
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo", OfflinePackage: zp})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceOffline || !strings.HasPrefix(r.Manifest.Version, "0.0.0-offline.") {
		t.Fatalf("offline: %s %s", r.Source, r.Manifest.Version)
	}
	r, err = s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || !strings.Contains(appJS(t, r), "offline") {
		t.Fatalf("after offline install: %s", r.Source)
	}
	// A server version replaces the offline one, which sorts below it.
	repo := newRepo(t)
	repo.publish("wxdemo", "0.0.1")
	s.Close()
	s = mustOpen(t, dir, &Options{ServerURL: repo.srv.URL})
	r, err = s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	if evs := drain(t, r.Updates); !slices.Equal(kinds(evs), []UpdateKind{UpdateAvailable, UpdateReady}) {
		t.Fatalf("events %v", kinds(evs))
	}
	// Passing the offline package again does not downgrade the app.
	r, err = s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo", OfflinePackage: zp})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || r.Manifest.Version != "0.0.1" {
		t.Fatalf("offline package over a newer version: %s %s", r.Source, r.Manifest.Version)
	}
}

func TestResolveOfflineWithManifest(t *testing.T) {
	t.Parallel()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	pub := key.Public().(ed25519.PublicKey)
	data := bundleZip(t, "3.0.0")
	zp := filepath.Join(t.TempDir(), "demo.zip")
	os.WriteFile(zp, data, 0o644)
	writeManifest := func(m *pkgformat.Manifest) {
		b, _ := m.Marshal()
		os.WriteFile(strings.TrimSuffix(zp, ".zip")+".json", b, 0o644)
	}
	s := mustOpen(t, t.TempDir(), &Options{TrustedKeys: []ed25519.PublicKey{pub}})
	req := ResolveRequest{AppID: "wxdemo", OfflinePackage: zp}

	writeManifest(manifestFor("wxdemo", "release", "3.0.0", data, nil))
	if _, err := s.Resolve(context.Background(), req); !errors.Is(err, ErrSignature) {
		t.Fatalf("unsigned offline package with trusted keys: %v", err)
	}
	writeManifest(manifestFor("other", "release", "3.0.0", data, key))
	if _, err := s.Resolve(context.Background(), req); !errors.Is(err, ErrInvalidPackage) {
		t.Fatalf("manifest for another app: %v", err)
	}
	writeManifest(manifestFor("wxdemo", "release", "3.0.0", data[:len(data)-1], key))
	if _, err := s.Resolve(context.Background(), req); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("wrong hash: %v", err)
	}
	writeManifest(manifestFor("wxdemo", "release", "3.0.0", data, key))
	r, err := s.Resolve(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceOffline || r.Manifest.Version != "3.0.0" {
		t.Fatalf("%s %s", r.Source, r.Manifest.Version)
	}
	tmpEmpty(t, s)
}

func TestResolveServerDownWithCachedCopy(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	ctx := context.Background()
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil {
		t.Fatal(err)
	}
	repo.srv.Close()
	r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != SourceCache || !errors.Is(r.Stale, ErrNetwork) || r.Manifest.Version != "1.0.0" {
		t.Fatalf("force with server down: %s stale %v", r.Source, r.Stale)
	}
	r, err = s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	evs := drain(t, r.Updates)
	if len(evs) != 1 || evs[0].Kind != UpdateFailed || !errors.Is(evs[0].Err, ErrNetwork) {
		t.Fatalf("background check with server down: %+v", evs)
	}
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxother"}); !errors.Is(err, ErrNetwork) {
		t.Fatalf("miss with server down: %v, want ErrNetwork", err)
	}
}

// TestResolveFailures checks each server failure on a miss (nothing cached
// afterwards) and as a background update (the cached version stays).
func TestResolveFailures(t *testing.T) {
	t.Parallel()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	pub := key.Public().(ed25519.PublicKey)
	tests := []struct {
		name    string
		signed  bool
		timeout time.Duration
		setup   func(t *testing.T, repo *testRepo, s *Store) // after v1 is cached, publish the bad v2
		want    error
	}{
		{"404", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool { http.NotFound(w, r); return true })
		}, ErrAppNotFound},
		{"500", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.publish("wxdemo", "2.0.0")
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, ".zip") {
					http.Error(w, "boom", http.StatusInternalServerError)
					return true
				}
				return false
			})
		}, ErrNetwork},
		{"timeout", false, 500 * time.Millisecond, func(t *testing.T, repo *testRepo, s *Store) {
			repo.publish("wxdemo", "2.0.0")
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return true
			})
		}, ErrNetwork},
		{"truncated body", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			m := repo.publish("wxdemo", "2.0.0")
			data, _ := os.ReadFile(filepath.Join(repo.dir, "wxdemo", "release", "2.0.0.zip"))
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if !strings.HasSuffix(r.URL.Path, ".zip") {
					return false
				}
				w.Header().Set("Content-Length", itoa(m.Size))
				w.Write(data[:len(data)/2])
				return true // the server closes the connection short
			})
		}, ErrIntegrity},
		{"wrong hash", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.publish("wxdemo", "2.0.0")
			zp := filepath.Join(repo.dir, "wxdemo", "release", "2.0.0.zip")
			data, _ := os.ReadFile(zp)
			data[len(data)/2] ^= 0xff
			os.WriteFile(zp, data, 0o644)
		}, ErrIntegrity},
		{"shorter file", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.publish("wxdemo", "2.0.0")
			zp := filepath.Join(repo.dir, "wxdemo", "release", "2.0.0.zip")
			data, _ := os.ReadFile(zp)
			os.WriteFile(zp, data[:len(data)-3], 0o644)
		}, ErrIntegrity},
		{"wrong signature", true, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.key = otherKey
			repo.publish("wxdemo", "2.0.0")
		}, ErrSignature},
		{"unsigned", true, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.key = nil
			repo.publish("wxdemo", "2.0.0")
		}, ErrSignature},
		{"malicious zip", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.publishZip("wxdemo", "release", "2.0.0", zipWith(t, "../../escape.js", "evil"))
		}, ErrInvalidPackage},
		{"manifest for another app", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			m := repo.publish("wxother", "2.0.0")
			b, _ := m.Marshal()
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, "manifest.json") {
					w.Write(b)
					return true
				}
				return false
			})
		}, ErrInvalidPackage},
		{"garbage manifest", false, 0, func(t *testing.T, repo *testRepo, s *Store) {
			repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				w.Write([]byte(`{"appId": 12}`))
				return true
			})
		}, ErrInvalidPackage},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/miss", func(t *testing.T) {
			t.Parallel()
			repo := newRepo(t)
			opts := &Options{ServerURL: repo.srv.URL, RequestTimeout: tt.timeout}
			if tt.signed {
				repo.key = key
				opts.TrustedKeys = []ed25519.PublicKey{pub}
			}
			s := mustOpen(t, t.TempDir(), opts)
			tt.setup(t, repo, s)
			_, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if apps, _ := s.List(); len(apps) != 0 {
				t.Errorf("cache lists %v after a failed install", apps)
			}
			ents, _ := os.ReadDir(filepath.Join(s.root, "packages"))
			if len(ents) != 0 {
				t.Errorf("package files written: %v", ents)
			}
			tmpEmpty(t, s)
		})
		t.Run(tt.name+"/update", func(t *testing.T) {
			t.Parallel()
			repo := newRepo(t)
			opts := &Options{ServerURL: repo.srv.URL, RequestTimeout: tt.timeout}
			if tt.signed {
				repo.key = key
				opts.TrustedKeys = []ed25519.PublicKey{pub}
			}
			repo.publish("wxdemo", "1.0.0")
			s := mustOpen(t, t.TempDir(), opts)
			ctx := context.Background()
			if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, repo, s)
			r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
			if err != nil {
				t.Fatal(err)
			}
			evs := drain(t, r.Updates)
			last := evs[len(evs)-1]
			if last.Kind != UpdateFailed || !errors.Is(last.Err, tt.want) {
				t.Fatalf("background events %+v, want failed with %v", evs, tt.want)
			}
			r, err = s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"})
			if err != nil {
				t.Fatal(err)
			}
			drain(t, r.Updates)
			if r.Manifest.Version != "1.0.0" || !strings.Contains(appJS(t, r), "1.0.0") {
				t.Fatalf("after the failed update the cache serves %s", r.Manifest.Version)
			}
			tmpEmpty(t, s)
		})
	}
}

func TestRollbackRefused(t *testing.T) {
	t.Parallel()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	repo := newRepo(t)
	repo.key = key
	repo.publish("wxdemo", "1.0.0")
	repo.publish("wxdemo", "2.0.0")
	dir := t.TempDir()
	opts := &Options{ServerURL: repo.srv.URL, TrustedKeys: []ed25519.PublicKey{key.Public().(ed25519.PublicKey)}}
	s := mustOpen(t, dir, opts)
	ctx := context.Background()
	if r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil || r.Manifest.Version != "2.0.0" {
		t.Fatalf("first resolve: %v", err)
	}
	// The server now offers the older, validly signed 1.0.0 as the latest.
	latest := filepath.Join(repo.dir, "wxdemo", "release", "manifest.json")
	old, _ := os.ReadFile(filepath.Join(repo.dir, "wxdemo", "release", "1.0.0.json"))
	os.WriteFile(latest, old, 0o644)
	_, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
	if !errors.Is(err, ErrRollback) {
		t.Fatalf("force update to an older version: %v, want ErrRollback", err)
	}
	// Removing the app does not reset the floor.
	if err := s.Remove("wxdemo"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); !errors.Is(err, ErrRollback) {
		t.Fatalf("after remove: %v, want ErrRollback", err)
	}
	// Without trusted keys the server's rollback is followed.
	s2 := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	if r, err := s2.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); err != nil || r.Manifest.Version != "1.0.0" {
		t.Fatalf("unsigned cache: %v", err)
	}
}

func TestResolveConcurrentDownloadsOnce(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
			if err == nil && r.Manifest.Version != "1.0.0" {
				err = errors.New("wrong version " + r.Manifest.Version)
			}
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := repo.zipHits.Load(); got != 1 {
		t.Fatalf("%d downloads for %d concurrent resolves, want 1", got, n)
	}
}

func TestDownloadPanicRecovered(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL, OnProgress: func(Progress) { panic("progress bar exploded") }})
	_, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if !errors.Is(err, ErrPanic) || !strings.Contains(err.Error(), "progress bar exploded") {
		t.Fatalf("got %v, want ErrPanic", err)
	}
	tmpEmpty(t, s)
}

func TestResolveCallerCancel(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	release := make(chan struct{})
	repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, ".zip") {
			<-release
		}
		return false
	})
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxdemo"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the caller's deadline", err)
	}
	close(release)
	// The download went on for others and is installed.
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if err != nil || r.Manifest.Version != "1.0.0" {
		t.Fatalf("after cancel: %v", err)
	}
	if repo.zipHits.Load() != 1 {
		t.Errorf("%d downloads, want 1", repo.zipHits.Load())
	}
}

func TestResolveInvalidRequests(t *testing.T) {
	t.Parallel()
	s := mustOpen(t, t.TempDir(), nil)
	for _, req := range []ResolveRequest{{AppID: ""}, {AppID: "../x"}, {AppID: "a", EnvVersion: "prod"}, {AppID: "a", OfflinePackage: "/no/such.zip"}} {
		if _, err := s.Resolve(context.Background(), req); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("%+v: got %v, want ErrInvalidRequest", req, err)
		}
	}
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "a"}); !errors.Is(err, ErrNotCached) {
		t.Errorf("miss without a server: %v, want ErrNotCached", err)
	}
	s.Close()
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "a"}); !errors.Is(err, ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}

func TestCachedUnsignedIgnoredWithTrustedKeys(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	dir := t.TempDir()
	s := mustOpen(t, dir, &Options{ServerURL: repo.srv.URL})
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	s = mustOpen(t, dir, &Options{TrustedKeys: []ed25519.PublicKey{pub}})
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); !errors.Is(err, ErrNotCached) {
		t.Fatalf("unsigned cached copy with trusted keys: %v, want ErrNotCached", err)
	}
}

// TestResolveRefusesMaliciousZips serves correctly hashed but unsafe
// packages: each is refused with its zip error and nothing reaches the
// packages directory or stays in tmp.
func TestResolveRefusesMaliciousZips(t *testing.T) {
	t.Parallel()
	raw := func(build func(zw *zip.Writer)) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			build(zw)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
	}
	add := func(zw *zip.Writer, fh *zip.FileHeader, data []byte) {
		w, _ := zw.CreateHeader(fh)
		w.Write(data)
	}
	tests := []struct {
		name string
		zip  func(t *testing.T) []byte
		want error
	}{
		{"zip slip", raw(func(zw *zip.Writer) { add(zw, &zip.FileHeader{Name: "../../../../tmp/evil.js"}, []byte("x")) }), pkgformat.ErrParentPath},
		{"absolute", raw(func(zw *zip.Writer) { add(zw, &zip.FileHeader{Name: "/tmp/evil.js"}, []byte("x")) }), pkgformat.ErrAbsolutePath},
		{"symlink", raw(func(zw *zip.Writer) {
			fh := &zip.FileHeader{Name: "app.js"}
			fh.SetMode(fs.ModeSymlink | 0o777)
			add(zw, fh, []byte("/etc/passwd"))
		}), pkgformat.ErrSymlink},
		{"bomb", raw(func(zw *zip.Writer) {
			add(zw, &zip.FileHeader{Name: "z", Method: zip.Deflate}, make([]byte, 8<<20))
		}), pkgformat.ErrCompressionRatio},
		{"case duplicate", raw(func(zw *zip.Writer) {
			add(zw, &zip.FileHeader{Name: "App.js"}, []byte("1"))
			add(zw, &zip.FileHeader{Name: "app.js"}, []byte("2"))
		}), pkgformat.ErrDuplicateEntry},
		{"trailing garbage", func(t *testing.T) []byte { return append(bundleZip(t, "1.0.0"), "junk"...) }, pkgformat.ErrTrailingData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			repo := newRepo(t)
			repo.publishZip("wxdemo", "release", "1.0.0", tt.zip(t))
			s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
			_, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
			var ze *pkgformat.ZipError
			if !errors.Is(err, ErrInvalidPackage) || !errors.Is(err, tt.want) || !errors.As(err, &ze) {
				t.Fatalf("got %v, want ErrInvalidPackage and %v", err, tt.want)
			}
			var files []string
			filepath.WalkDir(filepath.Dir(s.root), func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					files = append(files, p)
				}
				return nil
			})
			if len(files) != 1 || filepath.Base(files[0]) != "index.db" {
				t.Errorf("files in the cache after a refused package: %v", files)
			}
			tmpEmpty(t, s)
		})
	}
}

// Other bytes installed under a version already cached get a file of their
// own: the index and the file it names always agree, and the old file goes.
func TestSameVersionOtherBytes(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	first, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	other := bundleZipWith(t, "1.0.0", []byte("different bytes"))
	zp := filepath.Join(t.TempDir(), "other.zip")
	os.WriteFile(zp, other, 0o644)
	b, _ := manifestFor("wxdemo", "release", "1.0.0", other, nil).Marshal()
	os.WriteFile(strings.TrimSuffix(zp, ".zip")+".json", b, 0o644)
	second, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo", OfflinePackage: zp})
	if err != nil {
		t.Fatal(err)
	}
	if second.Path == first.Path || second.Manifest.SHA256 == first.Manifest.SHA256 {
		t.Fatalf("same path %s for other bytes", second.Path)
	}
	if err := s.Verify(); err != nil {
		t.Errorf("index and files disagree: %v", err)
	}
	if _, err := os.Stat(first.Path); !os.IsNotExist(err) {
		t.Errorf("the replaced package file is still there: %v", err)
	}
}

// A host OnUpdate that panics neither hangs Close nor crashes the process.
func TestOnUpdatePanics(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s, err := Open(t.TempDir(), &Options{ServerURL: repo.srv.URL, OnUpdate: func(ev UpdateEvent) { panic("host bug") }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); err != nil {
		t.Fatal(err)
	}
	repo.publish("wxdemo", "2.0.0")
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []UpdateKind
	for ev := range r.Updates {
		kinds = append(kinds, ev.Kind)
	}
	if !slices.Equal(kinds, []UpdateKind{UpdateAvailable, UpdateReady}) {
		t.Errorf("events = %v", kinds)
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hung after OnUpdate panicked")
	}
}
