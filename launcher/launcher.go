package launcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/runtime"
)

// RelaunchMode says what starting an app that is already running does, as
// in the reference SDK. In every mode the app comes to the foreground
// (App.onShow with the new options); a relaunch also resets its page stack
// to the start's entry page (as wx.reLaunch).
type RelaunchMode int

const (
	// ParamsExist relaunches when the start names an entry path or params
	// (the zero value, the reference SDK's default).
	ParamsExist RelaunchMode = iota
	// OnlyParamsDiff relaunches when the path or params differ from those
	// the app was last started with.
	OnlyParamsDiff
	// Always relaunches, to the entry path or the home page.
	Always
	// Never relaunches: the app only comes to the foreground.
	Never
)

// Scenes the launcher passes in launch and enter options.
const (
	SceneDefault             = 1001 // opened from the host
	SceneFromMiniProgram     = 1037 // opened by another mini program
	SceneBackFromMiniProgram = 1038 // returned to from another mini program
	SceneQRCode              = 1011 // opened by scanning a QR code
)

// StartOptions are the options of a start. The zero value opens the release
// version's home page.
type StartOptions struct {
	// Path is the entry page with an optional query: "pages/x/x?a=1".
	Path string
	// Params is a query string ("a=1&b=2") added to the entry page's query.
	Params string
	// EnvVersion is "release" (zero), "trial" or "develop".
	EnvVersion string
	// ForceUpdate asks the server for the newest version before opening.
	ForceUpdate bool
	// OfflinePackage installs a package zip from the local disk first.
	OfflinePackage string
	// Relaunch applies when the app is already running.
	Relaunch RelaunchMode
	// Scene is the scene value of the launch options; 0 means 1001.
	Scene int

	referrer *runtime.ReferrerInfo
	opener   string
}

// StartResult is the outcome of a start, like the reference SDK's
// MiniAppStartResult.
type StartResult struct {
	// Code is CodeOK (0) or one of the negative Code constants.
	Code int
	// Info is "ok" or says what failed.
	Info    string
	AppID   string
	Version string
	// Source is "cache", "network" or "offline" for a new start, "running"
	// when the app was already running.
	Source string
	// App is the started app (nil on failure).
	App *App
	// Err is the error behind a failure, for errors.Is / errors.As.
	Err error
}

// State is where a running app is.
type State int

// States of an app.
const (
	StateForeground State = iota
	StateBackground
	StateFinished
)

func (s State) String() string {
	switch s {
	case StateForeground:
		return "foreground"
	case StateBackground:
		return "background"
	}
	return "finished"
}

// App is a running mini program.
type App struct {
	l       *Launcher
	info    runtime.AppInfo
	rt      *runtime.Runtime
	closer  io.Closer
	source  string
	updates <-chan cache.UpdateEvent

	// guarded by l.mu
	state    State
	lastUsed time.Time
	opener   string // the app that opened this one with navigateToMiniProgram
	params   string // path and params of the last start
	bgTimer  *time.Timer
	bgGen    uint64 // counts trips to the background, for stale timers
}

// AppID returns the app's id.
func (a *App) AppID() string { return a.info.AppID }

// Info returns the app's identity (id, name, version, env version).
func (a *App) Info() runtime.AppInfo { return a.info }

// Runtime returns the app's runtime, to drive it (Dispatch, Navigate, ...)
// and read its state.
func (a *App) Runtime() *runtime.Runtime { return a.rt }

// Source says where the app's package came from: "cache", "network" or
// "offline".
func (a *App) Source() string { return a.source }

// State returns where the app is now.
func (a *App) State() State {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	return a.state
}

// Updates reports the background update check started when the app was
// resolved from the cache (see cache.Resolved.Updates); nil if none ran.
func (a *App) Updates() <-chan cache.UpdateEvent { return a.updates }

// Launcher starts and keeps mini programs: the host app's entry point. Its
// methods are safe for concurrent use.
type Launcher struct {
	cfg      Config
	cache    *cache.Store
	ownCache bool
	log      *slog.Logger

	trans      sync.Mutex // serializes state transitions, see toForeground
	mu         sync.Mutex // guards the fields below
	apps       map[string]*App
	fg         *App
	locks      map[string]*appLock
	closed     bool
	started    bool
	wx         *wxEnv
	appPlugins map[string]*bridge.Registry
	// manifestDomains are the request domains of each app's package.
	manifestDomains map[string][]string
}

