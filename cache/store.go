package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
	"golang.org/x/sync/singleflight"

	"github.com/minihost/minihost/cache/pkgformat"
)

// Bucket names of the index.
var (
	bucketApps       = []byte("apps")       // appId\x00env -> appRecord
	bucketVersions   = []byte("versions")   // appId\x00env\x00version -> versionRecord
	bucketFavourites = []byte("favourites") // appId -> favouriteRecord
	bucketTrust      = []byte("trust")      // appId\x00env -> newest trusted version
)

// appRecord is the index entry of one app and env.
type appRecord struct {
	AppID    string    `json:"appId"`
	Env      string    `json:"env"`
	Current  string    `json:"current"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
}

// versionRecord is the index entry of one installed version.
type versionRecord struct {
	Manifest    pkgformat.Manifest `json:"manifest"`
	InstalledAt time.Time          `json:"installedAt"`
}

type favouriteRecord struct {
	AddedAt time.Time `json:"addedAt"`
}

// Store is an open package cache. It is safe for concurrent use by multiple
// goroutines; one process at a time can hold a cache directory.
type Store struct {
	root string // per-user directory
	cfg  config
	db   *bolt.DB
	sf   singleflight.Group

	ctx    context.Context // canceled by Close; parent of background work
	cancel context.CancelFunc
	wg     sync.WaitGroup

	gen atomic.Uint64 // incremented after every write transaction

	// removeMu orders removals and installs: an install holds it for
	// reading from placing its files to committing them, Remove and
	// RemoveAll hold it for writing.
	removeMu sync.RWMutex

	mu       sync.Mutex
	closed   bool
	used     map[string]time.Time // appKey -> last use not yet written
	memo     map[string]memoEntry // appKey -> current record as of gen
	removals map[string]uint64    // appID -> times it was removed (RemoveAll counts under "")
}

// removalsOf returns how often appID was removed, all removals included;
// an install that started before a removal must not bring the app back.
func (s *Store) removalsOf(appID string) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removals[appID] + s.removals[""]
}

func (s *Store) countRemoval(appID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.removals == nil {
		s.removals = make(map[string]uint64)
	}
	s.removals[appID]++
}

// memoEntry caches the result of current for one generation of the index.
// The record is shared and must not be modified.
type memoEntry struct {
	gen uint64
	rec *versionRecord
}

// userDir returns the directory of a user's cache under dir.
func userDir(dir, userID string) string {
	if userID == "" {
		return filepath.Join(dir, "shared")
	}
	if pkgformat.ValidAppID(userID) {
		return filepath.Join(dir, "users", "u-"+userID)
	}
	sum := sha256.Sum256([]byte(userID))
	return filepath.Join(dir, "users", "h-"+hex.EncodeToString(sum[:16]))
}

// Open opens the cache in dir, creating it if needed, with opts (nil means
// defaults). It fails with ErrLocked when another process holds the cache
// for longer than Options.Timeout, and with ErrCorruptIndex when the index
// cannot be read (unless Options.AutoRebuild is set). Temporary files left
// by an interrupted install are removed.
func Open(dir string, opts *Options) (*Store, error) {
	cfg := newConfig(opts)
	root := userDir(dir, cfg.UserID)
	s, err := openRoot(root, cfg)
	if errors.Is(err, ErrCorruptIndex) && cfg.AutoRebuild {
		cfg.Logger.Warn("cache index is corrupt; rebuilding", "dir", root, "err", err)
		return rebuild(root, cfg)
	}
	return s, err
}

func openRoot(root string, cfg config) (*Store, error) {
	for _, d := range []string{root, filepath.Join(root, "packages"), filepath.Join(root, "tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	db, err := openIndex(filepath.Join(root, "index.db"), cfg.Timeout)
	if err != nil {
		return nil, err
	}
	s := &Store{root: root, cfg: cfg, db: db, used: map[string]time.Time{}, memo: map[string]memoEntry{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	err = s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketApps, bucketVersions, bucketFavourites, bucketTrust} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	// Only this process can be installing now: leftovers are garbage.
	tmp := filepath.Join(root, "tmp")
	if ents, err := os.ReadDir(tmp); err == nil {
		for _, e := range ents {
			os.RemoveAll(filepath.Join(tmp, e.Name()))
		}
	}
	return s, nil
}

// openIndex opens the bbolt file, mapping lock timeouts and corruption
// (including panics) to ErrLocked and ErrCorruptIndex. An existing file is
// first opened read-only and fully checked: bbolt panics on some corrupt
// pages, and a panic inside a read-write bolt.Open leaves the file mapped
// and locked for the life of the process.
func openIndex(path string, timeout time.Duration) (*bolt.DB, error) {
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		if err := checkIndex(path, timeout); err != nil {
			return nil, err
		}
	}
	return openBolt(path, timeout, false)
}

// checkIndex runs bbolt's consistency check on a read-only open of path.
func checkIndex(path string, timeout time.Duration) error {
	db, err := openBolt(path, timeout, true)
	if err != nil {
		return err
	}
	defer db.Close()
	return safely(db.View, func(tx *bolt.Tx) error {
		// Check reports from a goroutine reading the mapped file: drain
		// it completely, so that nothing reads the file after Close.
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = fmt.Errorf("%w: %s: %v", ErrCorruptIndex, path, err)
			}
		}
		return first
	})
}

func openBolt(path string, timeout time.Duration, readOnly bool) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("%w: %s: %v", ErrCorruptIndex, path, p)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: readOnly})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s: lock not acquired within %v", ErrLocked, path, timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return nil, fmt.Errorf("%w: %s: %w", ErrCorruptIndex, path, err)
	default:
		// Short or otherwise unreadable files also land here.
		if st, serr := os.Stat(path); serr == nil && st.Size() > 0 {
			return nil, fmt.Errorf("%w: %s: %w", ErrCorruptIndex, path, err)
		}
		return nil, fmt.Errorf("cache: open index: %w", err)
	}
}

// Dir returns the directory of this user's cache.
func (s *Store) Dir() string { return s.root }

// Close flushes pending last-use times, stops background update checks and
// waits for them, and closes the index. Further calls return nil.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	err := s.flushUsed()
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// view and update run fn in a transaction, turning panics (bbolt panics on
// some corruption) into ErrCorruptIndex.
func (s *Store) view(fn func(*bolt.Tx) error) error { return safely(s.db.View, fn) }
func (s *Store) update(fn func(*bolt.Tx) error) error {
	defer s.gen.Add(1)
	return safely(s.db.Update, fn)
}

func safely(run func(func(*bolt.Tx) error) error, fn func(*bolt.Tx) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrCorruptIndex, p)
		}
	}()
	err = run(fn)
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return err
}

func appKey(appID, env string) []byte { return []byte(appID + "\x00" + env) }

func versionKey(appID, env, version string) []byte {
	return []byte(appID + "\x00" + env + "\x00" + version)
}

// getJSON decodes the value of key in bucket b into v; it reports whether
// the key exists. The bytes are decoded inside the transaction.
func getJSON(tx *bolt.Tx, b, key []byte, v any) (bool, error) {
	raw := tx.Bucket(b).Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("%w: bucket %s key %q: %v", ErrCorruptIndex, b, key, err)
	}
	return true, nil
}

func putJSON(tx *bolt.Tx, b, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Bucket(b).Put(key, raw)
}

// packagePath returns the zip path of a package: named by version and
// content ("1.2.0-<16 hex digits of the SHA-256>.zip"), so that installing
// other bytes under a version never replaces a file the index points at.
// Its manifest sits beside it with ".json".
func (s *Store) packagePath(m *pkgformat.Manifest) string {
	return filepath.Join(s.root, "packages", m.AppID, m.Env, packageName(m)+".zip")
}

// packageName is the file name of a package without extension.
func packageName(m *pkgformat.Manifest) string {
	sha := m.SHA256
	if len(sha) > 16 {
		sha = sha[:16]
	}
	return m.Version + "-" + sha
}

// current returns the current version of an app, or nil.
// The result is shared: callers must not modify it.
func (s *Store) current(appID, env string) (*versionRecord, error) {
	key := string(appKey(appID, env))
	gen := s.gen.Load() // before reading: a later write makes the entry stale
	s.mu.Lock()
	e, ok := s.memo[key]
	s.mu.Unlock()
	if ok && e.gen == gen {
		return e.rec, nil
	}
	var out *versionRecord
	err := s.view(func(tx *bolt.Tx) error {
		var a appRecord
		ok, err := getJSON(tx, bucketApps, appKey(appID, env), &a)
		if err != nil || !ok {
			return err
		}
		var v versionRecord
		ok, err = getJSON(tx, bucketVersions, versionKey(appID, env, a.Current), &v)
		if err != nil || !ok {
			return err
		}
		out = &v
		return nil
	})
	if err == nil {
		s.mu.Lock()
		s.memo[key] = memoEntry{gen: gen, rec: out}
		s.mu.Unlock()
	}
	return out, err
}

// touch records a use of an app; the time reaches the index on the next
// write, Recent or Close.
func (s *Store) touch(appID, env string) {
	s.mu.Lock()
	s.used[string(appKey(appID, env))] = s.cfg.Now()
	s.mu.Unlock()
}

// takeUsed returns and clears the pending last-use times.
func (s *Store) takeUsed() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.used) == 0 {
		return nil
	}
	u := s.used
	s.used = map[string]time.Time{}
	return u
}

// writeUsed stores pending last-use times in tx.
func writeUsed(tx *bolt.Tx, used map[string]time.Time) error {
	for k, t := range used {
		var a appRecord
		ok, err := getJSON(tx, bucketApps, []byte(k), &a)
		if err != nil {
			return err
		}
		if !ok || !t.After(a.LastUsed) {
			continue
		}
		a.LastUsed = t
		if err := putJSON(tx, bucketApps, []byte(k), &a); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) flushUsed() error {
	used := s.takeUsed()
	if used == nil {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error { return writeUsed(tx, used) })
}
