// Package cache keeps mini program packages on disk and fetches them from a
// package server: a bbolt index (apps, versions, hashes, install and use
// times, favourites) beside the package files, with cache-first opens,
// background and forced updates, offline packages and batch pre-download.
// It never imports goja.
//
// # Basics
//
// Open a Store on a directory, like bbolt.Open (nil options mean the
// defaults; each Options field documents its zero value):
//
//	store, err := cache.Open(dir, &cache.Options{
//		ServerURL: "http://127.0.0.1:8080",
//		UserID:    userID, // per-user records and packages
//	})
//	if err != nil { ... } // errors.Is(err, cache.ErrLocked), cache.ErrCorruptIndex
//	defer store.Close()
//
//	r, err := store.Resolve(ctx, cache.ResolveRequest{AppID: "wx123"})
//	fsys, closer, err := r.Open() // the bundle as an fs.FS
//
// Resolve follows the reference SDKs: a cached package is returned at once
// (Source "cache") while a background check downloads any newer version for
// the next open, reporting on Resolved.Updates and Options.OnUpdate; a miss
// downloads, verifies and installs first (Source "network"); ForceUpdate
// waits for the server; OfflinePackage installs a local zip (Source
// "offline"); an unreachable server with a cached copy returns that copy
// with Resolved.Stale set. Concurrent resolves of one package download it
// once (singleflight); panics inside a download are recovered as ErrPanic.
//
// Errors wrap distinct sentinels for the launcher's start codes:
// ErrAppNotFound, ErrNetwork (with no cached copy), ErrIntegrity, ErrSignature,
// ErrRollback, ErrInvalidPackage, ErrNotCached, ErrInvalidRequest, ErrClosed,
// ErrLocked and ErrCorruptIndex. *HTTPError carries the status code.
//
// An install writes the package to the cache's tmp directory, checks its
// size, SHA-256, signature (with Options.TrustedKeys) and zip safety
// (pkgformat.CheckZip), fsyncs it, renames it and its manifest into
// packages/<appId>/<env>/, fsyncs the directory, and only then commits the
// index. A process killed at any point leaves a cache that opens and serves
// the last good version; Open removes the leftovers in tmp.
//
// The server protocol, which a static file server can host except for the
// batch query and search, is described in docs/packages.md and served by
// package pkgserver; the package format lives in package pkgformat.
//
// Performance, measured on a 2-vCPU Intel Xeon VM shared with other jobs
// (go test -bench . -benchtime 2s -count 2, Go 1.26, ext4; ranges over runs):
//
//	BenchmarkResolveHit           2.8-3.2 µs/op   768 B/op   9 allocs/op
//	BenchmarkInstall2MB           103-171 MB/s   (hash, zip check, 3 fsyncs, index commit)
//	BenchmarkResolveDownload2MB   135-148 MB/s   (the same over HTTP on loopback)
//
// A hit reads the current record from a memo that every write transaction
// invalidates, stats the package file, and records the use in memory.
// Installs are bound by fsync.
//
// # Caveats
//
// One process at a time holds a cache directory (a bbolt file lock); Open
// in another fails with ErrLocked after Options.Timeout. Different UserIDs
// use different subdirectories and do not lock each other.
//
// Last-use times are kept in memory and written with the next install, List,
// Recent or Close, so that a cache hit does not cost a disk write; a crash
// loses the uses since then.
//
// Only Options.KeepVersions versions of each app stay on disk. A Resolved's
// Path can disappear after that many newer installs; open it promptly (an
// opened zip stays readable on Unix).
//
// bbolt panics on some corrupt files. Open therefore first opens an existing
// index read-only and runs bbolt's full consistency check (its cost grows
// with the index), and the Store recovers panics in transactions; both are
// reported as ErrCorruptIndex. Rebuild (or Options.AutoRebuild) makes a new
// index from the package files; favourites and last-use times are lost, and
// no other process may use the cache meanwhile.
//
// The rollback floor (the newest trusted version of each app) survives
// Remove and RemoveAll, so that removing an app does not allow a downgrade.
//
// An offline package's manifest (the .json beside the zip) is trusted
// input when no TrustedKeys are configured: a manifest claiming a version
// newer than the server's keeps that version current until a forced
// update. Configure TrustedKeys when offline packages come from outside.
package cache