// New returns a launcher. It opens the cache unless cfg.Cache is set.
func New(cfg Config) (*Launcher, error) {
	l := &Launcher{cfg: cfg, apps: make(map[string]*App), locks: make(map[string]*appLock), log: cfg.Logger}
	if l.log == nil {
		l.log = slog.Default()
	}
	if l.cfg.MaxBackground == 0 {
		l.cfg.MaxBackground = DefaultMaxBackground
	}
	if l.cfg.BackgroundTimeout == 0 {
		l.cfg.BackgroundTimeout = DefaultBackgroundTimeout
	}
	if l.cfg.Plugins == nil {
		l.cfg.Plugins = &bridge.Registry{}
	}
	if l.cfg.UI == nil {
		l.cfg.UI = &bridge.HeadlessUI{}
	}
	l.cache = cfg.Cache
	if l.cache == nil {
		dir := cfg.CacheDir
		if dir == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				return nil, fmt.Errorf("launcher: no cache directory: %w", err)
			}
			dir = filepath.Join(base, "minihost")
		}
		st, err := cache.Open(dir, &cache.Options{
			UserID:      cfg.UserID,
			ServerURL:   cfg.ServerURL,
			HTTPClient:  cfg.HTTPClient,
			TrustedKeys: cfg.TrustedKeys,
			Logger:      cfg.Logger,
		})
		if err != nil {
			return nil, fmt.Errorf("launcher: %w", err)
		}
		l.cache, l.ownCache = st, true
	}
	if err := l.openWxEnv(); err != nil {
		if l.ownCache {
			l.cache.Close()
		}
		return nil, err
	}
	return l, nil
}

// Cache returns the package cache the launcher uses.
func (l *Launcher) Cache() *cache.Store { return l.cache }

// RegisterPlugin registers a custom API for every app; it fails with
// ErrRegistrationClosed after the first start.
func (l *Launcher) RegisterPlugin(name string, h bridge.Handler) error {
	l.mu.Lock()
	defer l.mu.Unlock() // a start marks l.started under l.mu: no start slips in
	if l.started {
		return fmt.Errorf("launcher: register %q: %w", name, ErrRegistrationClosed)
	}
	return l.cfg.Plugins.Handle(name, h)
}

// RegisterAppPlugin registers a custom API for one app only; it wins over
// a plugin of the same name for every app. It fails once that app has
// started.
func (l *Launcher) RegisterAppPlugin(appID, name string, h bridge.Handler) error {
	l.mu.Lock()
	if l.appPlugins == nil {
		l.appPlugins = make(map[string]*bridge.Registry)
	}
	reg, ok := l.appPlugins[appID]
	if !ok {
		reg = &bridge.Registry{}
		l.appPlugins[appID] = reg
	}
	l.mu.Unlock()
	if err := reg.Handle(name, h); err != nil {
		if errors.Is(err, bridge.ErrRegistryClosed) {
			return fmt.Errorf("launcher: register %q for %s: %w", name, appID, ErrRegistrationClosed)
		}
		return err
	}
	return nil
}

func (l *Launcher) appRegistry(appID string) *bridge.Registry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.appPlugins[appID]
}

func (l *Launcher) emit(ev Event) {
	if l.cfg.OnEvent != nil {
		l.cfg.OnEvent(ev)
	}
}

// lockApp serializes starts of one app.
func (l *Launcher) lockApp(appID string) func() {
	l.mu.Lock()
	m, ok := l.locks[appID]
	if !ok {
		m = &appLock{}
		l.locks[appID] = m
	}
	m.users++
	l.mu.Unlock()
	m.Lock()
	return func() {
		m.Unlock()
		l.mu.Lock()
		if m.users--; m.users == 0 {
			delete(l.locks, appID) // nobody waits: the map keeps only locks in use
		}
		l.mu.Unlock()
	}
}

// appLock serializes the starts of one app; users counts who holds or
// waits for it.
type appLock struct {
	sync.Mutex
	users int
}

