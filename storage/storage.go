package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Default quotas and lock wait, used for zero Options fields.
const (
	// DefaultAppQuota is the storage limit per app: 10 MB.
	DefaultAppQuota = 10 << 20
	// DefaultKeyQuota is the limit per entry (key plus value): 1 MB.
	DefaultKeyQuota = 1 << 20
	// DefaultTimeout is how long Open waits for the file lock.
	DefaultTimeout = time.Second
)

// Options configures Open. The zero value (or a nil *Options) gives the
// defaults.
type Options struct {
	// Timeout is how long Open waits for the file lock held by another DB
	// before it fails with ErrLocked. Zero means DefaultTimeout; a negative
	// value means try once and do not wait.
	Timeout time.Duration
	// AppQuota is the limit of an app's storage in bytes (the sum of the
	// sizes of its entries). Zero means DefaultAppQuota (10 MB).
	AppQuota int64
	// KeyQuota is the limit of one entry (len(key) + len(Value.Data)) in
	// bytes. Zero means DefaultKeyQuota (1 MB).
	KeyQuota int64
	// NoSync skips fsync after each write: faster, but a crash of the
	// machine may lose recent writes or corrupt the file. For tests.
	NoSync bool
	// Mode is the permission of a new file. Zero means 0o600.
	Mode os.FileMode
}

// DB is a storage file holding the storage of many users and apps. It is
// safe for concurrent use by many goroutines.
type DB struct {
	bolt     *bolt.DB
	path     string
	appQuota int64
	keyQuota int64
}

// Layout of the file (format version 1):
//
//	meta/version             -> 1
//	"u" + userID             user bucket
//	    "a" + appID          app bucket
//	        size             -> uint64 big endian, sum of entry sizes
//	        data             data bucket
//	            0x00 + key               -> record (keys up to maxInlineKey)
//	            0x01 + sha256(key)       -> record with the key inside
//
// A record is one kind byte, then for hashed keys uvarint(len(key)) and the
// key, then Value.Data. Nesting buckets keeps users, apps and keys apart
// without any escaping: bucket names and keys are compared as whole byte
// strings, so ("a", "b/c") and ("a/b", "c") are different paths.
var (
	bucketMeta  = []byte("meta")
	keyVersion  = []byte("version")
	keySize     = []byte("size")
	bucketData  = []byte("data")
	formatV1    = []byte{1}
	prefixPlain = byte(0)
	prefixHash  = byte(1)
)

// maxInlineKey is the longest key stored as it is. Longer keys (bbolt
// refuses keys over 32 KB, and long keys bloat branch pages) are stored
// under their SHA-256.
const maxInlineKey = 512

// Open opens or creates the storage file at path. A nil opts means the
// defaults. If another DB holds the file (bbolt takes an exclusive flock,
// which also excludes a second Open in the same process), Open waits up to
// opts.Timeout and then fails with an error wrapping ErrLocked.
func Open(path string, opts *Options) (*DB, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.AppQuota < 0 || o.KeyQuota < 0 {
		return nil, fmt.Errorf("storage: open %s: negative quota", path)
	}
	if o.AppQuota == 0 {
		o.AppQuota = DefaultAppQuota
	}
	if o.KeyQuota == 0 {
		o.KeyQuota = DefaultKeyQuota
	}
	switch {
	case o.Timeout == 0:
		o.Timeout = DefaultTimeout
	case o.Timeout < 0:
		o.Timeout = time.Nanosecond // one attempt in bbolt's flock loop
	}
	if o.Mode == 0 {
		o.Mode = 0o600
	}
	bdb, err := bolt.Open(path, o.Mode, &bolt.Options{Timeout: o.Timeout, NoSync: o.NoSync})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("storage: open %s: %w (waited %v)", path, ErrLocked, o.Timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db := &DB{bolt: bdb, path: path, appQuota: o.AppQuota, keyQuota: o.KeyQuota}
	err = bdb.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		switch v := m.Get(keyVersion); {
		case v == nil:
			return m.Put(keyVersion, formatV1)
		case !bytes.Equal(v, formatV1):
			return fmt.Errorf("%w: unknown format version %x", ErrCorrupt, v)
		}
		return nil
	})
	if err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	return db, nil
}

// Path returns the path of the file.
func (db *DB) Path() string { return db.path }

