package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/minihost/minihost/cache/pkgformat"
)

// AppInfo describes one cached app and env.
type AppInfo struct {
	AppID       string    `json:"appId"`
	Env         string    `json:"env"`
	Name        string    `json:"name"`
	Version     string    `json:"version"`
	Size        int64     `json:"size"`
	InstalledAt time.Time `json:"installedAt"`
	LastUsed    time.Time `json:"lastUsed,omitzero"` // zero if never resolved
	Favourite   bool      `json:"favourite"`
}

// List returns every cached app and env, ordered by app id then env.
func (s *Store) List() ([]AppInfo, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	if err := s.flushUsed(); err != nil {
		return nil, err
	}
	var out []AppInfo
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketApps).ForEach(func(k, raw []byte) error {
			var a appRecord
			if _, err := getJSON(tx, bucketApps, k, &a); err != nil {
				return err
			}
			var v versionRecord
			if ok, err := getJSON(tx, bucketVersions, versionKey(a.AppID, a.Env, a.Current), &v); err != nil || !ok {
				return err
			}
			out = append(out, AppInfo{
				AppID: a.AppID, Env: a.Env, Name: v.Manifest.Name, Version: a.Current, Size: v.Manifest.Size,
				InstalledAt: v.InstalledAt, LastUsed: a.LastUsed,
				Favourite: tx.Bucket(bucketFavourites).Get([]byte(a.AppID)) != nil,
			})
			return nil
		})
	})
	return out, err
}

// Recent returns the apps resolved at least once, most recently used
// first, at most limit of them (limit <= 0 means all).
func (s *Store) Recent(limit int) ([]AppInfo, error) {
	all, err := s.List()
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(a AppInfo) bool { return a.LastUsed.IsZero() })
	slices.SortStableFunc(all, func(a, b AppInfo) int { return b.LastUsed.Compare(a.LastUsed) })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// Favourite is one entry of the favourites list.
type Favourite struct {
	AppID   string    `json:"appId"`
	AddedAt time.Time `json:"addedAt"`
}

// FavouritePage is one page of the favourites list.
type FavouritePage struct {
	Total    int         `json:"total"`
	List     []Favourite `json:"list"`
	PageNo   int         `json:"pageNo"`
	PageSize int         `json:"pageSize"`
}

// AddFavourite adds an app to the favourites (cached or not). Adding it
// again keeps the first time.
func (s *Store) AddFavourite(appID string) error {
	if s.isClosed() {
		return ErrClosed
	}
	if !pkgformat.ValidAppID(appID) {
		return fmt.Errorf("%w: app id %q", ErrInvalidRequest, appID)
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFavourites).Get([]byte(appID)) != nil {
			return nil
		}
		return putJSON(tx, bucketFavourites, []byte(appID), favouriteRecord{AddedAt: s.cfg.Now().UTC()})
	})
}

// RemoveFavourite removes an app from the favourites; removing one that is
// not there is not an error.
func (s *Store) RemoveFavourite(appID string) error {
	if s.isClosed() {
		return ErrClosed
	}
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketFavourites).Delete([]byte(appID)) })
}

// Favourites returns page pageNo (from 1) of pageSize favourites, most
// recently added first. Zero or negative pageNo means 1 and pageSize means
// 20.
func (s *Store) Favourites(pageNo, pageSize int) (*FavouritePage, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	pageNo, pageSize = max(pageNo, 1), cmpOr(pageSize, 20)
	var all []Favourite
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFavourites).ForEach(func(k, _ []byte) error {
			var f favouriteRecord
			if _, err := getJSON(tx, bucketFavourites, k, &f); err != nil {
				return err
			}
			all = append(all, Favourite{AppID: string(k), AddedAt: f.AddedAt})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(a, b Favourite) int { return b.AddedAt.Compare(a.AddedAt) })
	p := &FavouritePage{Total: len(all), List: []Favourite{}, PageNo: pageNo, PageSize: pageSize}
	if start := (pageNo - 1) * pageSize; start < len(all) {
		p.List = all[start:min(start+pageSize, len(all))]
	}
	return p, nil
}

