package cache

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/minihost/minihost/cache/pkgformat"
)

// Source says where a resolved package came from.
type Source string

// Sources of a resolved package.
const (
	SourceCache   Source = "cache"   // the cached copy, without waiting for the server
	SourceNetwork Source = "network" // downloaded from the server for this call
	SourceOffline Source = "offline" // installed from ResolveRequest.OfflinePackage
)

// ResolveRequest asks for the package of one app.
type ResolveRequest struct {
	// AppID is the app's id (1-64 characters of [A-Za-z0-9_-]).
	AppID string
	// EnvVersion is "release", "trial" or "develop"; zero means "release".
	EnvVersion string
	// ForceUpdate asks the server for the latest version and waits for it
	// to be installed before returning. If the server cannot be reached
	// and a copy is cached, the cached copy is returned with Stale set.
	ForceUpdate bool
	// OfflinePackage is the path of a package zip on the local disk to
	// install without network. A manifest next to it (the same path with
	// ".json" instead of ".zip") is used if present; otherwise a manifest
	// is made with the version "0.0.0-offline.<first 12 hex digits of the
	// SHA-256>", older than any release, so the next server version
	// replaces it. It does not replace a newer cached version: Resolve then
	// returns the cached one (SourceCache). ForceUpdate is ignored. Zero
	// means no offline package.
	OfflinePackage string
}

// Resolved is the package Resolve chose.
type Resolved struct {
	// Manifest describes the package.
	Manifest pkgformat.Manifest
	// Source says where it came from.
	Source Source
	// Path is the package zip on disk. It stays valid at least until
	// KeepVersions newer versions have been installed.
	Path string
	// InstalledAt is when the package entered the cache.
	InstalledAt time.Time
	// Stale is non-nil when the server was asked (a forced update) but
	// could not answer, and the cached copy was returned instead.
	Stale error
	// Updates is non-nil when a background update check was started. It
	// receives UpdateAvailable when the server has a newer version, then
	// exactly one of UpdateNone, UpdateReady (the newer version is
	// installed and Resolve will return it next time) or UpdateFailed,
	// and is then closed. It is buffered: nobody has to read it.
	Updates <-chan UpdateEvent
}

// Open opens the package as a file system. The caller must close the
// returned io.Closer when done with the fs.FS.
func (r *Resolved) Open() (fs.FS, io.Closer, error) {
	zr, err := zip.OpenReader(r.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("cache: open package %s: %w", r.Path, err)
	}
	return zr, zr, nil
}

// UpdateKind is the kind of an UpdateEvent.
type UpdateKind int

// Kinds of update events.
const (
	UpdateNone      UpdateKind = iota // the cached version is the latest
	UpdateAvailable                   // the server has a newer version; downloading it
	UpdateReady                       // the newer version is installed
	UpdateFailed                      // the check or the download failed; Err says why
)

// String returns "none", "available", "ready" or "failed".
func (k UpdateKind) String() string {
	switch k {
	case UpdateNone:
		return "none"
	case UpdateAvailable:
		return "available"
	case UpdateReady:
		return "ready"
	case UpdateFailed:
		return "failed"
	}
	return fmt.Sprintf("UpdateKind(%d)", int(k))
}

// UpdateEvent reports progress of a background update check.
type UpdateEvent struct {
	Kind    UpdateKind
	AppID   string
	Env     string
	Current string              // the version Resolve returned
	Latest  *pkgformat.Manifest // the server's version, when known
	Err     error               // with UpdateFailed
}

func (req *ResolveRequest) normalize() (appID, env string, err error) {
	env = req.EnvVersion
	if env == "" {
		env = pkgformat.EnvRelease
	}
	if !pkgformat.ValidAppID(req.AppID) {
		return "", "", fmt.Errorf("%w: app id %q is not 1-64 characters of [A-Za-z0-9_-]", ErrInvalidRequest, req.AppID)
	}
	if !pkgformat.ValidEnv(env) {
		return "", "", fmt.Errorf("%w: env version %q is not release, trial or develop", ErrInvalidRequest, env)
	}
	return req.AppID, env, nil
}