// Start starts the app with the id, or brings it to the foreground if it is
// running (see RelaunchMode). The result's Code is 0 on success.
func (l *Launcher) Start(ctx context.Context, appID string, opts *StartOptions) *StartResult {
	var o StartOptions
	if opts != nil {
		o = *opts
	}
	return l.start(ctx, appID, o)
}

// StartLink starts the app a link names (see Link); the link's env version
// and path win over opts'.
func (l *Launcher) StartLink(ctx context.Context, link string, opts *StartOptions) *StartResult {
	lk, err := ParseLink(link)
	if err != nil {
		return l.failed(ctx, "", err)
	}
	var o StartOptions
	if opts != nil {
		o = *opts
	}
	if lk.EnvVersion != "" {
		o.EnvVersion = lk.EnvVersion
	}
	if lk.Path != "" {
		o.Path = lk.Path
	}
	return l.start(ctx, lk.AppID, o)
}

// StartQRCode starts the app that QR code content names: a link (see
// Link), with scene 1011 unless opts gives one.
func (l *Launcher) StartQRCode(ctx context.Context, content string, opts *StartOptions) *StartResult {
	var o StartOptions
	if opts != nil {
		o = *opts
	}
	if o.Scene == 0 {
		o.Scene = SceneQRCode
	}
	return l.StartLink(ctx, content, &o)
}

// StartScan asks scanner for a QR code and starts what it names.
func (l *Launcher) StartScan(ctx context.Context, scanner Scanner, opts *StartOptions) *StartResult {
	if scanner == nil {
		return l.failed(ctx, "", ErrNoScanner)
	}
	content, err := scanner.Scan(ctx)
	if err != nil {
		return l.failed(ctx, "", err)
	}
	return l.StartQRCode(ctx, content, opts)
}

// StartInfo starts an app described by a cache listing (List, Recent,
// Favourites): its id and env version.
func (l *Launcher) StartInfo(ctx context.Context, info cache.AppInfo, opts *StartOptions) *StartResult {
	var o StartOptions
	if opts != nil {
		o = *opts
	}
	if info.Env != "" {
		o.EnvVersion = info.Env
	}
	return l.start(ctx, info.AppID, o)
}

func (l *Launcher) failed(ctx context.Context, appID string, err error) *StartResult {
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	code := codeOf(err)
	switch {
	case closed:
		code = CodeClosed // whatever the shutdown interrupted
	case ctx.Err() != nil:
		code = CodeCanceled // the caller's context ended
	case code == CodeCanceled && !errors.Is(err, ErrScanCanceled):
		code = CodeNetwork // a client timeout, not the caller's cancel
	}
	res := &StartResult{Code: code, Info: err.Error(), AppID: appID, Err: err}
	l.emit(Event{Kind: EventFailed, AppID: appID, Code: code, Err: err})
	return res
}

// entry joins a start's path and params into the runtime's entry path.
func (o StartOptions) entry() string {
	p := strings.TrimPrefix(o.Path, "/")
	if o.Params == "" {
		return p
	}
	if strings.Contains(p, "?") {
		return p + "&" + o.Params
	}
	return p + "?" + o.Params
}

