package runtime

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

// Errors a runtime returns. They are matched with errors.Is; most arrive
// wrapped in a more specific error that names the file, page or API.
var (
	// ErrClosed is returned by methods of a runtime that has been closed.
	ErrClosed = errors.New("runtime closed")
	// ErrScriptTimeout is the cause of a *ScriptError for a callback that ran
	// longer than Options.ScriptTimeout and was interrupted.
	ErrScriptTimeout = errors.New("script timed out")
	// ErrNoApp is returned by Launch when app.js does not call App().
	ErrNoApp = errors.New("app.js did not call App()")
	// ErrNotLaunched is returned by methods that need a launched app.
	ErrNotLaunched = errors.New("app not launched")
	// ErrPageNotFound is the cause of a *PageError for a route that is not
	// a page of the bundle.
	ErrPageNotFound = errors.New("page not found")
	// ErrNoPageDefinition is the cause of a *PageError for a page module
	// that calls neither Page() nor Component().
	ErrNoPageDefinition = errors.New("page module did not call Page() or Component()")
	// ErrNoHandler is returned by Dispatch when the current page has no
	// such method.
	ErrNoHandler = errors.New("no such handler")
	// ErrNoPage is returned when an operation needs a current page and the
	// page stack is empty.
	ErrNoPage = errors.New("page stack is empty")
	// ErrOnLoop is returned by a blocking method called on the loop
	// goroutine (from Options.OnEvent or an extension), which would wait
	// for itself. Close is the exception: it works from the loop too.
	ErrOnLoop = errors.New("runtime method called on the loop goroutine; call it from another goroutine")
)

// ScriptError is an uncaught JavaScript error: an exception thrown by app or
// page code, a rejected promise nobody handled, or a callback interrupted
// for running too long. Err is the *goja.Exception or the cause
// ([ErrScriptTimeout], context.Canceled).
type ScriptError struct {
	// Message is the error as JavaScript prints it: "TypeError: x is not a function".
	Message string
	// Stack is the JavaScript stack trace, positions in original source files.
	Stack string
	// Source says where it surfaced: "script", "timer", "lifecycle",
	// "event", "unhandledrejection" or "timeout".
	Source string
	Err    error
}

func (e *ScriptError) Error() string { return e.Message }

// Unwrap returns the underlying goja error or cause.
func (e *ScriptError) Unwrap() error { return e.Err }

// PageError reports a page that cannot be opened.
type PageError struct {
	Route string
	Err   error
}

func (e *PageError) Error() string {
	if errors.Is(e.Err, ErrPageNotFound) {
		return fmt.Sprintf("page %q is not found", e.Route)
	}
	return fmt.Sprintf("page %q: %v", e.Route, e.Err)
}

// Unwrap returns the cause.
func (e *PageError) Unwrap() error { return e.Err }

// ModuleNotFoundError reports a require() that resolves to no file.
type ModuleNotFoundError struct {
	Spec string // what was passed to require
	From string // the requiring file, "" for the runtime itself
}

func (e *ModuleNotFoundError) Error() string {
	if e.From == "" {
		return fmt.Sprintf("module %q not found", e.Spec)
	}
	return fmt.Sprintf("module %q not found (required from %s)", e.Spec, e.From)
}

// newScriptError converts an error returned by goja into a *ScriptError.
// Other errors are returned unchanged.
func newScriptError(err error, source string) error {
	var se *ScriptError
	if errors.As(err, &se) {
		return err
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		msg, stack := describeException(ex)
		return &ScriptError{Message: msg, Stack: stack, Source: source, Err: ex}
	}
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		cause, _ := ie.Value().(error)
		if cause == nil {
			cause = fmt.Errorf("interrupted: %v", ie.Value())
		}
		msg := "Error: script interrupted: " + cause.Error()
		if errors.Is(cause, ErrScriptTimeout) {
			source = "timeout"
			msg = "Error: script timed out: a callback ran longer than its time budget and was interrupted"
		}
		return &ScriptError{Message: msg, Stack: ie.String(), Source: source, Err: cause}
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return &ScriptError{Message: "RangeError: Maximum call stack size exceeded", Stack: so.String(), Source: source, Err: so}
	}
	var syn *SyntaxError
	if errors.As(err, &syn) {
		return &ScriptError{Message: "SyntaxError: " + syn.Error(), Source: source, Err: syn}
	}
	return &ScriptError{Message: "Error: " + err.Error(), Source: source, Err: err}
}

func describeException(ex *goja.Exception) (msg, stack string) {
	v := ex.Value()
	if obj, ok := v.(*goja.Object); ok {
		if s := obj.Get("stack"); s != nil && !goja.IsUndefined(s) {
			stack = safeString(s)
		}
		msg = safeString(v)
	} else if v != nil {
		msg = "Uncaught " + safeString(v)
	}
	if stack == "" {
		stack = ex.String()
	}
	if msg == "" {
		msg = strings.SplitN(ex.Error(), "\n", 2)[0]
	}
	return msg, stack
}

// safeString converts a thrown value to a string; a value whose toString
// itself throws is described rather than crashing the report.
func safeString(v goja.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = "[object that cannot be converted to a string]"
		}
	}()
	return v.String()
}
