package cache

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Environment of the crash child process.
const (
	envCrashAt     = "MINIHOST_CACHE_CRASH_AT"
	envCrashDir    = "MINIHOST_CACHE_CRASH_DIR"
	envCrashServer = "MINIHOST_CACHE_CRASH_SERVER"
)

func TestMain(m *testing.M) {
	if point := os.Getenv(envCrashAt); point != "" {
		crashHook = func(p string) {
			if p != point {
				return
			}
			// Die the hard way: no deferred calls, no flushing.
			self, _ := os.FindProcess(os.Getpid())
			self.Kill()
			select {}
		}
	}
	os.Exit(m.Run())
}

// TestCrashChild runs only inside the child process of TestCrashMidInstall.
func TestCrashChild(t *testing.T) {
	if os.Getenv(envCrashAt) == "" {
		t.Skip("only runs as the child of TestCrashMidInstall")
	}
	s, err := Open(os.Getenv(envCrashDir), &Options{ServerURL: os.Getenv(envCrashServer)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
	t.Fatalf("the install finished without reaching the crash point (err %v)", err)
}

// TestCrashMidInstall kills a child process at each point of an install of
// version 2.0.0 over 1.0.0 and checks that the cache then opens and serves
// the last good version.
func TestCrashMidInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	big := make([]byte, 0, 256<<10)
	for i := 0; len(big) < cap(big); i++ {
		big = append(big, byte(i*7919>>3))
	}
	tests := []struct {
		point string
		want  string // the version served after the crash
	}{
		{"mid-download", "1.0.0"},
		{"downloaded", "1.0.0"},
		{"synced", "1.0.0"},
		{"renamed-zip", "1.0.0"},
		{"renamed-manifest", "1.0.0"},
		{"in-commit", "1.0.0"},
		{"committed", "2.0.0"},
	}
	// Version 2.0.0 is large enough that the download takes several writes.
	v2 := bundleZipWith(t, "2.0.0", big)
	dirs := make([]string, len(tests))
	for i := range tests {
		dirs[i] = t.TempDir()
		s := mustOpen(t, dirs[i], &Options{ServerURL: repo.srv.URL})
		if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	repo.publishZip("wxdemo", "release", "2.0.0", v2)
	for i, tt := range tests {
		t.Run(tt.point, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), envCrashAt+"="+tt.point, envCrashDir+"="+dirs[i], envCrashServer+"="+repo.srv.URL)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Exited() {
				t.Fatalf("child was not killed (err %v):\n%s", err, out)
			}
			s := mustOpen(t, dirs[i], nil) // no server: only what is on disk
			tmpEmpty(t, s)
			if err := s.Verify(); err != nil {
				t.Fatal(err)
			}
			r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Manifest.Version != tt.want || !strings.Contains(appJS(t, r), tt.want) {
				t.Fatalf("after a crash at %s the cache serves %s, want %s", tt.point, r.Manifest.Version, tt.want)
			}
			s.Close()
			// The interrupted update completes on the next forced open.
			s = mustOpen(t, dirs[i], &Options{ServerURL: repo.srv.URL})
			r, err = s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo", ForceUpdate: true})
			if err != nil || r.Manifest.Version != "2.0.0" {
				t.Fatalf("update after the crash: %v", err)
			}
		})
	}
}
