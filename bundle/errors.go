package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. A *ConfigError wraps exactly one of the specific
// sentinels below; every one of them except ErrNoAppJSON also matches
// ErrInvalid, so errors.Is(err, ErrInvalid) asks "is the bundle's
// configuration wrong?" and the specific sentinel asks "wrong how?".
var (
	// ErrNoAppJSON means no app.json could be found for the bundle, neither
	// at the root, under project.config.json's miniprogramRoot, nor in a
	// single top-level directory.
	ErrNoAppJSON = errors.New("app.json not found")

	// ErrInvalid matches every configuration problem (all sentinels below).
	ErrInvalid = errors.New("invalid bundle configuration")

	// ErrSyntax means a configuration file is not valid JSON. The
	// *ConfigError carries the line and column, and errors.As finds the
	// underlying *json.SyntaxError.
	ErrSyntax = errors.New("invalid json")

	// ErrType means a known field has the wrong JSON type, e.g. a number
	// where a string is expected.
	ErrType = errors.New("wrong json type")

	// ErrMissingField means a required field is absent, null or empty.
	ErrMissingField = errors.New("missing required field")

	// ErrBadRoute means a page route, subpackage root or miniprogramRoot is
	// malformed: empty, absolute, ending in ".js", containing ".." or a
	// backslash, or not a clean slash-separated path.
	ErrBadRoute = errors.New("invalid page route")

	// ErrDuplicate means a value that must be unique appears twice.
	ErrDuplicate = errors.New("duplicate entry")

	// ErrConflict means two settings exclude each other, e.g. both
	// "subpackages" and "subPackages", or getFuzzyLocation together with
	// getLocation in requiredPrivateInfos.
	ErrConflict = errors.New("conflicting settings")

	// ErrUnknownPage means a route refers to a page that is not declared
	// (entryPagePath, tabBar.list[i].pagePath, Bundle.PageConfig).
	ErrUnknownPage = errors.New("unknown page")

	// ErrMissingFile means a declared page has no readable "<route>.js"
	// file.
	ErrMissingFile = errors.New("page file not found")

	// ErrBadValue means a field holds a value outside its allowed set or
	// range, e.g. navigationBarTextStyle "red" or a negative timeout.
	ErrBadValue = errors.New("invalid value")

	// ErrCount means a list has too few or too many entries (tabBar.list
	// must have 2 to 5, navigateToMiniProgramAppIdList at most 10).
	ErrCount = errors.New("wrong number of entries")
)

// ConfigError describes one problem in one configuration file of a bundle.
//
// Error() renders as "<file>[:<line>:<col>]: [<field>: ]<message>", e.g.
//
//	app.json: tabBar.list[2].pagePath: page "pages/x/x" is not in pages
//	app.json:3:7: invalid character '}' looking for beginning of object key string
type ConfigError struct {
	// File is the file's path relative to the mini program root, e.g.
	// "app.json" or "pages/index/index.json".
	File string
	// Field is the path of the offending field, e.g. "pages[3]",
	// "subpackages[1].root", "permission[\"scope.userLocation\"].desc".
	// Empty when the problem concerns the whole file.
	Field string
	// Line and Column (1-based, column in bytes) locate JSON syntax errors;
	// both are zero otherwise.
	Line, Column int
	// Err is the cause. It matches one of the package's sentinels with
	// errors.Is (and ErrInvalid unless it is ErrNoAppJSON).
	Err error
}

// Error implements error.
func (e *ConfigError) Error() string {
	var sb strings.Builder
	sb.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&sb, ":%d:%d", e.Line, e.Column)
	}
	sb.WriteString(": ")
	if e.Field != "" {
		sb.WriteString(e.Field)
		sb.WriteString(": ")
	}
	if e.Err != nil {
		sb.WriteString(e.Err.Error())
	} else {
		sb.WriteString("invalid")
	}
	return sb.String()
}

// Unwrap returns e.Err.
func (e *ConfigError) Unwrap() error { return e.Err }

// problem is the Err of a ConfigError: a human message that wraps a
// sentinel (not shown in the message), ErrInvalid for every sentinel but
// ErrNoAppJSON, and optionally an underlying cause.
type problem struct {
	msg   string
	kind  error
	cause error
}

func (p *problem) Error() string { return p.msg }

func (p *problem) Unwrap() []error {
	errs := []error{p.kind}
	if p.kind != ErrNoAppJSON {
		errs = append(errs, ErrInvalid)
	}
	if p.cause != nil {
		errs = append(errs, p.cause)
	}
	return errs
}

// newError builds a *ConfigError for file/field whose message is the
// formatted text and whose sentinel is kind.
func newError(file, field string, kind error, format string, args ...any) *ConfigError {
	return &ConfigError{File: file, Field: field, Err: &problem{msg: fmt.Sprintf(format, args...), kind: kind}}
}

// syntaxError converts a json decoding failure of data into a
// *ConfigError with line and column.
func syntaxError(file string, data []byte, err error) *ConfigError {
	ce := &ConfigError{File: file, Err: &problem{msg: err.Error(), kind: ErrSyntax, cause: err}}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		ce.Line, ce.Column = position(data, se.Offset)
	}
	return ce
}

// position returns the 1-based line and column of the byte that a
// json.SyntaxError with the given Offset complains about. Offset counts the
// bytes read, so the offending byte is the one before it.
func position(data []byte, offset int64) (line, col int) {
	off := int(offset)
	if off > 0 {
		off-- // the offending byte
	}
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
