package bridge

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Handler serves one API. ServeAPI runs on its own goroutine (never on the
// loop) with a context that is cancelled when the call times out or the app
// finishes; the map it returns is what success receives, errMsg added.
// Return [ErrCanceled] for a user's cancel; any other error fails the call
// with its message.
type Handler interface {
	ServeAPI(ctx context.Context, call *Call) (map[string]any, error)
}

// HandlerFunc adapts a function to [Handler].
type HandlerFunc func(ctx context.Context, call *Call) (map[string]any, error)

// ServeAPI calls f(ctx, call).
func (f HandlerFunc) ServeAPI(ctx context.Context, call *Call) (map[string]any, error) {
	return f(ctx, call)
}

// Registration errors.
var (
	ErrInvalidName    = errors.New("invalid API name")
	ErrDuplicate      = errors.New("API registered twice")
	ErrRegistryClosed = errors.New("registration is closed: an app has started")
)

// RegistrationError reports a refused registration.
type RegistrationError struct {
	Name string
	Err  error
}

func (e *RegistrationError) Error() string {
	return fmt.Sprintf("bridge: register %q: %v", e.Name, e.Err)
}

// Unwrap returns the cause.
func (e *RegistrationError) Unwrap() error { return e.Err }

type entry struct {
	h    Handler
	sync bool
}

// Registry maps API names to handlers: the host's custom APIs, reached
// through wx.invokeNativePlugin, or replacements of built-in wx APIs.
// Registration is closed once an app using the registry has started (the
// reference SDKs require registration before start). The zero value is an
// empty, open registry; it is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	entries map[string]entry
	closed  bool
}

// validName reports whether name can name an API: a letter, then letters,
// digits, '_', '.', '-' or '$', at most 128 bytes.
func validName(name string) bool {
	if name == "" || len(name) > 128 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '$'):
		default:
			return false
		}
	}
	return true
}

func (r *Registry) add(name string, h Handler, sync bool) error {
	if !validName(name) {
		return &RegistrationError{Name: name, Err: ErrInvalidName}
	}
	if h == nil {
		return &RegistrationError{Name: name, Err: errors.New("nil handler")}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return &RegistrationError{Name: name, Err: ErrRegistryClosed}
	}
	if _, dup := r.entries[name]; dup {
		return &RegistrationError{Name: name, Err: ErrDuplicate}
	}
	if r.entries == nil {
		r.entries = make(map[string]entry)
	}
	r.entries[name] = entry{h: h, sync: sync}
	return nil
}

// Handle registers h under name as an asynchronous API.
func (r *Registry) Handle(name string, h Handler) error { return r.add(name, h, false) }

// HandleFunc registers f under name as an asynchronous API.
func (r *Registry) HandleFunc(name string, f func(ctx context.Context, call *Call) (map[string]any, error)) error {
	return r.add(name, HandlerFunc(f), false)
}

// HandleSync registers h under name as a synchronous API: the JavaScript
// call blocks the app's loop until h returns (or times out), and returns
// its result or throws. Keep such handlers fast.
func (r *Registry) HandleSync(name string, h Handler) error { return r.add(name, h, true) }

// Close closes registration; later registrations fail with
// ErrRegistryClosed. Starting an app closes the registries it uses.
func (r *Registry) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
}

// Names returns the registered names, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.entries))
	for n := range r.entries {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the handler registered under name. It is safe on a nil
// Registry (which has none).
func (r *Registry) Lookup(name string) (Handler, bool) {
	e, ok := r.lookup(name)
	return e.h, ok
}

func (r *Registry) lookup(name string) (entry, bool) {
	if r == nil {
		return entry{}, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[name]
	return e, ok
}