// Close releases the file. Methods called afterwards, on the DB or on its
// AppStorage handles, fail with ErrClosed. Close waits for transactions in
// progress. Closing twice is not an error.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("storage: close %s: %w", db.path, err)
	}
	return nil
}

// App returns the storage of one app for one user. The handle is cheap (no
// I/O; errors such as an empty appID show on use) and safe for concurrent use.
// An empty userID is a valid user of its own (for hosts without accounts).
func (db *DB) App(userID, appID string) *AppStorage {
	return &AppStorage{db: db, user: userBucketName(userID), app: appBucketName(appID), appID: appID}
}

// ClearApp deletes all the storage of one app for one user. Clearing an app
// with no storage is not an error.
func (db *DB) ClearApp(userID, appID string) error {
	return db.App(userID, appID).Clear()
}

// ClearUser deletes the storage of every app for one user.
func (db *DB) ClearUser(userID string) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		err := tx.DeleteBucket(userBucketName(userID))
		if errors.Is(err, bolterrors.ErrBucketNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("storage: clear user %q: %w", userID, mapErr(err))
	}
	return nil
}

func userBucketName(userID string) []byte { return append([]byte{'u'}, userID...) }
func appBucketName(appID string) []byte   { return append([]byte{'a'}, appID...) }

// mapErr turns bbolt's errors into this package's.
func mapErr(err error) error {
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}

// dbKey returns the key under which key is stored in a data bucket.
func dbKey(key string) []byte {
	if len(key) <= maxInlineKey {
		k := make([]byte, 1+len(key))
		k[0] = prefixPlain
		copy(k[1:], key)
		return k
	}
	sum := sha256.Sum256([]byte(key))
	return append([]byte{prefixHash}, sum[:]...)
}

// kindCodes maps kinds to their byte in a record, and back.
var kindCodes = [...]string{1: KindString, 2: KindNumber, 3: KindBoolean, 4: KindObject,
	5: KindArray, 6: KindDate, 7: KindNull, 8: KindUndefined}

func kindCode(kind string) byte {
	for i, k := range kindCodes {
		if k == kind && i > 0 {
			return byte(i)
		}
	}
	return 0
}

// encodeRecord builds the stored form of v under key (see the layout).
func encodeRecord(key string, v Value) []byte {
	n := 1 + len(v.Data)
	hashed := len(key) > maxInlineKey
	if hashed {
		n += binary.MaxVarintLen64 + len(key)
	}
	rec := make([]byte, 0, n)
	rec = append(rec, kindCode(v.Kind))
	if hashed {
		rec = binary.AppendUvarint(rec, uint64(len(key)))
		rec = append(rec, key...)
	}
	return append(rec, v.Data...)
}

// record is a decoded record; key and data alias the bbolt page for
// records read in a transaction.
type record struct {
	kind string
	key  []byte // the full key of a hashed entry, else nil
	data []byte
}

// decodeRecord parses a record stored under the bbolt key k.
func decodeRecord(k, rec []byte) (record, error) {
	if len(k) == 0 || len(rec) == 0 {
		return record{}, fmt.Errorf("%w: empty record", ErrCorrupt)
	}
	var r record
	if c := int(rec[0]); c < len(kindCodes) && kindCodes[c] != "" {
		r.kind = kindCodes[c]
	} else {
		return record{}, fmt.Errorf("%w: unknown kind code %d", ErrCorrupt, c)
	}
	rest := rec[1:]
	switch k[0] {
	case prefixPlain:
	case prefixHash:
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return record{}, fmt.Errorf("%w: bad key length in record", ErrCorrupt)
		}
		r.key = rest[w : w+int(n)]
		rest = rest[w+int(n):]
	default:
		return record{}, fmt.Errorf("%w: unknown key prefix %d", ErrCorrupt, k[0])
	}
	r.data = rest
	return r, nil
}

// keyOf returns the user's key of the entry stored under bbolt key k.
func (r record) keyOf(k []byte) string {
	if r.key != nil {
		return string(r.key)
	}
	return string(k[1:])
}

func readSize(app *bolt.Bucket) (int64, error) {
	v := app.Get(keySize)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: size counter of %d bytes", ErrCorrupt, len(v))
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

func writeSize(app *bolt.Bucket, n int64) error {
	return app.Put(keySize, binary.BigEndian.AppendUint64(nil, uint64(n)))
}
