package launcher

import (
	"context"
	"errors"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/runtime"
)

// Start result codes. 0 is success; server-side failures are -11xxx and
// client-side failures -12xxx, as in the reference SDK's MiniAppStartResult.
const (
	CodeOK = 0
	// CodeAppNotFound: the package server has no such app (or env).
	CodeAppNotFound = -11001
	// CodeNetwork: the server could not be reached and no copy is cached.
	CodeNetwork = -11002
	// CodeIntegrity: the package failed its size, hash or signature check,
	// or is older than a version already trusted (rollback).
	CodeIntegrity = -11003
	// CodeInvalidPackage: the package is not a safe zip (path traversal,
	// zip bomb, duplicate or encrypted entries...).
	CodeInvalidPackage = -11004
	// CodeInvalidBundle: the bundle's app.json or project files are invalid.
	CodeInvalidBundle = -12001
	// CodeScriptError: app.js or the entry page threw while launching, or
	// app.js did not call App().
	CodeScriptError = -12002
	// CodeEntryNotFound: the entry page is not a page of the bundle.
	CodeEntryNotFound = -12003
	// CodeBadLink: a link or QR code content was not understood.
	CodeBadLink = -12004
	// CodeCanceled: the start was cancelled (its context ended, or the
	// scanner was dismissed).
	CodeCanceled = -12005
	// CodeClosed: the launcher has been shut down.
	CodeClosed = -12006
	// CodeInvalidRequest: the app id or the start options are not valid.
	CodeInvalidRequest = -12007
	// CodeInternal: anything else (a cache that cannot be read, ...).
	CodeInternal = -12099
)

// codeOf classifies a start error.
func codeOf(err error) int {
	switch {
	case err == nil:
		return CodeOK
	case errors.Is(err, ErrClosed):
		return CodeClosed
	case errors.Is(err, ErrBadLink):
		return CodeBadLink
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrScanCanceled):
		return CodeCanceled
	case errors.Is(err, cache.ErrInvalidRequest):
		return CodeInvalidRequest
	case errors.Is(err, cache.ErrNetwork):
		return CodeNetwork
	case errors.Is(err, cache.ErrAppNotFound):
		return CodeAppNotFound
	case errors.Is(err, cache.ErrNetwork), errors.Is(err, cache.ErrNotCached):
		return CodeNetwork
	case errors.Is(err, cache.ErrIntegrity), errors.Is(err, cache.ErrSignature), errors.Is(err, cache.ErrRollback):
		return CodeIntegrity
	case errors.Is(err, cache.ErrInvalidPackage):
		return CodeInvalidPackage
	case errors.Is(err, runtime.ErrPageNotFound):
		return CodeEntryNotFound
	case errors.Is(err, runtime.ErrNoApp), errors.Is(err, runtime.ErrNoPageDefinition):
		return CodeScriptError
	}
	var se *runtime.ScriptError
	var syn *runtime.SyntaxError
	if errors.As(err, &se) || errors.As(err, &syn) {
		return CodeScriptError
	}
	var ce *bundle.ConfigError
	if errors.As(err, &ce) {
		return CodeInvalidBundle
	}
	return CodeInternal
}
