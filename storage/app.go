package storage

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// AppStorage is the storage of one app for one user, made by DB.App. Its
// methods are safe to call from any goroutine; each runs in one bbolt
// transaction, so a write is stored entirely or not at all.
//
// An entry's size is len(key) + len(Value.Data) bytes: the key and the JSON
// form of the value, both as UTF-8 bytes (the Kind is not counted). See
// the package doc, # Quotas.
type AppStorage struct {
	db    *DB
	user  []byte
	app   []byte
	appID string
}

// KV is one key and value of a batch.
type KV struct {
	Key   string
	Value Value
}

// Info describes an app's storage.
type Info struct {
	// Keys are all the stored keys in ascending byte order.
	Keys []string
	// CurrentSize is the sum of the entry sizes in bytes.
	CurrentSize int64
	// LimitSize is the app quota in bytes. (wx.getStorageInfo reports both
	// sizes in KB; the binding converts.)
	LimitSize int64
}

// appBucket returns the app's bucket, or nil if the app has no storage.
func (s *AppStorage) appBucket(tx *bolt.Tx) *bolt.Bucket {
	u := tx.Bucket(s.user)
	if u == nil {
		return nil
	}
	return u.Bucket(s.app)
}

// createApp returns the app's bucket and its data bucket, creating them.
func (s *AppStorage) createApp(tx *bolt.Tx) (app, data *bolt.Bucket, err error) {
	u, err := tx.CreateBucketIfNotExists(s.user)
	if err != nil {
		return nil, nil, err
	}
	if app, err = u.CreateBucketIfNotExists(s.app); err != nil {
		return nil, nil, err
	}
	if data, err = app.CreateBucketIfNotExists(bucketData); err != nil {
		return nil, nil, err
	}
	return app, data, nil
}

// check validates the handle and the entry; it returns the entry size.
func (s *AppStorage) check(key string, v Value) (int64, error) {
	if key == "" {
		return 0, fmt.Errorf("storage: %w", ErrEmptyKey)
	}
	if err := v.Validate(); err != nil {
		return 0, keyError(key, err)
	}
	size := int64(len(key)) + v.Size()
	if size > s.db.keyQuota {
		return 0, &QuotaError{Key: key, Size: size, Limit: s.db.keyQuota, Err: ErrKeyQuota}
	}
	return size, nil
}

func (s *AppStorage) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	err = mapErr(err)
	var qe *QuotaError
	if errors.As(err, &qe) || errors.Is(err, ErrEmptyKey) || errors.Is(err, ErrInvalidValue) {
		return err // already names the key
	}
	return fmt.Errorf("storage: %s app %q: %w", op, s.appID, err)
}

// put stores one entry of the given size in an update transaction and
// returns the change of the app's total size.
func put(data *bolt.Bucket, key string, v Value, size int64) (delta int64, err error) {
	k := dbKey(key)
	if old := data.Get(k); old != nil {
		r, err := decodeRecord(k, old)
		if err != nil {
			return 0, fmt.Errorf("key %s: %w", quoteKey(key), err)
		}
		if r.key != nil && string(r.key) != key {
			return 0, fmt.Errorf("%w: SHA-256 collision between two keys", ErrCorrupt)
		}
		delta -= int64(len(key) + len(r.data))
	}
	if err := data.Put(k, encodeRecord(key, v)); err != nil {
		return 0, err
	}
	return delta + size, nil
}

