package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/minihost/minihost/cache/pkgformat"
)

// crashHook, when set (by tests only), is called at named points of an
// install; the crash test makes it exit the process.
var crashHook func(point string)

func crashPoint(point string) {
	if crashHook != nil {
		crashHook(point)
	}
}

// begin registers in-flight work so that Close waits for it; it reports
// false when the store is closed.
func (s *Store) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// download fetches and installs m, once for all concurrent callers. The
// transfer runs under the store's lifetime, not ctx: a caller that gives up
// does not cancel it for the others.
func (s *Store) download(ctx context.Context, m *pkgformat.Manifest, allowOlder bool) (*versionRecord, error) {
	key := m.AppID + "\x00" + m.Env + "\x00" + m.Version + "\x00" + m.SHA256
	ch := s.sf.DoChan(key, func() (v any, err error) {
		if !s.begin() {
			return nil, ErrClosed
		}
		defer s.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				v, err = nil, fmt.Errorf("%w: %s %s: %v", ErrPanic, m.AppID, m.Version, p)
			}
		}()
		if rec, err := s.installedCopy(m, allowOlder); err != nil || rec != nil {
			return rec, err
		}
		resp, cancel, err := s.get(s.ctx, zipPath(m))
		if err != nil {
			return nil, err
		}
		defer cancel()
		defer resp.Body.Close()
		if resp.ContentLength >= 0 && resp.ContentLength != m.Size {
			return nil, fmt.Errorf("%w: %s %s: server sends %d bytes, manifest says %d", ErrIntegrity, m.AppID, m.Version, resp.ContentLength, m.Size)
		}
		return s.install(m, resp.Body, allowOlder)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*versionRecord), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// installedCopy returns the record of m when that exact package is already
// installed and its file present, making it current as install would.
func (s *Store) installedCopy(m *pkgformat.Manifest, allowOlder bool) (*versionRecord, error) {
	var rec *versionRecord
	err := s.update(func(tx *bolt.Tx) error {
		var v versionRecord
		ok, err := getJSON(tx, bucketVersions, versionKey(m.AppID, m.Env, m.Version), &v)
		if err != nil || !ok || v.Manifest.SHA256 != m.SHA256 {
			return err
		}
		if st, err := os.Stat(s.packagePath(m)); err != nil || st.Size() != m.Size {
			return nil
		}
		rec = &v
		return s.setCurrent(tx, m, allowOlder)
	})
	return rec, err
}

// setCurrent makes m the current version of its app unless a newer one is
// current and allowOlder is false, and raises the trust floor.
func (s *Store) setCurrent(tx *bolt.Tx, m *pkgformat.Manifest, allowOlder bool) error {
	ak := appKey(m.AppID, m.Env)
	var a appRecord
	ok, err := getJSON(tx, bucketApps, ak, &a)
	if err != nil {
		return err
	}
	if !ok {
		a = appRecord{AppID: m.AppID, Env: m.Env}
	}
	if !ok || allowOlder || pkgformat.CompareVersions(m.Version, a.Current) >= 0 {
		a.Current = m.Version
		if err := putJSON(tx, bucketApps, ak, &a); err != nil {
			return err
		}
	}
	if len(s.cfg.TrustedKeys) > 0 {
		floor := string(tx.Bucket(bucketTrust).Get(ak))
		if floor == "" || pkgformat.CompareVersions(m.Version, floor) > 0 {
			return tx.Bucket(bucketTrust).Put(ak, []byte(m.Version))
		}
	}
	return nil
}

// progressWriter hashes, reports progress and fires the mid-download crash
// point.
type progressWriter struct {
	s        *Store
	m        *pkgformat.Manifest
	h        hash.Hash
	n, last  int64
	midFired bool
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.h.Write(b)
	p.n += int64(len(b))
	if !p.midFired && p.n >= p.m.Size/2 {
		p.midFired = true
		crashPoint("mid-download")
	}
	if f := p.s.cfg.OnProgress; f != nil && (p.n-p.last >= 32<<10 || p.n == p.m.Size) {
		p.last = p.n
		f(Progress{AppID: p.m.AppID, Env: p.m.Env, Version: p.m.Version, Done: p.n, Total: p.m.Size})
	}
	return len(b), nil
}