func (l *Launcher) start(ctx context.Context, appID string, o StartOptions) *StartResult {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return l.failed(ctx, appID, ErrClosed)
	}
	l.started = true
	l.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return l.failed(ctx, appID, err)
	}
	unlock := l.lockApp(appID)
	defer unlock()

	l.mu.Lock()
	running := l.apps[appID]
	l.mu.Unlock()
	if running != nil && envOr(o.EnvVersion) != envOr(running.info.EnvVersion) {
		l.finish(running) // another version of the app: start it afresh
		running = nil
	}
	if running != nil {
		res := l.resume(ctx, running, o)
		if !errors.Is(res.Err, ErrNotRunning) {
			return res
		}
		// It finished while we looked: start it afresh.
	}

	res, err := l.cache.Resolve(ctx, cache.ResolveRequest{
		AppID: appID, EnvVersion: o.EnvVersion, ForceUpdate: o.ForceUpdate, OfflinePackage: o.OfflinePackage,
	})
	if err != nil {
		return l.failed(ctx, appID, err)
	}
	fsys, closer, err := res.Open()
	if err != nil {
		return l.failed(ctx, appID, err)
	}
	b, err := bundle.Load(fsys)
	if err != nil {
		closer.Close()
		return l.failed(ctx, appID, err)
	}
	m := res.Manifest
	info := runtime.AppInfo{AppID: appID, Name: m.Name, Version: m.Version, EnvVersion: m.Env}
	l.mu.Lock()
	if l.manifestDomains == nil {
		l.manifestDomains = make(map[string][]string)
	}
	if m.Domains != nil {
		l.manifestDomains[appID] = m.Domains
	} else {
		delete(l.manifestDomains, appID)
	}
	l.mu.Unlock()
	a := &App{l: l, info: info, closer: closer, source: string(res.Source), updates: res.Updates, params: o.entry(), opener: o.opener}
	rt, err := l.newRuntime(a, b)
	if err != nil {
		closer.Close()
		return l.failed(ctx, appID, err)
	}
	a.rt = rt

	// The app in front goes to the background first, as when the user
	// switches apps; it comes back if this start fails.
	l.mu.Lock()
	prev := l.fg
	l.mu.Unlock()
	if prev != nil {
		l.toBackground(prev)
	}
	scene := o.Scene
	if scene == 0 {
		scene = SceneDefault
	}
	err = rt.Launch(ctx, runtime.LaunchOptions{Path: o.entry(), Scene: scene, ReferrerInfo: o.referrer})
	if err != nil {
		rt.Close()
		closer.Close()
		if prev != nil {
			l.toForeground(ctx, prev, runtime.LaunchOptions{Scene: SceneDefault})
		}
		return l.failed(ctx, appID, err)
	}
	l.trans.Lock()
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		l.trans.Unlock()
		rt.Close()
		closer.Close()
		return l.failed(ctx, appID, ErrClosed)
	}
	a.state = StateForeground
	a.lastUsed = time.Now()
	l.apps[appID] = a
	front := l.fg // another start may have put an app in front meanwhile
	l.fg = a
	l.mu.Unlock()
	var evs []Event
	if front != nil && front != a {
		evs = l.toBackgroundLocked(front)
	}
	l.trans.Unlock()
	l.emitAll(evs)
	l.feedUpdates(appID, res.Updates)
	l.emit(Event{Kind: EventStarted, AppID: appID, Version: info.Version})
	l.emit(Event{Kind: EventForeground, AppID: appID, Version: info.Version})
	return &StartResult{Code: CodeOK, Info: "ok", AppID: appID, Version: info.Version, Source: a.source, App: a}
}

// newRuntime creates the runtime of an app with the bridge and the host's
// API groups.
func (l *Launcher) newRuntime(a *App, b *bundle.Bundle) (*runtime.Runtime, error) {
	groups := l.groups(a.info)
	br := bridge.New(bridge.Config{
		Plugins:    l.cfg.Plugins,
		AppPlugins: l.appRegistry(a.info.AppID),
		OpenAPI:    l.cfg.OpenAPI,
		UI:         l.cfg.UI,
		Navigator:  navigator{l},
		Groups:     groups,
		Timeout:    l.cfg.HandlerTimeout,
		Logger:     l.cfg.Logger,
	})
	var clock runtime.Clock
	if l.cfg.NewClock != nil {
		clock = l.cfg.NewClock()
	}
	var onEvent func(runtime.Event)
	if l.cfg.OnAppEvent != nil {
		id := a.info.AppID
		onEvent = func(ev runtime.Event) { l.cfg.OnAppEvent(id, ev) }
	}
	return runtime.New(b, &runtime.Options{
		Info:          a.info,
		Clock:         clock,
		ScriptTimeout: l.cfg.ScriptTimeout,
		Programs:      l.cfg.Programs,
		Extensions:    []runtime.Extension{br},
		OnEvent:       onEvent,
		Logger:        l.cfg.Logger,
	})
}

