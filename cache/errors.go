package cache

import (
	"errors"
	"fmt"
	"net/http"
)

// Errors returned by the cache. Errors from Resolve and PreDownload wrap one
// of them, so that errors.Is tells the launcher what happened.
var (
	// ErrClosed is returned by every method of a closed Store.
	ErrClosed = errors.New("cache is closed")
	// ErrLocked is returned by Open when another process holds the cache
	// for longer than Options.Timeout.
	ErrLocked = errors.New("cache is in use by another process")
	// ErrCorruptIndex is returned when the index file cannot be read; see
	// Rebuild.
	ErrCorruptIndex = errors.New("cache index is corrupt")
	// ErrInvalidRequest is returned for a malformed app id, env version or
	// argument.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrAppNotFound is returned when the server has no such app (HTTP 404).
	ErrAppNotFound = errors.New("app not found on the server")
	// ErrNotCached is returned when an app is not in the cache and no
	// server is configured, and by Remove for an app that is not cached.
	ErrNotCached = errors.New("app is not in the cache")
	// ErrNetwork is returned when the server cannot be reached, times out
	// or answers with an unexpected status, and nothing is cached.
	ErrNetwork = errors.New("package server unavailable")
	// ErrIntegrity is returned when a package's size or SHA-256 differs
	// from its manifest (a truncated or corrupted download).
	ErrIntegrity = errors.New("package size or hash mismatch")
	// ErrSignature is returned when Options.TrustedKeys is set and a
	// package is unsigned or its signature does not verify.
	ErrSignature = errors.New("package signature refused")
	// ErrRollback is returned when Options.TrustedKeys is set and a
	// package is older than the newest version trusted for the app.
	ErrRollback = errors.New("package version is older than the newest trusted version")
	// ErrInvalidPackage is returned when a package or its manifest fails
	// validation; the error also wraps the *pkgformat.ZipError or
	// *pkgformat.ManifestError that says why.
	ErrInvalidPackage = errors.New("invalid package")
	// ErrPanic is returned when a panic was recovered inside a download or
	// install.
	ErrPanic = errors.New("panic during package install")
)

// HTTPError reports an unexpected HTTP status from the package server. It
// unwraps to ErrAppNotFound for 404 and to ErrNetwork otherwise.
type HTTPError struct {
	URL    string
	Status int
}

// Error names the URL and the status.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Unwrap returns ErrAppNotFound or ErrNetwork.
func (e *HTTPError) Unwrap() error {
	if e.Status == http.StatusNotFound {
		return ErrAppNotFound
	}
	return ErrNetwork
}