// Resolve returns the package to run for an app, with the semantics of the
// reference SDKs:
//
//   - cached and not ForceUpdate: the cached copy at once (SourceCache),
//     and, when a server is configured, a background update check whose
//     newer version is used from the next Resolve (see Resolved.Updates);
//   - not cached: download, verify, install and return it (SourceNetwork);
//   - ForceUpdate: ask the server first and wait for a newer version;
//   - OfflinePackage: install that zip without network (SourceOffline);
//   - the server unreachable (ErrNetwork) with a cached copy: the cached
//     copy, with Resolved.Stale set. Other failures of a forced update
//     (ErrIntegrity, ErrSignature, ErrAppNotFound, ...) are returned even
//     when a copy is cached, which stays current.
//
// With Options.TrustedKeys, the cached manifest's signature is verified on
// every call (tens of microseconds); a copy that does not verify counts as
// not cached.
//
// Errors wrap ErrInvalidRequest, ErrAppNotFound, ErrNotCached, ErrNetwork,
// ErrIntegrity, ErrSignature, ErrRollback, ErrInvalidPackage, ErrClosed or
// ErrCorruptIndex, or are ctx.Err(). Concurrent resolves of the same
// package download it once. Safe to call from any goroutine.
func (s *Store) Resolve(ctx context.Context, req ResolveRequest) (*Resolved, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	appID, env, err := req.normalize()
	if err != nil {
		return nil, err
	}
	if req.OfflinePackage != "" {
		return s.resolveOffline(appID, env, req.OfflinePackage)
	}
	cur, err := s.current(appID, env)
	if err != nil {
		return nil, err
	}
	if cur != nil && !s.present(cur) {
		s.cfg.Logger.Warn("cache: package file missing; fetching again", "appId", appID, "version", cur.Manifest.Version)
		cur = nil
	}
	if cur != nil && len(s.cfg.TrustedKeys) > 0 {
		if err := cur.Manifest.Verify(s.cfg.TrustedKeys); err != nil {
			// Installed before these keys were configured: not trusted.
			s.cfg.Logger.Warn("cache: cached package not signed by a trusted key; ignoring it", "appId", appID, "err", err)
			cur = nil
		}
	}
	if cur != nil && !req.ForceUpdate {
		s.touch(appID, env)
		r := s.resolved(cur, SourceCache)
		if s.cfg.ServerURL != "" {
			r.Updates = s.startCheck(appID, env, cur.Manifest.Version)
		}
		return r, nil
	}
	if s.cfg.ServerURL == "" {
		if cur != nil {
			s.touch(appID, env)
			r := s.resolved(cur, SourceCache)
			r.Stale = fmt.Errorf("%w: no server configured", ErrNetwork)
			return r, nil
		}
		return nil, fmt.Errorf("%w: %s/%s and no server configured", ErrNotCached, appID, env)
	}
	fallback := func(err error) (*Resolved, error) {
		if cur != nil && errors.Is(err, ErrNetwork) && ctx.Err() == nil {
			s.cfg.Logger.Warn("cache: server unavailable; using the cached copy", "appId", appID, "err", err)
			s.touch(appID, env)
			r := s.resolved(cur, SourceCache)
			r.Stale = err
			return r, nil
		}
		return nil, err
	}
	m, err := s.fetchManifest(ctx, appID, env)
	if err != nil {
		return fallback(err)
	}
	if cur != nil && cur.Manifest.Version == m.Version && cur.Manifest.SHA256 == m.SHA256 {
		s.touch(appID, env)
		return s.resolved(cur, SourceCache), nil
	}
	if err := s.checkTrust(m); err != nil {
		return nil, err
	}
	rec, err := s.download(ctx, m, true)
	if err != nil {
		return fallback(err)
	}
	s.touch(appID, env)
	return s.resolved(rec, SourceNetwork), nil
}

func (s *Store) resolved(rec *versionRecord, src Source) *Resolved {
	m := &rec.Manifest
	return &Resolved{Manifest: *m, Source: src, Path: s.packagePath(m), InstalledAt: rec.InstalledAt}
}

// present reports whether a record's package file exists with its size.
func (s *Store) present(rec *versionRecord) bool {
	st, err := os.Stat(s.packagePath(&rec.Manifest))
	return err == nil && st.Size() == rec.Manifest.Size
}

// checkTrust applies TrustedKeys: the signature must verify and the version
// must not be older than the newest trusted one.
func (s *Store) checkTrust(m *pkgformat.Manifest) error {
	if len(s.cfg.TrustedKeys) == 0 {
		return nil
	}
	if err := m.Verify(s.cfg.TrustedKeys); err != nil {
		return fmt.Errorf("%w: %w", ErrSignature, err)
	}
	var floor string
	err := s.view(func(tx *bolt.Tx) error {
		floor = string(tx.Bucket(bucketTrust).Get(appKey(m.AppID, m.Env)))
		return nil
	})
	if err != nil {
		return err
	}
	if floor != "" && pkgformat.CompareVersions(m.Version, floor) < 0 {
		return fmt.Errorf("%w: %s/%s %s is older than trusted %s", ErrRollback, m.AppID, m.Env, m.Version, floor)
	}
	return nil
}

