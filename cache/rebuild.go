package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/minihost/minihost/cache/pkgformat"
)

// Rebuild recreates the index of the cache in dir from its package files and
// returns the store opened on the new index. The old index file, if any, is
// kept beside it as "index.db.corrupt-<unix nanoseconds>". Every
// <version>-<sha>.zip whose <version>-<sha>.json manifest parses, names the directory
// it is in, and matches the zip's size and SHA-256 (and, with TrustedKeys,
// verifies) is recorded; the newest version of each app and env becomes
// current. Last-use times and favourites are lost.
//
// Rebuild must not run while another process has the cache open.
func Rebuild(dir string, opts *Options) (*Store, error) {
	cfg := newConfig(opts)
	return rebuild(userDir(dir, cfg.UserID), cfg)
}

func rebuild(root string, cfg config) (*Store, error) {
	idx := filepath.Join(root, "index.db")
	if _, err := os.Stat(idx); err == nil {
		aside := idx + ".corrupt-" + strconv.FormatInt(time.Now().UnixNano(), 10)
		if err := os.Rename(idx, aside); err != nil {
			return nil, fmt.Errorf("cache: rebuild: %w", err)
		}
	}
	s, err := openRoot(root, cfg)
	if err != nil {
		return nil, err
	}
	found, err := s.scanPackages()
	if err == nil {
		err = s.update(func(tx *bolt.Tx) error {
			for _, rec := range found {
				m := &rec.Manifest
				if err := putJSON(tx, bucketVersions, versionKey(m.AppID, m.Env, m.Version), rec); err != nil {
					return err
				}
				if err := s.setCurrent(tx, m, false); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.cfg.Logger.Info("cache: index rebuilt", "dir", root, "packages", len(found))
	return s, nil
}

// scanPackages returns a record for every verifiable package file.
func (s *Store) scanPackages() ([]*versionRecord, error) {
	matches, err := filepath.Glob(filepath.Join(s.root, "packages", "*", "*", "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*versionRecord
	for _, mp := range matches {
		env := filepath.Base(filepath.Dir(mp))
		appID := filepath.Base(filepath.Dir(filepath.Dir(mp)))
		name := strings.TrimSuffix(filepath.Base(mp), ".json")
		b, err := os.ReadFile(mp)
		if err != nil {
			continue
		}
		m, err := pkgformat.ParseManifest(b)
		if err != nil || m.AppID != appID || m.Env != env || packageName(m) != name {
			s.cfg.Logger.Warn("cache: rebuild: skipping manifest", "path", mp, "err", err)
			continue
		}
		if len(s.cfg.TrustedKeys) > 0 && m.Verify(s.cfg.TrustedKeys) != nil {
			s.cfg.Logger.Warn("cache: rebuild: skipping unverified package", "path", mp)
			continue
		}
		zp := strings.TrimSuffix(mp, ".json") + ".zip"
		if err := verifyFile(zp, m); err != nil {
			s.cfg.Logger.Warn("cache: rebuild: skipping package", "path", zp, "err", err)
			continue
		}
		installed := s.cfg.Now().UTC()
		if st, err := os.Stat(zp); err == nil {
			installed = st.ModTime().UTC()
		}
		out = append(out, &versionRecord{Manifest: *m, InstalledAt: installed})
	}
	return out, nil
}
