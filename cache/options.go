package cache

import (
	"crypto/ed25519"
	"log/slog"
	"net/http"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
)

// Defaults used for zero fields of Options.
const (
	DefaultTimeout        = time.Second
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxPackageSize = 64 << 20
	DefaultKeepVersions   = 2
)

// Options configure a Store. A nil *Options means every default; each
// field documents its zero value.
type Options struct {
	// Timeout is how long Open waits for the index file lock held by
	// another process before failing with ErrLocked. Zero means
	// DefaultTimeout; Open never waits forever.
	Timeout time.Duration

	// UserID selects a per-user cache under the directory: one user's
	// records and packages are invisible to another. Zero ("") is the
	// shared cache, distinct from every named user.
	UserID string

	// ServerURL is the package server's base URL, e.g.
	// "http://127.0.0.1:8080". Zero means no server: Resolve serves the
	// cache and offline packages only, and never checks for updates.
	ServerURL string

	// HTTPClient makes the requests. Nil means http.DefaultClient.
	HTTPClient *http.Client

	// RequestTimeout bounds each HTTP request, body included. Zero means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration

	// TrustedKeys, when not empty, makes the cache refuse unsigned
	// packages, packages whose signature no key verifies (ErrSignature)
	// and versions older than the newest trusted one of the same app and
	// env (ErrRollback). Nil means signatures are not checked.
	TrustedKeys []ed25519.PublicKey

	// Limits bound the zip safety checks; zero fields mean
	// pkgformat.DefaultLimits.
	Limits pkgformat.Limits

	// MaxPackageSize is the largest package, in bytes, the cache accepts.
	// Zero means DefaultMaxPackageSize.
	MaxPackageSize int64

	// KeepVersions is how many versions of each app and env stay on disk
	// (the current one and older ones). Zero means DefaultKeepVersions.
	KeepVersions int

	// Logger receives debug and warning records. Nil means no logging.
	Logger *slog.Logger

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time

	// OnUpdate is called, from a background goroutine, with every event of
	// every background update check (the same events Resolved.Updates
	// carries). Nil means no callback. It must not block for long and must
	// not call Close, which waits for background checks to end.
	OnUpdate func(UpdateEvent)

	// OnProgress is called while a package downloads, from the
	// downloading goroutine. Nil means no callback.
	OnProgress func(Progress)

	// AutoRebuild makes Open rebuild a corrupt index from the package
	// files (see Rebuild) instead of failing with ErrCorruptIndex. False
	// means Open reports ErrCorruptIndex.
	AutoRebuild bool
}

// Progress reports a download in progress.
type Progress struct {
	AppID, Env, Version string
	Done, Total         int64 // bytes
}

type config struct {
	Options
	client *http.Client
}

func newConfig(o *Options) config {
	var c config
	if o != nil {
		c.Options = *o
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.MaxPackageSize <= 0 {
		c.MaxPackageSize = DefaultMaxPackageSize
	}
	if c.KeepVersions <= 0 {
		c.KeepVersions = DefaultKeepVersions
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.client = c.HTTPClient
	if c.client == nil {
		c.client = http.DefaultClient
	}
	for len(c.ServerURL) > 0 && c.ServerURL[len(c.ServerURL)-1] == '/' {
		c.ServerURL = c.ServerURL[:len(c.ServerURL)-1]
	}
	c.TrustedKeys = append([]ed25519.PublicKey(nil), c.TrustedKeys...)
	return c
}
