// Package wxstorage binds package storage to the wx storage APIs of a mini
// program: setStorage, getStorage, removeStorage, clearStorage,
// getStorageInfo, batchSetStorage, batchGetStorage and their Sync forms.
//
// # Basics
//
// A host opens one storage file and passes a group per user to the bridge:
//
//	db, err := storage.Open(filepath.Join(dataDir, "storage.db"), nil)
//	...
//	br := bridge.New(bridge.Config{Groups: []bridge.Group{wxstorage.New(db, userID)}})
//
// Each running app reads and writes db.App(userID, appID) with its own app
// id, so apps and users never see each other's keys; the host clears an
// app's storage with storage.DB.ClearApp.
//
// The APIs follow the base library:
//
//   - setStorageSync(key, data), getStorageSync(key), removeStorageSync(key),
//     clearStorageSync(), getStorageInfoSync(), batchSetStorageSync(kvList),
//     batchGetStorageSync(keyList) take positional arguments, return their
//     value or throw an Error "<api>:fail <reason>".
//   - setStorage({key, data}), getStorage({key}) (success gets {data}),
//     removeStorage({key}), clearStorage(), getStorageInfo() (success gets
//     {keys, currentSize, limitSize}, sizes in KB, the current size rounded
//     up), batchSetStorage({kvList}) and batchGetStorage({keyList}) (success
//     gets {dataList}) use callbacks or return a Promise.
//   - kvList is an array of {key, value}; keys must be strings.
//   - A missing key: getStorageSync returns "" (the empty string),
//     getStorage fails with "getStorage:fail data not found", batch reads
//     give "" in its place, and removing it succeeds.
//
// Values keep their JavaScript type (storage.Value's Kind): strings,
// numbers, booleans, null, undefined, objects and arrays (stored as
// JSON.stringify writes them: functions and undefined members dropped, nested
// Dates as ISO strings), and Dates, which come back as Date objects with the
// same time value. NaN, ±Infinity and an Invalid Date are stored as null, as
// JSON.stringify writes them. Every read returns a fresh value.
//
// Quotas are the storage file's (storage.Options): 1 MB per entry, key
// included, and 10 MB per app by default. A refused write stores nothing and
// fails with a message naming the key, for example
//
//	setStorage:fail key "cart": entry of 1048600 bytes (key + value) exceeds the 1 MB limit per key
//
// # Order
//
// The asynchronous forms do their I/O off the loop, one after the other in
// the order the mini program called them; a Sync form first waits for the
// asynchronous calls already made, then does its I/O on the loop (as the
// device does; they are fast). So setStorage({key: 'a', data: 1}) followed
// by getStorageSync('a') reads 1.
//
// # Performance
//
// From JavaScript, on a 2-core Intel Xeon (go test -bench . ./wxapi/wxstorage),
// a small object {id, items: ['a', 'b'], total}:
//
//	BenchmarkSyncRoundTrip/nosync   56-67 µs/op  14.6 KB/op  206 allocs/op  (setStorageSync + getStorageSync)
//	BenchmarkSyncRoundTrip/fsync   336-358 µs/op  14.6 KB/op  206 allocs/op  (one fsync per write)
//	BenchmarkGetStorageSync         12-14 µs/op   3.2 KB/op   57 allocs/op
//
// A write is one bbolt commit; a read is one read transaction plus the
// conversions and the bridge's call record.
//
// # Caveats
//
//   - A key must be a string; other types fail with the base library's
//     "parameter error: parameter.key should be String instead of Number;".
//     The empty key fails with "key is required".
//   - Values are measured as the storage package measures them (UTF-8 bytes
//     of the key and the JSON form), which may differ slightly from the
//     device's count for non-ASCII text.
//   - An object whose JSON holds a "__proto__" key is read back through
//     JSON.parse so that the key stays an own property.
//   - BigInt values cannot be stored (JSON.stringify refuses them too):
//     "parameter error: data cannot be stored: ...".
package wxstorage