// resume brings a running app to the foreground for a new start.
func (l *Launcher) resume(ctx context.Context, a *App, o StartOptions) *StartResult {
	params := o.entry()
	l.mu.Lock()
	relaunch := false
	switch o.Relaunch {
	case ParamsExist:
		relaunch = params != ""
	case OnlyParamsDiff:
		relaunch = params != "" && params != a.params
	case Always:
		relaunch = true
	}
	if params != "" {
		a.params = params
	}
	if o.opener != "" {
		a.opener = o.opener
	}
	l.mu.Unlock()
	scene := o.Scene
	if scene == 0 {
		scene = SceneDefault
	}
	if err := l.toForeground(ctx, a, runtime.LaunchOptions{Path: params, Scene: scene, ReferrerInfo: o.referrer}); err != nil {
		return l.failed(ctx, a.info.AppID, err)
	}
	if relaunch {
		target := params
		if target == "" {
			target = a.rt.Bundle().HomePage()
		}
		if err := a.rt.Navigate(ctx, "reLaunch", "/"+target); err != nil {
			return l.failed(ctx, a.info.AppID, fmt.Errorf("relaunch: %w", err))
		}
	}
	return &StartResult{Code: CodeOK, Info: "ok", AppID: a.info.AppID, Version: a.info.Version, Source: "running", App: a}
}

// State transitions (foreground, background, finished) run one at a time
// under l.trans, together with the Hide, Show and Close calls they make, so
// that an app's state and its runtime agree. The host's OnEvent is called
// after l.trans is released (it may call the launcher).

// toForeground shows a (App.onShow with opts) and sends the app in front,
// if another, to the background.
func (l *Launcher) toForeground(ctx context.Context, a *App, opts runtime.LaunchOptions) error {
	l.trans.Lock()
	evs, err := l.toForegroundLocked(ctx, a, opts)
	l.trans.Unlock()
	l.emitAll(evs)
	return err
}

func (l *Launcher) toForegroundLocked(ctx context.Context, a *App, opts runtime.LaunchOptions) ([]Event, error) {
	l.mu.Lock()
	if a.state == StateFinished {
		l.mu.Unlock()
		return nil, fmt.Errorf("%w: %s", ErrNotRunning, a.info.AppID)
	}
	prev := l.fg
	wasBackground := a.state == StateBackground
	if a.bgTimer != nil {
		a.bgTimer.Stop()
		a.bgTimer = nil
	}
	a.bgGen++
	a.state = StateForeground
	a.lastUsed = time.Now()
	l.fg = a
	l.mu.Unlock()
	var evs []Event
	if prev != nil && prev != a {
		evs = l.toBackgroundLocked(prev)
	}
	if !wasBackground {
		return evs, nil
	}
	if err := a.rt.Show(ctx, opts); err != nil {
		return evs, err
	}
	return append(evs, Event{Kind: EventForeground, AppID: a.info.AppID, Version: a.info.Version}), nil
}

// toBackground hides a, arms its background timer and applies the cap on
// background apps.
func (l *Launcher) toBackground(a *App) {
	l.trans.Lock()
	evs := l.toBackgroundLocked(a)
	l.trans.Unlock()
	l.emitAll(evs)
}

func (l *Launcher) toBackgroundLocked(a *App) []Event {
	l.mu.Lock()
	if a.state != StateForeground {
		l.mu.Unlock()
		return nil
	}
	a.state = StateBackground
	a.lastUsed = time.Now()
	if l.fg == a {
		l.fg = nil
	}
	a.bgGen++
	if l.cfg.BackgroundTimeout > 0 {
		gen := a.bgGen
		a.bgTimer = time.AfterFunc(l.cfg.BackgroundTimeout, func() { l.finishIfIdle(a, gen) })
	}
	var bg []*App
	for _, x := range l.apps {
		if x.state == StateBackground {
			bg = append(bg, x)
		}
	}
	var evict []*App
	if limit := max(l.cfg.MaxBackground, 0); len(bg) > limit {
		slices.SortFunc(bg, func(x, y *App) int { return x.lastUsed.Compare(y.lastUsed) })
		evict = bg[:len(bg)-limit]
	}
	l.mu.Unlock()
	_ = a.rt.Hide(context.Background())
	evs := []Event{{Kind: EventBackground, AppID: a.info.AppID, Version: a.info.Version}}
	for _, x := range evict {
		evs = append(evs, l.finishLocked(x, StateBackground)...)
	}
	return evs
}