// install copies the package bytes from src into the cache: a temporary
// file is written, its size, SHA-256 and zip safety are checked, it is
// synced and renamed into place with its manifest, the directory is synced,
// and only then does the index learn about it. Versions beyond
// KeepVersions are removed afterwards.
func (s *Store) install(m *pkgformat.Manifest, src io.Reader, allowOlder bool) (*versionRecord, error) {
	removals := s.removalsOf(m.AppID)
	tmpDir := filepath.Join(s.root, "tmp")
	f, err := os.CreateTemp(tmpDir, m.AppID+"-*.zip")
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	tmpZip, tmpJSON := f.Name(), ""
	defer func() {
		if f != nil {
			f.Close()
		}
		os.Remove(tmpZip)
		if tmpJSON != "" {
			os.Remove(tmpJSON)
		}
	}()
	pw := &progressWriter{s: s, m: m, h: sha256.New()}
	n, err := io.Copy(io.MultiWriter(f, pw), io.LimitReader(src, m.Size+1))
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: %s %s: body ended after %d of %d bytes", ErrIntegrity, m.AppID, m.Version, n, m.Size)
	case errors.As(err, new(*fs.PathError)):
		return nil, fmt.Errorf("cache: write %s: %w", tmpZip, err)
	case err != nil:
		return nil, fmt.Errorf("%w: %s %s: after %d bytes: %w", ErrNetwork, m.AppID, m.Version, n, err)
	case n != m.Size:
		return nil, fmt.Errorf("%w: %s %s: got %d bytes, manifest says %d", ErrIntegrity, m.AppID, m.Version, n, m.Size)
	}
	if sum := hex.EncodeToString(pw.h.Sum(nil)); sum != m.SHA256 {
		return nil, fmt.Errorf("%w: %s %s: sha256 %s, manifest says %s", ErrIntegrity, m.AppID, m.Version, sum, m.SHA256)
	}
	crashPoint("downloaded")
	if _, err := pkgformat.CheckZip(f, n, &s.cfg.Limits); err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrInvalidPackage, m.AppID, m.Version, err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("cache: sync %s: %w", tmpZip, err)
	}
	err = f.Close()
	f = nil
	if err != nil {
		return nil, fmt.Errorf("cache: close %s: %w", tmpZip, err)
	}
	crashPoint("synced")
	mj, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	jf, err := os.CreateTemp(tmpDir, m.AppID+"-*.json")
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	tmpJSON = jf.Name()
	_, err = jf.Write(mj)
	if err == nil {
		err = jf.Sync()
	}
	if cerr := jf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("cache: write %s: %w", tmpJSON, err)
	}
	s.removeMu.RLock()
	defer s.removeMu.RUnlock()
	if s.removalsOf(m.AppID) != removals {
		return nil, fmt.Errorf("%w: %s was removed from the cache while it downloaded", ErrNotCached, m.AppID)
	}
	dir := filepath.Join(s.root, "packages", m.AppID, m.Env)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	final := s.packagePath(m)
	if err := os.Rename(tmpZip, final); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	crashPoint("renamed-zip")
	if err := os.Rename(tmpJSON, strings.TrimSuffix(final, ".zip")+".json"); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	tmpJSON = ""
	crashPoint("renamed-manifest")
	if err := syncDir(dir); err != nil {
		return nil, fmt.Errorf("cache: sync %s: %w", dir, err)
	}
	rec := &versionRecord{Manifest: *m, InstalledAt: s.cfg.Now().UTC()}
	var drop []string
	used := s.takeUsed()
	err = s.update(func(tx *bolt.Tx) error {
		drop = drop[:0]
		// Other bytes under the same version: the old file goes once the
		// index no longer points at it.
		var old versionRecord
		if ok, err := getJSON(tx, bucketVersions, versionKey(m.AppID, m.Env, m.Version), &old); err != nil {
			return err
		} else if ok && old.Manifest.SHA256 != m.SHA256 {
			drop = append(drop, s.packagePath(&old.Manifest))
		}
		if err := putJSON(tx, bucketVersions, versionKey(m.AppID, m.Env, m.Version), rec); err != nil {
			return err
		}
		if err := s.setCurrent(tx, m, allowOlder); err != nil {
			return err
		}
		pruned, err := s.pruneVersions(tx, m.AppID, m.Env)
		if err != nil {
			return err
		}
		drop = append(drop, pruned...)
		if err := writeUsed(tx, used); err != nil {
			return err
		}
		crashPoint("in-commit")
		return nil
	})
	if err != nil {
		s.mu.Lock()
		for k, t := range used {
			if t.After(s.used[k]) {
				s.used[k] = t
			}
		}
		s.mu.Unlock()
		return nil, err
	}
	crashPoint("committed")
	for _, p := range drop {
		os.Remove(strings.TrimSuffix(p, ".zip") + ".json")
		os.Remove(p)
	}
	s.cfg.Logger.Debug("cache: installed", "appId", m.AppID, "env", m.Env, "version", m.Version, "bytes", m.Size)
	return rec, nil
}

// pruneVersions deletes the records of all but the KeepVersions newest
// versions (never the current one) and returns their package paths.
func (s *Store) pruneVersions(tx *bolt.Tx, appID, env string) ([]string, error) {
	var a appRecord
	if _, err := getJSON(tx, bucketApps, appKey(appID, env), &a); err != nil {
		return nil, err
	}
	prefix := []byte(appID + "\x00" + env + "\x00")
	var versions []string
	c := tx.Bucket(bucketVersions).Cursor()
	for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
		versions = append(versions, string(k[len(prefix):]))
	}
	slices.SortFunc(versions, func(x, y string) int { return pkgformat.CompareVersions(y, x) })
	var drop []string
	kept := 1 // the current one
	for _, v := range versions {
		if v == a.Current {
			continue
		}
		if kept < s.cfg.KeepVersions {
			kept++
			continue
		}
		var rec versionRecord
		if ok, err := getJSON(tx, bucketVersions, versionKey(appID, env, v), &rec); err != nil {
			return nil, err
		} else if ok {
			drop = append(drop, s.packagePath(&rec.Manifest))
		}
		if err := tx.Bucket(bucketVersions).Delete(versionKey(appID, env, v)); err != nil {
			return nil, err
		}
	}
	return drop, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
