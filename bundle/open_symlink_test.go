package bundle_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minihost/minihost/bundle"
)

// A symlink in a bundle directory cannot read files of the host.
func TestOpenDirKeepsReadsInside(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pages", "index"), 0o755)
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(`{"pages":["pages/index/index"]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "pages", "index", "index.js"), []byte(`Page({})`), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "leak.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	b, err := bundle.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if data, err := fsReadFile(b, "leak.txt"); err == nil {
		t.Errorf("read %q through a symlink out of the bundle", data)
	}
}

func fsReadFile(b *bundle.Bundle, name string) ([]byte, error) {
	f, err := b.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 64)
	n, err := f.Read(buf)
	return buf[:n], err
}
