package storage

import (
	"errors"
	"fmt"
)

// Errors returned by the storage. Errors from AppStorage methods wrap one of
// them, so that errors.Is tells the binding which errMsg to report.
var (
	// ErrNotFound is returned by Get for a key that is not stored.
	ErrNotFound = errors.New("data not found")
	// ErrEmptyKey is returned when a key is the empty string; the base
	// library requires a key.
	ErrEmptyKey = errors.New("key is required")
	// ErrEmptyAppID is returned by every AppStorage method of a handle made
	// with an empty app id.
	ErrEmptyAppID = errors.New("app id is required")
	// ErrInvalidValue is returned for a Value whose Kind is unknown or whose
	// Data is not the JSON that Kind requires, and by ValueOf for a Go value
	// that has no JSON form (NaN, channels, functions, ...).
	ErrInvalidValue = errors.New("invalid value")
	// ErrKeyQuota is wrapped by the *QuotaError returned when one entry
	// (key plus value) is larger than Options.KeyQuota.
	ErrKeyQuota = errors.New("entry exceeds the limit per key")
	// ErrAppQuota is wrapped by the *QuotaError returned when a write would
	// bring an app's storage over Options.AppQuota.
	ErrAppQuota = errors.New("storage exceeds the limit per app")
	// ErrClosed is returned by every method of a closed DB and of the
	// AppStorage handles made from it.
	ErrClosed = errors.New("storage is closed")
	// ErrLocked is returned by Open when another DB (in this process or
	// another one) holds the file for longer than Options.Timeout.
	ErrLocked = errors.New("storage file is in use")
	// ErrCorrupt is returned when the file holds data this package did not
	// write (an unknown format version, a malformed record).
	ErrCorrupt = errors.New("storage file is corrupt")
)

// QuotaError reports a write refused by a quota. It unwraps to ErrKeyQuota
// or ErrAppQuota. Nothing of the refused write is stored.
type QuotaError struct {
	// Key is the key being written: for ErrKeyQuota the oversized entry,
	// for ErrAppQuota the key (in a batch, the first key) at which the
	// app's total went over the limit.
	Key string
	// Size is the entry size in bytes (ErrKeyQuota) or the app's total
	// size the write would have produced (ErrAppQuota).
	Size int64
	// Limit is the quota in bytes.
	Limit int64
	// Err is ErrKeyQuota or ErrAppQuota.
	Err error
}

// Error names the key, the size and the limit, for example
//
//	storage: key "cart": entry of 1048600 bytes (key + value) exceeds the 1 MB limit per key
func (e *QuotaError) Error() string {
	if errors.Is(e.Err, ErrAppQuota) {
		return fmt.Sprintf("storage: key %s: storage of %d bytes would exceed the %s limit per app",
			quoteKey(e.Key), e.Size, formatBytes(e.Limit))
	}
	return fmt.Sprintf("storage: key %s: entry of %d bytes (key + value) exceeds the %s limit per key",
		quoteKey(e.Key), e.Size, formatBytes(e.Limit))
}

// Unwrap returns ErrKeyQuota or ErrAppQuota.
func (e *QuotaError) Unwrap() error { return e.Err }

// maxQuotedKey is how many bytes of a key error messages show.
const maxQuotedKey = 64

// quoteKey quotes a key for an error message, eliding the middle of long keys
// (a key may be up to a megabyte).
func quoteKey(k string) string {
	if len(k) <= maxQuotedKey {
		return fmt.Sprintf("%q", k)
	}
	return fmt.Sprintf("%q...(%d bytes)", k[:maxQuotedKey], len(k))
}

// formatBytes renders n as "10 MB" or "512 KB" when it is a whole number of
// those units, else as "n bytes".
func formatBytes(n int64) string {
	switch {
	case n > 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n > 0 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// keyError wraps err with the key it concerns.
func keyError(key string, err error) error {
	return fmt.Errorf("storage: key %s: %w", quoteKey(key), err)
}