// finishIfIdle finishes a when its background timer fires, unless it came
// back (or went away and back) since the timer was armed.
func (l *Launcher) finishIfIdle(a *App, gen uint64) {
	l.trans.Lock()
	l.mu.Lock()
	stale := a.state != StateBackground || a.bgGen != gen
	l.mu.Unlock()
	var evs []Event
	if !stale {
		evs = l.finishLocked(a, StateBackground)
	}
	l.trans.Unlock()
	l.emitAll(evs)
}

// finish destroys a: onUnload on its pages, handler contexts cancelled,
// runtime and package released.
func (l *Launcher) finish(a *App) {
	l.trans.Lock()
	evs := l.finishLocked(a, -1)
	l.trans.Unlock()
	l.emitAll(evs)
}

// finishLocked finishes a if it is still running (and, when only is not
// -1, still in that state: an eviction must not finish an app that came
// back meanwhile).
func (l *Launcher) finishLocked(a *App, only State) []Event {
	l.mu.Lock()
	if a.state == StateFinished || only >= 0 && a.state != only {
		l.mu.Unlock()
		return nil
	}
	a.state = StateFinished
	if a.bgTimer != nil {
		a.bgTimer.Stop()
		a.bgTimer = nil
	}
	if l.apps[a.info.AppID] == a {
		delete(l.apps, a.info.AppID)
	}
	if l.fg == a {
		l.fg = nil
	}
	l.mu.Unlock()
	a.rt.Close()
	// Temporary files (wxfile://tmp_...) die with the app, as on the device.
	if sb, err := l.wx.files.Sandbox(l.cfg.UserID, a.info.AppID); err == nil {
		if err := sb.ClearTemp(); err != nil {
			l.log.Warn("launcher: clearing temporary files", "appId", a.info.AppID, "err", err)
		}
	}
	if err := a.closer.Close(); err != nil {
		l.log.Warn("launcher: closing package", "appId", a.info.AppID, "err", err)
	}
	return []Event{{Kind: EventFinished, AppID: a.info.AppID, Version: a.info.Version}}
}

func (l *Launcher) emitAll(evs []Event) {
	for _, ev := range evs {
		l.emit(ev)
	}
}

// App returns the running app with the id, or nil.
func (l *Launcher) App(appID string) *App {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.apps[appID]
}

// Foreground returns the app in front, or nil.
func (l *Launcher) Foreground() *App {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fg
}

// Running returns the running apps, most recently used first.
func (l *Launcher) Running() []*App {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]*App, 0, len(l.apps))
	for _, a := range l.apps {
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *App) int { return y.lastUsed.Compare(x.lastUsed) })
	return out
}

// Close sends the app to the background (the capsule's close button):
// onHide on its page and on the app; its timers pause.
func (l *Launcher) Close(appID string) error {
	a := l.App(appID)
	if a == nil {
		return fmt.Errorf("launcher: close %q: %w", appID, ErrNotRunning)
	}
	l.toBackground(a)
	return nil
}

// CloseAll sends every app to the background.
func (l *Launcher) CloseAll() {
	for _, a := range l.Running() {
		l.toBackground(a)
	}
}

// Finish destroys the app: onUnload on its pages, its handlers' contexts
// cancelled, its runtime released.
func (l *Launcher) Finish(appID string) error {
	a := l.App(appID)
	if a == nil {
		return fmt.Errorf("launcher: finish %q: %w", appID, ErrNotRunning)
	}
	l.finish(a)
	return nil
}

// FinishAll destroys every running app.
func (l *Launcher) FinishAll() {
	for _, a := range l.Running() {
		l.finish(a)
	}
}

// Shutdown finishes every app and closes the cache if the launcher opened
// it. Later starts fail with CodeClosed.
func (l *Launcher) Shutdown() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.mu.Unlock()
	l.FinishAll()
	err := l.wx.db.Close()
	if l.ownCache {
		if cerr := l.cache.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// envOr normalizes an env version: "" is release.
func envOr(env string) string {
	if env == "" {
		return "release"
	}
	return env
}