func cmpOr(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// Remove deletes every env of an app from the cache: its records, then its
// package files. Favourites and the rollback floor are kept. It returns
// ErrNotCached when nothing was cached.
func (s *Store) Remove(appID string) error {
	if s.isClosed() {
		return ErrClosed
	}
	if !pkgformat.ValidAppID(appID) {
		return fmt.Errorf("%w: app id %q", ErrInvalidRequest, appID)
	}
	s.removeMu.Lock()
	defer s.removeMu.Unlock()
	s.countRemoval(appID)
	found := false
	err := s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketApps, bucketVersions} {
			c := tx.Bucket(b).Cursor()
			prefix := []byte(appID + "\x00")
			for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Seek(prefix) {
				found = true
				if err := c.Delete(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	for _, env := range []string{pkgformat.EnvRelease, pkgformat.EnvTrial, pkgformat.EnvDevelop} {
		delete(s.used, string(appKey(appID, env)))
	}
	s.mu.Unlock()
	dir := filepath.Join(s.root, "packages", appID)
	if _, err := os.Stat(dir); err == nil {
		found = true
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("cache: remove %s: %w", dir, err)
	}
	if !found {
		return fmt.Errorf("%w: %s", ErrNotCached, appID)
	}
	return nil
}

// RemoveAll deletes every app from the cache (favourites and rollback
// floors are kept).
func (s *Store) RemoveAll() error {
	if s.isClosed() {
		return ErrClosed
	}
	s.removeMu.Lock()
	defer s.removeMu.Unlock()
	s.countRemoval("")
	err := s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketApps, bucketVersions} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.takeUsed()
	pk := filepath.Join(s.root, "packages")
	if err := os.RemoveAll(pk); err != nil {
		return fmt.Errorf("cache: remove %s: %w", pk, err)
	}
	return os.MkdirAll(pk, 0o755)
}

// SearchResult is one page of server search results.
type SearchResult struct {
	Total    int                  `json:"total"`
	List     []pkgformat.Manifest `json:"list"`
	PageNo   int                  `json:"pageNo"`
	PageSize int                  `json:"pageSize"`
}

// Search asks the server for apps whose id, name or description contains
// text (case-insensitive), in env "release". Zero or negative pageNo means
// 1 and pageSize means 20. Errors wrap ErrNetwork or ErrInvalidPackage.
func (s *Store) Search(ctx context.Context, text string, pageNo, pageSize int) (*SearchResult, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	q := url.Values{"q": {text}, "pageNo": {strconv.Itoa(max(pageNo, 1))}, "pageSize": {strconv.Itoa(cmpOr(pageSize, 20))}}
	var r SearchResult
	if err := s.getJSON(ctx, "/v1/search?"+q.Encode(), 16<<20, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Verify checks that every cached app's current package file exists and
// matches the size and SHA-256 of its manifest. It returns the first
// problem, wrapping ErrIntegrity.
func (s *Store) Verify() error {
	apps, err := s.List()
	if err != nil {
		return err
	}
	for _, a := range apps {
		var rec *versionRecord
		if rec, err = s.current(a.AppID, a.Env); err != nil {
			return err
		}
		if err := verifyFile(s.packagePath(&rec.Manifest), &rec.Manifest); err != nil {
			return err
		}
	}
	return nil
}

// verifyFile checks a package file against its manifest.
func verifyFile(path string, m *pkgformat.Manifest) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: %s %s: %w", ErrIntegrity, m.AppID, m.Version, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrIntegrity, path, err)
	}
	if n != m.Size || hex.EncodeToString(h.Sum(nil)) != m.SHA256 {
		return fmt.Errorf("%w: %s: %d bytes with sha256 %x, manifest says %d and %s", ErrIntegrity, path, n, h.Sum(nil), m.Size, m.SHA256)
	}
	return nil
}
