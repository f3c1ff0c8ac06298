package bridge

import (
	"errors"
	"log/slog"
	"time"

	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// DefaultTimeout is how long a host handler may run when Config.Timeout is
// zero.
const DefaultTimeout = 30 * time.Second

// Errors that become the reason of a fail errMsg.
var (
	// ErrCanceled is a user's cancel: "<api>:fail cancel".
	ErrCanceled = openapi.ErrCanceled
	// ErrNotSupported gives "<api>:fail not supported".
	ErrNotSupported = openapi.ErrNotSupported
	// ErrTimeout is the reason of a handler that outlived Config.Timeout:
	// "<api>:fail timeout".
	ErrTimeout = errors.New("timeout")
	// ErrInternal is the reason of a handler that panicked:
	// "<api>:fail internal error".
	ErrInternal = errors.New("internal error")
	// ErrGesture is the reason of an API that needs a user tap, called
	// outside one.
	ErrGesture = errors.New("can only be invoked by user TAP gesture.")
)

// Config configures a Bridge. The zero value gives the built-in APIs, open
// APIs that answer "not supported" and no custom APIs.
type Config struct {
	// Plugins are the host's custom APIs, shared by every app.
	Plugins *Registry
	// AppPlugins are custom APIs of this app only; they win over Plugins.
	AppPlugins *Registry
	// PluginFallback serves the custom APIs that neither AppPlugins nor
	// Plugins has (a host proxying every api_name, a test fake); nil means
	// they fail with "custom API \"<name>\" is not registered".
	PluginFallback Handler
	// Overrides replace built-in wx APIs by name with host handlers (run as
	// asynchronous APIs with the usual convention).
	Overrides *Registry
	// OpenAPI serves the open APIs; nil means openapi.Unsupported.
	OpenAPI openapi.Handler
	// Timeout bounds each host handler; 0 means DefaultTimeout.
	Timeout time.Duration
	// Logger receives handler panics and per-call debug lines; nil means
	// the runtime's logger.
	Logger *slog.Logger
	// UI is the host's user interface; nil means a HeadlessUI.
	UI UI
	// Navigator moves between mini programs (the launcher); nil makes
	// navigateToMiniProgram and friends fail with "not supported".
	Navigator Navigator
	// Groups are more wx APIs, installed after the built-in ones (a group
	// may replace a built-in API by defining it again).
	Groups []Group
}

// Bridge builds the wx object of a runtime: it is the runtime.Extension
// that installs every wx API. One Bridge may be installed in many runtimes.
type Bridge struct {
	cfg Config
}

// New returns a Bridge with the configuration.
func New(cfg Config) *Bridge {
	if cfg.OpenAPI == nil {
		cfg.OpenAPI = openapi.Unsupported{}
	}
	if cfg.UI == nil {
		cfg.UI = &HeadlessUI{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	return &Bridge{cfg: cfg}
}

var _ runtime.Extension = (*Bridge)(nil)

// Install defines the wx APIs in the runtime's environment and closes the
// bridge's registries: an app has started.
func (b *Bridge) Install(env *runtime.Env) error {
	b.cfg.Plugins.closeIfSet()
	b.cfg.AppPlugins.closeIfSet()
	b.cfg.Overrides.closeIfSet()
	s := newSession(b, env)
	return s.install()
}

func (r *Registry) closeIfSet() {
	if r != nil {
		r.Close()
	}
}