// startCheck starts a background update check and returns its event
// channel, or nil when the store is closing.
func (s *Store) startCheck(appID, env, current string) <-chan UpdateEvent {
	if !s.begin() {
		return nil
	}
	// Room for every event a check sends (available, then one final, and a
	// failure after a panic): nobody has to read the channel.
	ch := make(chan UpdateEvent, 3)
	go func() {
		defer s.wg.Done()
		defer close(ch)
		sent := 0
		send := func(ev UpdateEvent) {
			ev.AppID, ev.Env, ev.Current = appID, env, current
			if sent < cap(ch) {
				ch <- ev
				sent++
			}
			if s.cfg.OnUpdate != nil {
				s.onUpdate(ev)
			}
		}
		defer func() {
			if p := recover(); p != nil {
				send(UpdateEvent{Kind: UpdateFailed, Err: fmt.Errorf("%w: update check: %v", ErrPanic, p)})
			}
		}()
		m, err := s.fetchManifest(s.ctx, appID, env)
		if err != nil {
			send(UpdateEvent{Kind: UpdateFailed, Err: err})
			return
		}
		if pkgformat.CompareVersions(m.Version, current) <= 0 {
			send(UpdateEvent{Kind: UpdateNone, Latest: m})
			return
		}
		if err := s.checkTrust(m); err != nil {
			send(UpdateEvent{Kind: UpdateFailed, Latest: m, Err: err})
			return
		}
		send(UpdateEvent{Kind: UpdateAvailable, Latest: m})
		if _, err := s.download(s.ctx, m, false); err != nil {
			send(UpdateEvent{Kind: UpdateFailed, Latest: m, Err: err})
			return
		}
		send(UpdateEvent{Kind: UpdateReady, Latest: m})
	}()
	return ch
}

// onUpdate calls Options.OnUpdate; a panic in the host's callback is
// logged, never taken for a failed check, and never takes the process down.
func (s *Store) onUpdate(ev UpdateEvent) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("cache: OnUpdate panicked", "appId", ev.AppID, "panic", p)
		}
	}()
	s.cfg.OnUpdate(ev)
}

// resolveOffline installs a package from the local disk.
func (s *Store) resolveOffline(appID, env, path string) (*Resolved, error) {
	if st, err := os.Stat(path); err == nil && st.Size() > s.cfg.MaxPackageSize {
		return nil, fmt.Errorf("%w: offline package is %d bytes, limit %d", ErrInvalidPackage, st.Size(), s.cfg.MaxPackageSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: offline package: %w", ErrInvalidRequest, err)
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	var m *pkgformat.Manifest
	if mj, err := os.ReadFile(strings.TrimSuffix(path, ".zip") + ".json"); err == nil {
		if m, err = pkgformat.ParseManifest(mj); err != nil {
			return nil, fmt.Errorf("%w: offline manifest: %w", ErrInvalidPackage, err)
		}
		if m.AppID != appID || m.Env != env {
			return nil, fmt.Errorf("%w: offline manifest is for %s/%s, not %s/%s", ErrInvalidPackage, m.AppID, m.Env, appID, env)
		}
	} else {
		m = &pkgformat.Manifest{AppID: appID, Name: appID, Env: env, Version: "0.0.0-offline." + hexSum[:12],
			Size: int64(len(data)), SHA256: hexSum, PublishedAt: s.cfg.Now().UTC()}
	}
	if m.Size > s.cfg.MaxPackageSize {
		return nil, fmt.Errorf("%w: offline package is %d bytes, limit %d", ErrInvalidPackage, m.Size, s.cfg.MaxPackageSize)
	}
	if err := s.checkTrust(m); err != nil {
		return nil, err
	}
	ch := s.sf.DoChan(m.AppID+"\x00"+m.Env+"\x00"+m.Version+"\x00"+m.SHA256, func() (v any, err error) {
		if !s.begin() {
			return nil, ErrClosed
		}
		defer s.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				v, err = nil, fmt.Errorf("%w: offline %s: %v", ErrPanic, path, p)
			}
		}()
		if rec, err := s.installedCopy(m, false); err != nil || rec != nil {
			return rec, err
		}
		return s.install(m, bytes.NewReader(data), false)
	})
	r := <-ch
	if r.Err != nil {
		return nil, r.Err
	}
	s.touch(appID, env)
	cur, err := s.current(appID, env)
	if err != nil {
		return nil, err
	}
	if cur != nil && (cur.Manifest.Version != m.Version || cur.Manifest.SHA256 != m.SHA256) {
		// A newer version was already cached: the offline one does not
		// replace it.
		return s.resolved(cur, SourceCache), nil
	}
	return s.resolved(r.Val.(*versionRecord), SourceOffline), nil
}
