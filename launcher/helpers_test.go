package launcher_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/runtime"
)

// world is a package server with the test apps and a launcher using it.
type world struct {
	t    testing.TB
	repo string
	srv  *httptest.Server
	tr   *http.Transport
	l    *launcher.Launcher

	mu     sync.Mutex
	events []launcher.Event
}

// publish packs testdata/apps/<dir> as appID@version into repo.
func publish(t testing.TB, repo, dir, appID, version string) {
	t.Helper()
	fsys := os.DirFS(filepath.Join("testdata", "apps", dir))
	if _, err := pkgserver.Pack(repo, fsys, pkgserver.PackOptions{AppID: appID, Version: version}); err != nil {
		// Invalid bundles are published raw, to test what the launcher does with them.
		var buf bytes.Buffer
		if err := pkgformat.ZipDir(&buf, fsys); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(buf.Bytes())
		m := &pkgformat.Manifest{AppID: appID, Name: dir, Version: version, Env: "release",
			Size: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:]), PublishedAt: time.Now().UTC().Truncate(time.Second)}
		zipPath := filepath.Join(t.TempDir(), "p.zip")
		if err := os.WriteFile(zipPath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := pkgserver.Publish(repo, m, zipPath); err != nil {
			t.Fatal(err)
		}
	}
}

// newWorld publishes the test apps, serves them and makes a launcher.
func newWorld(t testing.TB, cfg launcher.Config) *world {
	t.Helper()
	w := &world{t: t, repo: t.TempDir()}
	publish(t, w.repo, "alpha", "wxalpha", "1.0.0")
	publish(t, w.repo, "beta", "wxbeta", "1.0.0")
	publish(t, w.repo, "broken", "wxbroken", "1.0.0")
	publish(t, w.repo, "badjson", "wxbadjson", "1.0.0")
	publish(t, w.repo, "beta", "wxgamma", "1.0.0")
	srv, err := pkgserver.New(w.repo, &pkgserver.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(srv)
	t.Cleanup(w.srv.Close)
	if cfg.CacheDir == "" && cfg.Cache == nil {
		cfg.CacheDir = t.TempDir()
	}
	if cfg.ServerURL == "" {
		cfg.ServerURL = w.srv.URL
	}
	w.tr = &http.Transport{}
	t.Cleanup(w.tr.CloseIdleConnections)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: w.tr}
	}
	if cfg.NewClock == nil {
		cfg.NewClock = func() runtime.Clock { return runtime.NewVirtualClock(time.Time{}) }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	user := cfg.OnEvent
	cfg.OnEvent = func(ev launcher.Event) {
		w.mu.Lock()
		w.events = append(w.events, ev)
		w.mu.Unlock()
		if user != nil {
			user(ev)
		}
	}
	l, err := launcher.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Shutdown() })
	w.l = l
	return w
}

// kinds returns "kind:appID" of the events since mark.
func (w *world) kinds(mark int) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, ev := range w.events[mark:] {
		out = append(out, string(ev.Kind)+":"+ev.AppID)
	}
	return out
}

func (w *world) mark() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.events)
}

func (w *world) start(appID string, opts *launcher.StartOptions) *launcher.App {
	w.t.Helper()
	res := w.l.Start(context.Background(), appID, opts)
	if res.Code != launcher.CodeOK {
		w.t.Fatalf("Start(%s) = %d %s", appID, res.Code, res.Info)
	}
	return res.App
}

// eval runs JavaScript in an app and returns its value.
func eval(t testing.TB, a *launcher.App, src string) any {
	t.Helper()
	v, err := a.Runtime().Eval(context.Background(), src)
	if err != nil {
		t.Fatalf("Eval(%q) in %s: %v", src, a.AppID(), err)
	}
	return v
}

// settle lets an app run to idle (its virtual clock jumps at most max).
func settle(t testing.TB, a *launcher.App, max time.Duration) {
	t.Helper()
	if _, err := a.Runtime().RunUntilIdle(context.Background(), max); err != nil {
		t.Fatal(err)
	}
}
