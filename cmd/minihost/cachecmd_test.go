package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCacheCommand(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	for _, app := range []struct{ id, version string }{{"wxmaps", "1.0.0"}, {"wxmail", "2.1.0"}} {
		if code, _, errOut := pkgRun("pack", pkgDemoBundle(t, app.version), "-o", repo, "--app-id", app.id, "--version", app.version,
			"--name", strings.TrimPrefix(app.id, "wx")); code != exitOK {
			t.Fatal(errOut)
		}
	}
	url, _ := startServe(t, repo)
	dir := t.TempDir()

	code, out, errOut := pkgRun("cache", "--dir", dir, "download", "--server", url, "wxmaps", "wxmail", "wxnone")
	if code != exitFailed {
		t.Errorf("download with a missing app: exit %d", code)
	}
	for _, want := range []string{"wxmaps\tdownloaded 1.0.0", "wxmail\tdownloaded 2.1.0", "wxnone\tfailed: app not found"} {
		if !strings.Contains(out, want) {
			t.Errorf("download output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	if strings.Contains(errOut, "%") {
		t.Errorf("progress drawn on a non-terminal stderr: %q", errOut)
	}
	code, out, _ = pkgRun("cache", "download", "--dir", dir, "--server", url, "wxmaps")
	if code != exitOK || !strings.Contains(out, "wxmaps\tup to date 1.0.0") {
		t.Errorf("second download: %d %s", code, out)
	}

	code, out, errOut = pkgRun("cache", "--dir", dir, "ls")
	if code != exitOK {
		t.Fatal(errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "wxmail") || !strings.HasPrefix(lines[2], "wxmaps") || !strings.Contains(lines[1], "2.1.0") {
		t.Errorf("ls:\n%s", out)
	}

	code, out, _ = pkgRun("cache", "--dir", dir, "search", "--server", url, "MA")
	if code != exitOK || !strings.Contains(out, "page 1: 2 of 2 results") {
		t.Errorf("search: %d\n%s", code, out)
	}
	code, out, _ = pkgRun("cache", "--dir", dir, "search", "--server", url, "--page-size", "1", "--page", "2", "ma")
	if code != exitOK || !strings.Contains(out, "wxmaps") || strings.Contains(out, "wxmail") {
		t.Errorf("search page 2: %d\n%s", code, out)
	}

	if code, out, _ := pkgRun("cache", "--dir", dir, "rm", "wxmaps"); code != exitOK || !strings.Contains(out, "removed wxmaps") {
		t.Errorf("rm: %d %s", code, out)
	}
	if code, _, errOut := pkgRun("cache", "--dir", dir, "rm", "wxmaps"); code != exitFailed || !strings.Contains(errOut, "not in the cache") {
		t.Errorf("rm again: %d %s", code, errOut)
	}
	if code, _, _ := pkgRun("cache", "--dir", dir, "rm", "--all"); code != exitOK {
		t.Errorf("rm --all: %d", code)
	}
	if _, out, _ := pkgRun("cache", "--dir", dir, "ls"); strings.Count(out, "\n") != 1 {
		t.Errorf("ls after rm --all:\n%s", out)
	}
	// Per-user caches are separate.
	pkgRun("cache", "--dir", dir, "--user", "alice", "download", "--server", url, "wxmail")
	if _, out, _ := pkgRun("cache", "--dir", dir, "ls"); strings.Contains(out, "wxmail") {
		t.Errorf("shared cache sees alice's app:\n%s", out)
	}
	if _, out, _ := pkgRun("cache", "--dir", dir, "--user", "alice", "ls"); !strings.Contains(out, "wxmail") {
		t.Errorf("alice's cache:\n%s", out)
	}
}

func TestCacheCommandErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"cache", "--dir", dir}, exitUsage, "missing subcommand"},
		{[]string{"cache", "--dir", dir, "frob"}, exitUsage, "unknown subcommand"},
		{[]string{"cache", "--dir", dir, "ls", "extra"}, exitUsage, "no arguments"},
		{[]string{"cache", "--dir", dir, "rm"}, exitUsage, "app ids or --all"},
		{[]string{"cache", "--dir", dir, "rm", "--all", "wxa"}, exitUsage, "app ids or --all"},
		{[]string{"cache", "--dir", dir, "download", "wxa"}, exitUsage, "--server"},
		{[]string{"cache", "--dir", dir, "download", "--server", "http://127.0.0.1:1"}, exitUsage, "at least one"},
		{[]string{"cache", "--dir", dir, "search", "x"}, exitUsage, "--server"},
		{[]string{"cache", "--dir", dir, "search", "--server", "http://127.0.0.1:1", "x"}, exitFailed, "package server unavailable"},
		{[]string{"cache", "--dir", dir, "download", "--server", "http://127.0.0.1:1", "wxa"}, exitFailed, "package server unavailable"},
	}
	for _, tt := range tests {
		code, _, errOut := pkgRun(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%q: exit %d stderr %q; want %d with %q", tt.args[3:], code, errOut, tt.code, tt.msg)
		}
	}
	// A corrupt index is reported, not a panic.
	os.MkdirAll(filepath.Join(dir, "shared"), 0o755)
	os.WriteFile(filepath.Join(dir, "shared", "index.db"), []byte("not a database, definitely not"), 0o600)
	if code, _, errOut := pkgRun("cache", "--dir", dir, "ls"); code != exitFailed || !strings.Contains(errOut, "corrupt") {
		t.Errorf("corrupt index: %d %s", code, errOut)
	}
}
