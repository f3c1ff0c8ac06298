package pkgserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/minihost/minihost/cache/pkgformat"
)

// ErrVersionExists is returned by Publish when the repository already holds
// the same version with different bytes.
var ErrVersionExists = errors.New("version already published with different contents")

// ErrPackageMismatch is returned by Publish when the zip's size or SHA-256
// differs from the manifest.
var ErrPackageMismatch = errors.New("package does not match its manifest")

// Publish copies the package zip at zipPath and its manifest m into the
// repository directory repo, as <appId>/<env>/<version>.zip and .json, and
// makes m the latest (manifest.json) unless a newer version is already
// there. Files are written to temporary names, synced and renamed, so a
// server never sees a half-written file. Publishing the same bytes again is
// not an error.
func Publish(repo string, m *pkgformat.Manifest, zipPath string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) != m.Size || hex.EncodeToString(sum[:]) != m.SHA256 {
		return fmt.Errorf("publish %s: %w", zipPath, ErrPackageMismatch)
	}
	dir := filepath.Join(repo, m.AppID, m.Env)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	zipName := filepath.Join(dir, m.Version+".zip")
	if old, err := os.ReadFile(zipName); err == nil {
		if !bytes.Equal(old, data) {
			return fmt.Errorf("publish %s %s %s: %w", m.AppID, m.Env, m.Version, ErrVersionExists)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	mj, err := m.Marshal()
	if err != nil {
		return err
	}
	if err := writeAtomic(zipName, data); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, m.Version+".json"), mj); err != nil {
		return err
	}
	latest := filepath.Join(dir, "manifest.json")
	if b, err := os.ReadFile(latest); err == nil {
		if cur, err := pkgformat.ParseManifest(b); err == nil && pkgformat.CompareVersions(cur.Version, m.Version) > 0 {
			return nil
		}
	}
	return writeAtomic(latest, mj)
}

// writeAtomic writes data to name through a synced temporary file and a
// rename, then syncs the directory.
func writeAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = io.Copy(f, bytes.NewReader(data))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
