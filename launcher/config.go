package launcher

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxsurface"
	"github.com/minihost/minihost/wxapi/wxsys"
)

// Errors of the launcher.
var (
	// ErrClosed is returned by a launcher that has been shut down.
	ErrClosed = errors.New("launcher closed")
	// ErrNotRunning is returned for an app id that is not running.
	ErrNotRunning = errors.New("app is not running")
	// ErrScanCanceled is what a Scanner returns when the user dismisses
	// the scanner.
	ErrScanCanceled = errors.New("scan cancelled")
	// ErrNoScanner is returned by StartScan with a nil Scanner.
	ErrNoScanner = errors.New("no scanner configured")
	// ErrRegistrationClosed is returned by RegisterPlugin after the first
	// start.
	ErrRegistrationClosed = errors.New("custom APIs must be registered before the first start")
	// ErrNoOpener is the reason of navigateBackMiniProgram from an app that
	// no other app opened.
	ErrNoOpener = errors.New("no mini program to navigate back to")
)

// Scanner reads a QR code for StartScan: it returns the code's content, or
// ErrScanCanceled when the user dismisses it.
type Scanner interface {
	Scan(ctx context.Context) (string, error)
}

// ScannerFunc adapts a function to Scanner.
type ScannerFunc func(ctx context.Context) (string, error)

// Scan calls f(ctx).
func (f ScannerFunc) Scan(ctx context.Context) (string, error) { return f(ctx) }

// Defaults of Config's limits.
const (
	DefaultMaxBackground     = 3
	DefaultBackgroundTimeout = 10 * time.Minute
)

// Config configures a Launcher. Every field is optional; each documents its
// zero value.
type Config struct {
	// Cache is an opened package cache; the launcher does not close it.
	// Nil means the launcher opens one in CacheDir (and closes it on
	// Shutdown) with ServerURL, HTTPClient, UserID and TrustedKeys.
	Cache *cache.Store
	// CacheDir is where to open the cache when Cache is nil; "" means
	// os.UserCacheDir()/minihost.
	CacheDir string
	// ServerURL is the package server; "" means offline (cache and offline
	// packages only).
	ServerURL string
	// HTTPClient talks to the package server; nil means http.DefaultClient.
	HTTPClient *http.Client
	// UserID separates users' caches (and is passed to storage groups); ""
	// is the shared user.
	UserID string
	// TrustedKeys, when set, makes the cache refuse unsigned packages and
	// rollbacks.
	TrustedKeys []ed25519.PublicKey

	// OpenAPI serves wx.login and the other open APIs; nil answers "not
	// supported".
	OpenAPI openapi.Handler
	// Plugins are the host's custom APIs (wx.invokeNativePlugin), for every
	// app; nil means none. Registration closes at the first start.
	Plugins *bridge.Registry
	// UI is the host's user interface; nil means a bridge.HeadlessUI,
	// which confirms everything and records.
	UI bridge.UI
	// Groups returns more wx API groups for one app; nil means none. The
	// launcher already gives every app storage, UI, system, permission and
	// update-manager APIs, and the rest of the wx surface. It is called once
	// per app start.
	Groups func(app runtime.AppInfo) []bridge.Group
	// DeviceAPIs serve the wx APIs with no headless meaning (camera,
	// location, scanCode, ...) that the host implements; the others fail
	// with "not supported". Nil means none.
	DeviceAPIs wxsurface.Handlers
	// DataDir keeps the apps' storage, files and permission decisions; ""
	// means the "data" directory beside the cache.
	DataDir string
	// RequestClient makes the apps' wx.request, downloadFile and
	// uploadFile calls; nil means wxnet's default client.
	RequestClient *http.Client
	// Domains returns the hosts an app may reach (the allow-list of the
	// reference platforms); nil means the domains of the app's package
	// manifest (pack --domain), and for a package without any, any https
	// host that is not an IP literal or localhost.
	Domains func(appID string) []string
	// AllowInsecureRequests allows http, IP literals and localhost in the
	// apps' network calls (develop mode, tests).
	AllowInsecureRequests bool
	// System is what wx.getSystemInfo and friends report; nil means
	// wxsys.DefaultSystemInfo().
	System *wxsys.SystemInfo
	// HandlerTimeout bounds host handlers; 0 means bridge.DefaultTimeout.
	HandlerTimeout time.Duration

	// MaxBackground is how many apps may stay in the background; when one
	// more goes there, the least recently used is finished. 0 means
	// DefaultMaxBackground; negative means no background apps at all.
	MaxBackground int
	// BackgroundTimeout finishes an app that stayed this long in the
	// background; 0 means DefaultBackgroundTimeout, negative never.
	BackgroundTimeout time.Duration
	// ScriptTimeout is each app's script budget (runtime.Options).
	ScriptTimeout time.Duration
	// NewClock gives each app its clock; nil means the real clock. Tests
	// return runtime.NewVirtualClock.
	NewClock func() runtime.Clock
	// Programs shares compiled modules between apps; nil means the
	// process-wide cache.
	Programs *runtime.Programs

	// OnEvent receives the apps' lifecycle as the host sees it (started,
	// foreground, background, finished, failed). It is called from the
	// goroutine that caused the change, never with a lock held; it must
	// not block for long.
	OnEvent func(Event)
	// OnAppEvent receives every runtime event of every app (lifecycle
	// hooks, setData, wx calls, console, errors), on that app's loop
	// goroutine: it must not block or call the launcher.
	OnAppEvent func(appID string, ev runtime.Event)
	// Logger receives diagnostics; nil means slog.Default().
	Logger *slog.Logger
}

// EventKind is what happened to an app.
type EventKind string

// Event kinds.
const (
	EventStarted    EventKind = "started"
	EventForeground EventKind = "foreground"
	EventBackground EventKind = "background"
	EventFinished   EventKind = "finished"
	EventFailed     EventKind = "failed"
	EventExited     EventKind = "exited" // wx.exitMiniProgram, before "background"
)

// Event is a change in an app's state, for Config.OnEvent.
type Event struct {
	Kind    EventKind
	AppID   string
	Version string
	// Code and Err are set for EventFailed.
	Code int
	Err  error
}
