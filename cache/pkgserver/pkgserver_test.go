package pkgserver_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
)

func zipBytes(t *testing.T, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pkgformat.ZipDir(&buf, os.DirFS(writeDir(t, map[string]string{"app.json": content}))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeDir(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// publish writes appID@version into repo and returns its manifest.
func publish(t *testing.T, repo, appID, name, version string) *pkgformat.Manifest {
	t.Helper()
	data := zipBytes(t, `{"pages":["p"],"v":"`+version+`"}`)
	sum := sha256.Sum256(data)
	m := &pkgformat.Manifest{AppID: appID, Name: name, Version: version, Env: "release", Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), PublishedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Description: "about " + name}
	zp := filepath.Join(t.TempDir(), "p.zip")
	os.WriteFile(zp, data, 0o644)
	if err := pkgserver.Publish(repo, m, zp); err != nil {
		t.Fatal(err)
	}
	return m
}

func newServer(t *testing.T, repo string, log io.Writer) *httptest.Server {
	t.Helper()
	var opts *pkgserver.Options
	if log != nil {
		opts = &pkgserver.Options{Logger: slog.New(slog.NewTextHandler(log, nil))}
	}
	s, err := pkgserver.New(repo, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return ts
}

func get(t *testing.T, url string) (int, []byte, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func TestServeFiles(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	m1 := publish(t, repo, "wxa", "Alpha", "1.0.0")
	m2 := publish(t, repo, "wxa", "Alpha", "1.1.0")
	os.MkdirAll(filepath.Join(repo, "wxevil", "release"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(repo, "wxevil", "release", "manifest.json"))
	ts := newServer(t, repo, nil)
	tests := []struct {
		path   string
		status int
		check  func(t *testing.T, body []byte, h http.Header)
	}{
		{"/v1/apps/wxa/release/manifest.json", 200, func(t *testing.T, b []byte, h http.Header) {
			m, err := pkgformat.ParseManifest(b)
			if err != nil || m.Version != m2.Version || h.Get("Content-Type") != "application/json" {
				t.Errorf("latest manifest %s (%v)", b, err)
			}
		}},
		{"/v1/apps/wxa/release/1.0.0.json", 200, func(t *testing.T, b []byte, h http.Header) {
			if m, err := pkgformat.ParseManifest(b); err != nil || m.SHA256 != m1.SHA256 {
				t.Errorf("version manifest %s", b)
			}
		}},
		{"/v1/apps/wxa/release/1.0.0.zip", 200, func(t *testing.T, b []byte, h http.Header) {
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != m1.SHA256 || h.Get("Content-Type") != "application/zip" {
				t.Errorf("zip does not match its manifest")
			}
		}},
		{"/v1/apps/wxa/release/9.9.9.zip", 404, nil},
		{"/v1/apps/wxa/trial/manifest.json", 404, nil},
		{"/v1/apps/wxa/prod/manifest.json", 404, nil},
		{"/v1/apps/wxa/release/notes.txt", 404, nil},
		{"/v1/apps/wxa/release/..%2f..%2fsecret.zip", 404, nil},
		{"/v1/apps/..%2f..%2fetc/release/manifest.json", 404, nil},
		{"/v1/apps/wxevil/release/manifest.json", 500, nil},
		{"/v1/nothing", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			status, body, h := get(t, ts.URL+tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if tt.check != nil {
				tt.check(t, body, h)
			}
			if bytes.Contains(body, []byte("root:")) {
				t.Fatal("served a file outside the repository")
			}
		})
	}
	// Range requests work, for resumable downloads.
	req, _ := http.NewRequest("GET", ts.URL+"/v1/apps/wxa/release/1.0.0.zip", nil)
	req.Header.Set("Range", "bytes=0-3")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || string(b) != "PK\x03\x04" {
		t.Errorf("range: %d %q", resp.StatusCode, b)
	}
}

func TestBatch(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	publish(t, repo, "wxa", "A", "1.0.0")
	publish(t, repo, "wxb", "B", "2.0.0")
	ts := newServer(t, repo, nil)
	status, body, _ := get(t, ts.URL+"/v1/manifests?appIds=wxa,wxz&appIds=wxb,../x")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	var br pkgserver.BatchResponse
	if err := json.Unmarshal(body, &br); err != nil {
		t.Fatal(err)
	}
	if len(br.List) != 2 || br.List[0].AppID != "wxa" || br.List[1].Version != "2.0.0" ||
		strings.Join(br.NotFound, " ") != "wxz ../x" {
		t.Errorf("batch %s", body)
	}
	many := strings.Repeat("wxa,", pkgserver.MaxBatch+1)
	for _, q := range []string{"", "?appIds=", "?appIds=wxa&env=prod", "?appIds=" + many} {
		if status, body, _ := get(t, ts.URL+"/v1/manifests"+q); status != http.StatusBadRequest {
			t.Errorf("%q: status %d %s", q, status, body)
		}
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	publish(t, repo, "wxmaps", "Maps", "1.0.0")
	publish(t, repo, "wxmail", "Mail", "1.0.0")
	publish(t, repo, "wxgame", "Chess", "1.0.0")
	ts := newServer(t, repo, nil)
	tests := []struct {
		query string
		total int
		ids   string
	}{
		{"", 3, "wxgame wxmail wxmaps"},
		{"?q=MA", 2, "wxmail wxmaps"},
		{"?q=about+chess", 1, "wxgame"},
		{"?q=ma&pageNo=2&pageSize=1", 2, "wxmaps"},
		{"?q=ma&pageNo=3&pageSize=1", 2, ""},
		{"?q=zzz", 0, ""},
	}
	for _, tt := range tests {
		status, body, _ := get(t, ts.URL+"/v1/search"+tt.query)
		var sr pkgserver.SearchResponse
		if status != 200 || json.Unmarshal(body, &sr) != nil {
			t.Fatalf("%q: %d %s", tt.query, status, body)
		}
		var ids []string
		for _, m := range sr.List {
			ids = append(ids, m.AppID)
		}
		if sr.Total != tt.total || strings.Join(ids, " ") != tt.ids || sr.List == nil {
			t.Errorf("%q: total %d list %v, want %d %q", tt.query, sr.Total, ids, tt.total, tt.ids)
		}
	}
	for _, q := range []string{"?pageNo=0", "?pageSize=1000", "?pageNo=x", "?env=nope"} {
		if status, _, _ := get(t, ts.URL+"/v1/search"+q); status != http.StatusBadRequest {
			t.Errorf("%q: status %d", q, status)
		}
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	publish(t, repo, "wxa", "A", "1.0.0")
	var log syncBuffer
	ts := newServer(t, repo, &log)
	get(t, ts.URL+"/v1/apps/wxa/release/manifest.json")
	get(t, ts.URL+"/v1/apps/wxz/release/manifest.json")
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), log.String())
	}
	for i, want := range []string{"status=200", "status=404"} {
		if !strings.Contains(lines[i], "method=GET") || !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "path=/v1/apps/") {
			t.Errorf("line %d: %s", i, lines[i])
		}
	}
}

func TestPublish(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	publish(t, repo, "wxa", "A", "2.0.0")
	publish(t, repo, "wxa", "A", "1.0.0") // older: latest stays 2.0.0
	b, _ := os.ReadFile(filepath.Join(repo, "wxa", "release", "manifest.json"))
	if m, err := pkgformat.ParseManifest(b); err != nil || m.Version != "2.0.0" {
		t.Errorf("latest after publishing an older version: %s", b)
	}
	// Same version, different bytes.
	data := zipBytes(t, `{"different":true}`)
	sum := sha256.Sum256(data)
	m := &pkgformat.Manifest{AppID: "wxa", Version: "2.0.0", Env: "release", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	zp := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(zp, data, 0o644)
	if err := pkgserver.Publish(repo, m, zp); !errors.Is(err, pkgserver.ErrVersionExists) {
		t.Errorf("republish with other bytes: %v", err)
	}
	m.Size++
	m.Version = "3.0.0"
	if err := pkgserver.Publish(repo, m, zp); !errors.Is(err, pkgserver.ErrPackageMismatch) {
		t.Errorf("size mismatch: %v", err)
	}
	m.AppID = "../evil"
	if err := pkgserver.Publish(repo, m, zp); !errors.Is(err, pkgformat.ErrInvalidManifest) {
		t.Errorf("bad app id: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(repo), "evil")); err == nil {
		t.Error("wrote outside the repository")
	}
	tmp, _ := filepath.Glob(filepath.Join(repo, "wxa", "release", ".tmp-*"))
	if len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
