package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an io.Writer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs "minihost serve REPO" on a free port until the test ends
// and returns its base URL and stderr.
func startServe(t *testing.T, repo string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr lockedBuffer
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serveMain(ctx, []string{repo, "--addr", "127.0.0.1:0"}, io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exit %d: %s", code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	return "http://" + addr, &stderr
}

func TestServe(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	if code, _, errOut := pkgRun("pack", pkgDemoBundle(t, "1.0.0"), "-o", repo, "--app-id", "wxdemo", "--version", "1.0.0"); code != exitOK {
		t.Fatal(errOut)
	}
	url, stderr := startServe(t, repo)
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/v1/apps/wxdemo/release/manifest.json", 200},
		{"/v1/apps/wxdemo/release/1.0.0.zip", 200},
		{"/v1/search?q=demo", 200},
		{"/v1/apps/wxnone/release/manifest.json", 404},
	} {
		resp, err := http.Get(url + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(stderr.String(), "msg=request") < 4 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	log := stderr.String()
	if n := strings.Count(log, "msg=request"); n != 4 {
		t.Errorf("%d request lines, want 4:\n%s", n, log)
	}
	if !strings.Contains(log, "path=/v1/apps/wxnone/release/manifest.json status=404") {
		t.Errorf("no 404 line:\n%s", log)
	}
}

func TestServeUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"a", "b"}, {"/no/such/repo"}, {"--bogus"}} {
		var stderr bytes.Buffer
		if code := serveMain(context.Background(), args, io.Discard, &stderr, nil); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr.String())
		}
	}
	var stderr bytes.Buffer
	if code := serveMain(context.Background(), []string{t.TempDir(), "--addr", "256.0.0.1:99999"}, io.Discard, &stderr, nil); code != exitFailed {
		t.Errorf("bad address: exit %d", code)
	}
}
