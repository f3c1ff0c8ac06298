package storage

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// mustOpen opens a new storage file in a temporary directory and closes it,
// after checking its consistency, when the test ends.
func mustOpen(t testing.TB, opts *Options) *DB {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	o := *opts
	o.NoSync = true
	db, err := Open(filepath.Join(t.TempDir(), "storage.db"), &o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkConsistency(t, db)
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// checkConsistency verifies the bbolt file and that every app's size
// counter equals the sum of its entry sizes. It does nothing on a closed DB.
func checkConsistency(t testing.TB, db *DB) {
	t.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check: %v", err)
		}
		return tx.ForEach(func(name []byte, u *bolt.Bucket) error {
			if name[0] != 'u' {
				return nil
			}
			return u.ForEach(func(appName, _ []byte) error {
				app := u.Bucket(appName)
				if app == nil {
					t.Errorf("user %q: key %q is not an app bucket", name[1:], appName)
					return nil
				}
				want, err := readSize(app)
				if err != nil {
					t.Error(err)
				}
				var got int64
				data := app.Bucket(bucketData)
				if data == nil {
					t.Errorf("user %q app %q: no data bucket", name[1:], appName[1:])
					return nil
				}
				err = data.ForEach(func(k, rec []byte) error {
					r, err := decodeRecord(k, rec)
					if err != nil {
						return err
					}
					if string(dbKey(r.keyOf(k))) != string(k) {
						t.Errorf("key %q stored under %x", r.keyOf(k), k)
					}
					got += int64(len(r.keyOf(k)) + len(r.data))
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				if got != want {
					t.Errorf("user %q app %q: size counter %d, entries sum to %d", name[1:], appName[1:], want, got)
				}
				return nil
			})
		})
	})
	if err != nil && mapErr(err) != ErrClosed {
		t.Error(err)
	}
}

// mustValue is ValueOf for test tables.
func mustValue(t testing.TB, v any) Value {
	t.Helper()
	val, err := ValueOf(v)
	if err != nil {
		t.Fatal(err)
	}
	return val
}

// str builds a String Value whose Data is n bytes long (n >= 2).
func str(n int) Value {
	d := make([]byte, n)
	for i := range d {
		d[i] = 'x'
	}
	d[0], d[n-1] = '"', '"'
	return Value{Kind: KindString, Data: d}
}
