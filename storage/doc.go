// Package storage keeps the key-value storage of mini programs
// (wx.setStorage, getStorage, removeStorage, clearStorage, getStorageInfo,
// batchSetStorage, batchGetStorage and their Sync forms) in one bbolt file,
// isolated per user and per app.
//
// # Basics
//
// Open a file once per process and make a cheap handle per user and app:
//
//	db, err := storage.Open(filepath.Join(dataDir, "storage.db"), nil)
//	...
//	defer db.Close()
//	s := db.App(userID, appID)
//	v, _ := storage.ValueOf(map[string]any{"items": []int{1, 2}})
//	err = s.Set("cart", v)
//	v, err = s.Get("cart") // errors.Is(err, storage.ErrNotFound) for a missing key
//
// A DB and its AppStorage handles are safe to call from any goroutine. Each
// method runs in one bbolt transaction: a write, including a whole
// BatchSet, is stored entirely or not at all, and is on disk when the method
// returns (unless Options.NoSync). The host clears one app's storage with
// DB.ClearApp and one user's with DB.ClearUser.
//
// A Value is the JavaScript type of what the mini program stored (Kind:
// "String", "Number", "Boolean", "Object", "Array", "Date", "Null",
// "Undefined") and its JSON form (Data), so that values come back with the
// type they had, as in the base library. A Date is stored as its time value
// in milliseconds (Date.prototype.getTime); Dates inside objects and arrays
// are ISO strings, as JSON.stringify makes them. ValueOf and Value.Go convert
// from and to plain Go values; the wx binding builds Values from JS values
// itself.
//
// Users, apps and keys are kept apart by nested buckets (one per user, one
// per app inside it), never by joining strings, so no choice of ids or keys
// can reach another app's data. An empty user id is a user like any other;
// an empty app id or key is refused (ErrEmptyAppID, ErrEmptyKey).
//
// # Quotas
//
// The size of an entry is len(key) + len(Value.Data) in bytes: the key and
// the JSON form of the value, as UTF-8. (WeChat documents the limits but
// not its exact measure; bytes equal characters for ASCII text and are the
// stricter count for other text.) An entry over Options.KeyQuota (1 MB) or a write
// that would bring the app's total over Options.AppQuota (10 MB) fails with
// a *QuotaError (errors.Is ErrKeyQuota or ErrAppQuota) naming the key and
// the sizes, and stores nothing. A limit is inclusive: an entry of exactly
// 1 MB is accepted. The app's total is kept in a counter updated in the same
// transaction as the data, so no size is ever recomputed; wx.getStorageInfo reports
// CurrentSize and LimitSize in KB, and the binding converts. Info.Keys is in
// ascending byte order, not insertion order.
//
// # Performance
//
// On a 2-core Intel Xeon (go test -bench . ./storage):
//
//	BenchmarkSet/small/sync      1.6 ms/op   12 KB/op   96 allocs/op  (one fsync per write)
//	BenchmarkSet/small/nosync     43 µs/op   11 KB/op   97 allocs/op
//	BenchmarkSet/1KB/nosync       49 µs/op   14 KB/op   97 allocs/op
//	BenchmarkGet                 2.8 µs/op  727 B/op    15 allocs/op  (app of 1000 keys)
//	BenchmarkValueOf/object      2.5 µs/op  336 B/op     9 allocs/op
//
// A write costs one bbolt commit, dominated by fsync on real disks. Writes
// are serialized (bbolt has one writer); reads run in parallel.
//
// # Caveats
//
//   - One file can be open by one DB at a time. bbolt takes an exclusive
//     flock on its own file descriptor, so a second Open of the same file
//     fails with ErrLocked after Options.Timeout, from another process or
//     from this one. Share one DB.
//   - Keys longer than 512 bytes are stored under their SHA-256 (bbolt keys
//     are limited to 32 KB); they work like any other key.
//   - Value.Go decodes numbers as float64, like JavaScript; integers beyond
//     2^53 lose precision, and Go strings that are not valid UTF-8 come back
//     with U+FFFD, as encoding/json does. NaN and ±Infinity have no JSON
//     form: ValueOf refuses them.
//   - A write that does not grow the app's total is accepted even over the
//     app quota (after the quota was lowered), so an app can always shrink.
//   - Values returned by Get and BatchGet are copies the caller owns; the
//     Data of a Value given to Set must not change during the call.
package storage