// Set stores v under key, replacing any value there. It fails with
// ErrEmptyKey, an error wrapping ErrInvalidValue, or a *QuotaError if the
// entry is over the key quota or the app's total would go over the app
// quota. (A write that does not grow the total is allowed even over the app
// quota, so that an app over a lowered quota can still shrink.)
func (s *AppStorage) Set(key string, v Value) error {
	if s.appID == "" {
		return fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	size, err := s.check(key, v)
	if err != nil {
		return err
	}
	return s.wrap("set", s.db.bolt.Update(func(tx *bolt.Tx) error {
		app, data, err := s.createApp(tx)
		if err != nil {
			return err
		}
		total, err := readSize(app)
		if err != nil {
			return err
		}
		delta, err := put(data, key, v, size)
		if err != nil {
			return err
		}
		if total+delta > s.db.appQuota && delta > 0 {
			return &QuotaError{Key: key, Size: total + delta, Limit: s.db.appQuota, Err: ErrAppQuota}
		}
		return writeSize(app, total+delta)
	}))
}

// BatchSet stores all the entries in one transaction: all of them or, on
// any error, none. Entries are applied in order, so a key given twice ends
// with its last value. The app quota is checked against the total after the
// whole batch.
func (s *AppStorage) BatchSet(kvs []KV) error {
	if s.appID == "" {
		return fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	sizes := make([]int64, len(kvs))
	for i, kv := range kvs {
		size, err := s.check(kv.Key, kv.Value)
		if err != nil {
			return err
		}
		sizes[i] = size
	}
	if len(kvs) == 0 {
		return nil
	}
	return s.wrap("batch set", s.db.bolt.Update(func(tx *bolt.Tx) error {
		app, data, err := s.createApp(tx)
		if err != nil {
			return err
		}
		start, err := readSize(app)
		if err != nil {
			return err
		}
		total, over := start, ""
		for i, kv := range kvs {
			delta, err := put(data, kv.Key, kv.Value, sizes[i])
			if err != nil {
				return err
			}
			total += delta
			if total > s.db.appQuota && over == "" {
				over = kv.Key
			}
		}
		if total > s.db.appQuota && total > start {
			return &QuotaError{Key: over, Size: total, Limit: s.db.appQuota, Err: ErrAppQuota}
		}
		return writeSize(app, total)
	}))
}

// Get returns the value stored under key, or an error wrapping ErrNotFound.
// The returned Data is a copy the caller owns.
func (s *AppStorage) Get(key string) (Value, error) {
	if s.appID == "" {
		return Value{}, fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	if key == "" {
		return Value{}, fmt.Errorf("storage: %w", ErrEmptyKey)
	}
	var v Value
	var found bool
	err := s.db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		v, found, err = s.get(tx, key)
		return err
	})
	if err != nil {
		return Value{}, s.wrap("get", err)
	}
	if !found {
		return Value{}, keyError(key, ErrNotFound)
	}
	return v, nil
}

// get reads one key in a transaction, copying the data out.
func (s *AppStorage) get(tx *bolt.Tx, key string) (Value, bool, error) {
	app := s.appBucket(tx)
	if app == nil {
		return Value{}, false, nil
	}
	data := app.Bucket(bucketData)
	if data == nil {
		return Value{}, false, nil
	}
	k := dbKey(key)
	rec := data.Get(k)
	if rec == nil {
		return Value{}, false, nil
	}
	r, err := decodeRecord(k, rec)
	if err != nil {
		return Value{}, false, fmt.Errorf("key %s: %w", quoteKey(key), err)
	}
	if r.key != nil && string(r.key) != key {
		return Value{}, false, nil // another key with the same SHA-256
	}
	v := Value{Kind: r.kind}
	if len(r.data) > 0 {
		v.Data = bytes.Clone(r.data)
	}
	return v, true, nil
}

// BatchGet reads many keys in one transaction. values[i] is the value of
// keys[i] when found[i] is true, and the zero Value otherwise. An empty key
// fails the whole call with ErrEmptyKey.
func (s *AppStorage) BatchGet(keys []string) (values []Value, found []bool, err error) {
	if s.appID == "" {
		return nil, nil, fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	for _, k := range keys {
		if k == "" {
			return nil, nil, fmt.Errorf("storage: %w", ErrEmptyKey)
		}
	}
	values = make([]Value, len(keys))
	found = make([]bool, len(keys))
	err = s.db.bolt.View(func(tx *bolt.Tx) error {
		for i, k := range keys {
			v, ok, err := s.get(tx, k)
			if err != nil {
				return err
			}
			values[i], found[i] = v, ok
		}
		return nil
	})
	if err != nil {
		return nil, nil, s.wrap("batch get", err)
	}
	return values, found, nil
}

// Remove deletes key. Removing a key that is not stored is not an error.
func (s *AppStorage) Remove(key string) error {
	if s.appID == "" {
		return fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	if key == "" {
		return fmt.Errorf("storage: %w", ErrEmptyKey)
	}
	return s.wrap("remove", s.db.bolt.Update(func(tx *bolt.Tx) error {
		app := s.appBucket(tx)
		if app == nil {
			return nil
		}
		data := app.Bucket(bucketData)
		if data == nil {
			return nil
		}
		k := dbKey(key)
		rec := data.Get(k)
		if rec == nil {
			return nil
		}
		r, err := decodeRecord(k, rec)
		if err != nil {
			return fmt.Errorf("key %s: %w", quoteKey(key), err)
		}
		if r.key != nil && string(r.key) != key {
			return nil
		}
		total, err := readSize(app)
		if err != nil {
			return err
		}
		total -= int64(len(key) + len(r.data))
		if err := data.Delete(k); err != nil {
			return err
		}
		return writeSize(app, max(total, 0))
	}))
}

// Clear deletes every key of the app. Clearing an app with no storage is
// not an error.
func (s *AppStorage) Clear() error {
	if s.appID == "" {
		return fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	return s.wrap("clear", s.db.bolt.Update(func(tx *bolt.Tx) error {
		u := tx.Bucket(s.user)
		if u == nil {
			return nil
		}
		if err := u.DeleteBucket(s.app); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
			return err
		}
		if k, _ := u.Cursor().First(); k == nil {
			return tx.DeleteBucket(s.user) // the user has no storage left
		}
		return nil
	}))
}

// Info returns the app's keys, its size and its limit.
func (s *AppStorage) Info() (Info, error) {
	if s.appID == "" {
		return Info{}, fmt.Errorf("storage: %w", ErrEmptyAppID)
	}
	info := Info{Keys: []string{}, LimitSize: s.db.appQuota}
	err := s.db.bolt.View(func(tx *bolt.Tx) error {
		app := s.appBucket(tx)
		if app == nil {
			return nil
		}
		var err error
		if info.CurrentSize, err = readSize(app); err != nil {
			return err
		}
		data := app.Bucket(bucketData)
		if data == nil {
			return nil
		}
		return data.ForEach(func(k, rec []byte) error {
			r, err := decodeRecord(k, rec)
			if err != nil {
				return fmt.Errorf("entry %x: %w", k, err)
			}
			info.Keys = append(info.Keys, r.keyOf(k))
			return nil
		})
	})
	if err != nil {
		return Info{}, s.wrap("info", err)
	}
	slices.Sort(info.Keys) // hashed long keys are stored out of order
	return info, nil
}
