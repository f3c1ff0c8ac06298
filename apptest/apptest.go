package apptest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/transcript"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
	"github.com/minihost/minihost/wxapi/wxnet/inprocess"
	"github.com/minihost/minihost/wxapi/wxstorage"
	"github.com/minihost/minihost/wxapi/wxsurface"
	"github.com/minihost/minihost/wxapi/wxsys"
	"github.com/minihost/minihost/wxapi/wxui"
)

// Option configures New.
type Option func(*config)

type config struct {
	path          string
	appID         string
	userID        string
	golden        string
	scriptTimeout time.Duration
	start         time.Time
	groups        []bridge.Group
	handler       http.Handler
	client        *http.Client
	domains       []string
	expect        []string
}

// WithPath opens this entry page (with an optional query) instead of the
// home page.
func WithPath(path string) Option { return func(c *config) { c.path = path } }

// WithAppID sets the app id (default: project.config.json's appid, else
// "wxapptest").
func WithAppID(id string) Option { return func(c *config) { c.appID = id } }

// WithUserID sets the user the storage and permissions belong to.
func WithUserID(id string) Option { return func(c *config) { c.userID = id } }

// WithGolden compares the run's transcript, when the test ends, with the
// file at path (testdata/x.golden); "go test -update" rewrites it.
func WithGolden(path string) Option { return func(c *config) { c.golden = path } }

// WithScriptTimeout sets the script budget of a callback (default 5 s).
func WithScriptTimeout(d time.Duration) Option { return func(c *config) { c.scriptTimeout = d } }

// WithClockStart sets the virtual clock's start time (default
// 2024-01-01T00:00:00Z).
func WithClockStart(t time.Time) Option { return func(c *config) { c.start = t } }

// WithHandler serves the app's wx.request, downloadFile and uploadFile
// with h, in process (any URL, http or https, IP or name). Without it (and
// without WithHTTPClient) network calls fail with a message saying so.
func WithHandler(h http.Handler) Option { return func(c *config) { c.handler = h } }

// WithHTTPClient sends the app's network calls through client (an
// httptest.Server's Client(), for one).
func WithHTTPClient(client *http.Client) Option { return func(c *config) { c.client = client } }

// WithDomains enforces a domain allow-list on the app's network calls, as a
// release host would (https only, exact hosts); without it any URL is
// allowed.
func WithDomains(domains ...string) Option {
	return func(c *config) { c.domains = append(c.domains, domains...) }
}

// WithExpectError declares, before the app starts, an uncaught error whose
// message contains substr (thrown while launching, say); see ExpectError.
func WithExpectError(substr string) Option {
	return func(c *config) { c.expect = append(c.expect, substr) }
}

// WithGroups adds wx API groups (installed after the harness's own).
func WithGroups(groups ...bridge.Group) Option {
	return func(c *config) { c.groups = append(c.groups, groups...) }
}

// App is a mini program running in a fresh, isolated test host: temporary
// storage, a virtual clock, and fakes for every host handler. Every method
// fails the test (t.Fatal) on an error it cannot report otherwise; an
// uncaught JavaScript error the test did not expect (ExpectError) fails the
// test with the transcript of the run.
type App struct {
	t  testing.TB
	rt *runtime.Runtime

	// OpenAPI scripts wx.login, wx.requestPayment and the other open APIs.
	OpenAPI *FakeOpenAPI
	// Plugins scripts the custom APIs (wx.invokeNativePlugin).
	Plugins *FakePlugins
	// UI scripts and records modals, action sheets, permissions, toasts...
	UI *FakeUI

	db     *storage.DB
	userID string

	mu       sync.Mutex
	buf      bytes.Buffer
	tw       *transcript.Writer
	calls    []*runtime.APIEvent
	errs     []*runtime.ScriptError
	checked  int // errors already checked against expectations
	expected []string
}

// New starts the bundle — a directory or .zip path (string), an fs.FS, or
// a *bundle.Bundle — in a fresh test host and runs it until its entry page
// is ready and nothing is pending (timers may remain: see Idle and Advance).
// Everything is torn down by t.Cleanup.
func New(t testing.TB, b any, opts ...Option) *App {
	t.Helper()
	cfg := config{userID: "test-user"}
	for _, o := range opts {
		o(&cfg)
	}
	bun := loadBundle(t, b)
	if cfg.appID == "" {
		cfg.appID = "wxapptest"
		if bun.Project != nil && bun.Project.AppID != "" {
			cfg.appID = bun.Project.AppID
		}
	}
	a := &App{t: t, OpenAPI: newFakeOpenAPI(), Plugins: &FakePlugins{}, UI: &FakeUI{}, userID: cfg.userID, expected: cfg.expect}
	a.tw = transcript.NewWriter(&a.buf)
	dir := t.TempDir()
	db, err := storage.Open(filepath.Join(dir, "storage.db"), &storage.Options{NoSync: true})
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	a.db = db
	t.Cleanup(func() { db.Close() })

	files := wxfs.New(filepath.Join(dir, "files"), &wxfs.Options{UserID: cfg.userID})
	netOpts := wxnet.Options{FS: files, AllowInsecure: cfg.domains == nil, Client: cfg.client}
	switch {
	case cfg.handler != nil:
		netOpts.Client = inprocess.Client(cfg.handler)
	case cfg.client == nil:
		netOpts.Client = &http.Client{Transport: noNetwork{}}
	}
	if cfg.domains != nil {
		netOpts.Domains = func(string) []string { return cfg.domains }
	}
	groups := []bridge.Group{
		wxstorage.New(db, cfg.userID),
		files,
		wxnet.New(netOpts),
		wxui.New(),
		wxsys.New(wxsys.Options{}),
	}
	groups = append(groups, cfg.groups...)
	groups = append(groups, wxsurface.New(wxsurface.Options{})) // last: the rest of the surface
	br := bridge.New(bridge.Config{
		OpenAPI:        fakeOpenAPI{a.OpenAPI},
		PluginFallback: a.Plugins,
		UI:             a.UI,
		Groups:         groups,
		Logger:         slog.New(slog.DiscardHandler),
	})
	rt, err := runtime.New(bun, &runtime.Options{
		Info:          runtime.AppInfo{AppID: cfg.appID, Name: cfg.appID, Version: "0.0.0-test", EnvVersion: "develop"},
		Clock:         runtime.NewVirtualClock(cfg.start),
		ScriptTimeout: cfg.scriptTimeout,
		Extensions:    []runtime.Extension{br},
		OnEvent:       a.onEvent,
		Logger:        slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	a.rt = rt
	t.Cleanup(func() { rt.Close() })
	if cfg.golden != "" {
		t.Cleanup(func() { a.compareGolden(cfg.golden) })
	}
	t.Cleanup(a.checkExpectations)
	if err := rt.Launch(context.Background(), runtime.LaunchOptions{Path: cfg.path}); err != nil {
		t.Fatalf("apptest: launch: %v\n%s", err, a.Transcript())
	}
	a.Wait()
	return a
}

func loadBundle(t testing.TB, b any) *bundle.Bundle {
	t.Helper()
	switch v := b.(type) {
	case *bundle.Bundle:
		return v
	case string:
		bun, err := bundle.Open(v)
		if err != nil {
			t.Fatalf("apptest: %v", err)
		}
		t.Cleanup(func() { bun.Close() })
		return bun
	case fs.FS:
		bun, err := bundle.Load(v)
		if err != nil {
			t.Fatalf("apptest: %v", err)
		}
		return bun
	}
	t.Fatalf("apptest: New: bundle must be a path, an fs.FS or a *bundle.Bundle, not %T", b)
	return nil
}

func (a *App) onEvent(ev runtime.Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tw.Event(ev)
	switch e := ev.(type) {
	case *runtime.APIEvent:
		a.calls = append(a.calls, e)
	case *runtime.ErrorEvent:
		a.errs = append(a.errs, e.Err)
	}
}

// Runtime returns the app's runtime, for what the harness does not wrap.
func (a *App) Runtime() *runtime.Runtime { return a.rt }

// Transcript returns what happened so far, as the JSON lines of "minihost
// run".
func (a *App) Transcript() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.String()
}

// ExpectError declares that an uncaught error whose message contains substr
// will happen; it is then not a failure. A declared error that never
// happens fails the test when it ends.
func (a *App) ExpectError(substr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.expected = append(a.expected, substr)
}

// Errors returns the uncaught errors so far, expected or not.
func (a *App) Errors() []*runtime.ScriptError {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*runtime.ScriptError(nil), a.errs...)
}

// check fails the test on uncaught errors not declared with ExpectError.
func (a *App) check(after string) {
	a.t.Helper()
	a.mu.Lock()
	var unexpected []string
	for _, e := range a.errs[a.checked:] {
		matched := -1
		for i, sub := range a.expected {
			if strings.Contains(e.Message, sub) {
				matched = i
				break
			}
		}
		if matched >= 0 {
			a.expected = append(a.expected[:matched], a.expected[matched+1:]...)
			continue
		}
		unexpected = append(unexpected, e.Message)
	}
	a.checked = len(a.errs)
	a.mu.Unlock()
	if len(unexpected) > 0 {
		a.t.Fatalf("apptest: uncaught error after %s: %s\ntranscript:\n%s", after, strings.Join(unexpected, "; "), a.Transcript())
	}
}

// checkExpectations runs when the test ends: an uncaught error that came
// after the last driving call fails the test too, and so does a declared
// error that never happened.
func (a *App) checkExpectations() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = a.rt.Wait(ctx) // let what is due finish, so that its errors count
	cancel()
	a.mu.Lock()
	var late []string
	for _, e := range a.errs[a.checked:] {
		matched := false
		for i, sub := range a.expected {
			if strings.Contains(e.Message, sub) {
				a.expected = append(a.expected[:i], a.expected[i+1:]...)
				matched = true
				break
			}
		}
		if !matched {
			late = append(late, e.Message)
		}
	}
	a.checked = len(a.errs)
	left := append([]string(nil), a.expected...)
	a.mu.Unlock()
	if len(late) > 0 {
		a.t.Errorf("apptest: uncaught error at the end of the test: %s\ntranscript:\n%s", strings.Join(late, "; "), a.Transcript())
	}
	for _, sub := range left {
		a.t.Errorf("apptest: expected an uncaught error containing %q; none happened", sub)
	}
}

// fatal fails the test with an error and the transcript.
func (a *App) fatal(what string, err error) {
	a.t.Helper()
	a.t.Fatalf("apptest: %s: %v\ntranscript:\n%s", what, err, a.Transcript())
}

// Wait lets everything pending run — jobs, wx calls in flight, timers that
// are due — without moving the clock.
func (a *App) Wait() {
	a.t.Helper()
	if err := a.rt.Wait(context.Background()); err != nil {
		a.fatal("wait", err)
	}
	a.check("wait")
}

// Idle runs the app until nothing is left: the virtual clock jumps from
// timer to timer (at most an hour of virtual time).
func (a *App) Idle() {
	a.t.Helper()
	capped, err := a.rt.RunUntilIdle(context.Background(), time.Hour)
	if err != nil {
		a.fatal("idle", err)
	}
	a.check("idle")
	if capped {
		a.t.Fatalf("apptest: Idle: timers still pending after an hour of virtual time (a setInterval that never stops?); use Advance to move the clock by a duration\ntranscript:\n%s", a.Transcript())
	}
}

// Advance moves the virtual clock by d, firing the timers that fall due.
func (a *App) Advance(d time.Duration) {
	a.t.Helper()
	if err := a.rt.Advance(context.Background(), d); err != nil {
		a.fatal("advance", err)
	}
	a.Wait()
}

// Now returns the virtual time.
func (a *App) Now() time.Time { return a.rt.Now() }

// Event describes a tap's event: the dataset and detail the handler sees.
type Event = runtime.UIEvent

// Tap taps, as a user would, then waits for what the tap started (Wait).
// target is either a selector of the current page's view — it starts with
// '#' or '.' ("#buy", ".item", ".list >>> .badge") — optionally followed by
// the index of the match (Tap(".item", 2)), and the tap goes through the
// element's bindings; or the name of a handler of the current page, called
// with an Event (Tap("onBuy", apptest.Event{Dataset: ...})). Either way it
// is a user gesture.
func (a *App) Tap(target string, args ...any) {
	a.t.Helper()
	var err error
	if isSelector(target) {
		index := 0
		for _, x := range args {
			i, ok := x.(int)
			if !ok {
				a.t.Fatalf("apptest: Tap(%q, ...): a selector takes an int index, not %T", target, x)
			}
			index = i
		}
		err = a.rt.TapElement(context.Background(), target, index)
	} else {
		var ev Event
		for _, x := range args {
			e, ok := x.(Event)
			if !ok {
				a.t.Fatalf("apptest: Tap(%q, ...): a handler name takes an apptest.Event, not %T", target, x)
			}
			ev = e
		}
		err = a.rt.Dispatch(context.Background(), target, ev)
	}
	if err != nil {
		var se *runtime.ScriptError
		if !errors.As(err, &se) { // a script error is reported by check
			a.fatal("tap "+target, err)
		}
	}
	a.check("tap " + target)
	a.Wait()
}

// isSelector reports whether a tap target is a selector rather than a
// handler name: it starts with '#' or '.'.
func isSelector(s string) bool { return strings.HasPrefix(s, "#") || strings.HasPrefix(s, ".") }

// Input types text into the input or textarea that selector matches (the
// first, or the index-th when given), firing its input event, then waits.
func (a *App) Input(selector, text string, index ...int) {
	a.t.Helper()
	i := 0
	if len(index) > 0 {
		i = index[0]
	}
	if err := a.rt.InputText(context.Background(), selector, i, text); err != nil {
		var se *runtime.ScriptError
		if !errors.As(err, &se) {
			a.fatal("input "+selector, err)
		}
	}
	a.check("input " + selector)
	a.Wait()
}

// Fire sends an event of type typ (blur, confirm, change, scroll...) with
// detail to the first element selector matches, then waits. Events of the
// tap family bubble; the others reach only the element.
func (a *App) Fire(selector, typ string, detail map[string]any) {
	a.t.Helper()
	if err := a.rt.FireEvent(context.Background(), selector, 0, typ, detail); err != nil {
		var se *runtime.ScriptError
		if !errors.As(err, &se) {
			a.fatal(typ+" "+selector, err)
		}
	}
	a.check(typ + " " + selector)
	a.Wait()
}

// Query returns the elements of the current page's view that selector
// matches: tag, id, classes, dataset, attributes, text and, for a custom
// component, its data.
func (a *App) Query(selector string) []runtime.NodeInfo {
	a.t.Helper()
	nodes, err := a.rt.Query(context.Background(), selector)
	if err != nil {
		a.fatal("query "+selector, err)
	}
	return nodes
}

// Text returns what a user reads in the first element selector matches
// (its text content), failing the test if none matches.
func (a *App) Text(selector string) string {
	a.t.Helper()
	nodes := a.Query(selector)
	if len(nodes) == 0 {
		a.t.Fatalf("apptest: no element matches %q on %s\n%s", selector, a.Page(), a.Snapshot())
	}
	return nodes[0].Text
}

// Component returns the data of the custom component that selector matches
// ("#badge"), failing the test if none matches.
func (a *App) Component(selector string) map[string]any {
	a.t.Helper()
	for _, n := range a.Query(selector) {
		if n.Data != nil {
			return n.Data
		}
	}
	a.t.Fatalf("apptest: no component matches %q on %s\n%s", selector, a.Page(), a.Snapshot())
	return nil
}

// Snapshot returns an indented text rendering of the current page's view,
// for golden files and failure messages.
func (a *App) Snapshot() string {
	a.t.Helper()
	s, err := a.rt.Snapshot(context.Background())
	if err != nil {
		a.fatal("snapshot", err)
	}
	return s
}

// Open opens a route with a query on a fresh page stack, as wx.reLaunch.
func (a *App) Open(url string) { a.nav("reLaunch", url) }

// NavigateTo pushes a page, as wx.navigateTo.
func (a *App) NavigateTo(url string) { a.nav("navigateTo", url) }

// SwitchTab switches to a tab page, as wx.switchTab.
func (a *App) SwitchTab(url string) { a.nav("switchTab", url) }

func (a *App) nav(api, url string) {
	a.t.Helper()
	if !strings.HasPrefix(url, "/") {
		url = "/" + url
	}
	if err := a.rt.Navigate(context.Background(), api, url); err != nil {
		a.fatal(api+" "+url, err)
	}
	a.check(api + " " + url)
	a.Wait()
}

// Back closes n pages, as the back button.
func (a *App) Back(n int) {
	a.t.Helper()
	if err := a.rt.NavigateBack(context.Background(), n); err != nil {
		a.fatal("back", err)
	}
	a.check("back")
	a.Wait()
}

// Hide sends the app to the background; Show brings it back.
func (a *App) Hide() {
	a.t.Helper()
	if err := a.rt.Hide(context.Background()); err != nil {
		a.fatal("hide", err)
	}
	a.Wait()
}

// Show brings the app back to the foreground (scene 1001).
func (a *App) Show() {
	a.t.Helper()
	if err := a.rt.Show(context.Background(), runtime.LaunchOptions{}); err != nil {
		a.fatal("show", err)
	}
	a.Wait()
}

// Stack returns the routes of the page stack, bottom first.
func (a *App) Stack() []string {
	a.t.Helper()
	pages, err := a.rt.Pages(context.Background())
	if err != nil {
		a.fatal("stack", err)
	}
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.Route
	}
	return out
}

// Page returns the route of the current page.
func (a *App) Page() string {
	a.t.Helper()
	s := a.Stack()
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// Data returns the value at path in the current page's data
// ("cart.items[0].price"; "" for all of it), and fails the test if there
// is none.
func (a *App) Data(path string) any {
	a.t.Helper()
	pages, err := a.rt.Pages(context.Background())
	if err != nil || len(pages) == 0 {
		a.fatal("data", fmt.Errorf("no page open (%v)", err))
	}
	return a.get("page data of "+pages[len(pages)-1].Route, pages[len(pages)-1].Data, path)
}

// GlobalData returns the value at path in getApp().globalData.
func (a *App) GlobalData(path string) any {
	a.t.Helper()
	g, err := a.rt.GlobalData(context.Background())
	if err != nil {
		a.fatal("globalData", err)
	}
	return a.get("globalData", g, path)
}

func (a *App) get(what string, root map[string]any, path string) any {
	a.t.Helper()
	if path == "" {
		return root
	}
	p, err := datapath.Parse(path)
	if err != nil {
		a.t.Fatalf("apptest: %s: %v", what, err)
	}
	v, ok := datapath.Get(root, p)
	if !ok {
		a.t.Fatalf("apptest: %s has nothing at %q: %v", what, path, root)
	}
	return v
}

// Storage returns what the app stored under key (wx.setStorage), as Go
// values, and whether it is there.
func (a *App) Storage(key string) (any, bool) {
	a.t.Helper()
	v, err := a.db.App(a.userID, a.rt.Info().AppID).Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		a.t.Fatalf("apptest: storage %q: %v", key, err)
	}
	g, err := v.Go()
	if err != nil {
		a.t.Fatalf("apptest: storage %q: %v", key, err)
	}
	return g, true
}

// Eval evaluates JavaScript in the app's global scope and returns its
// value as JSON would convert it.
func (a *App) Eval(src string) any {
	a.t.Helper()
	v, err := a.rt.Eval(context.Background(), src)
	if err != nil {
		a.fatal("eval", err)
	}
	a.check("eval")
	return v
}

// Call is one wx API call of the app.
type Call struct {
	API    string
	Route  string
	Args   map[string]any
	Result map[string]any
}

// ErrMsg returns the call's errMsg.
func (c Call) ErrMsg() string { s, _ := c.Result["errMsg"].(string); return s }

// OK reports whether the call succeeded.
func (c Call) OK() bool { return strings.HasSuffix(c.ErrMsg(), ":ok") }

// Calls returns the wx calls so far, all of them or those of the named
// APIs, oldest first.
func (a *App) Calls(apis ...string) []Call {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Call
	for _, e := range a.calls {
		if len(apis) > 0 && !contains(apis, e.Name) {
			continue
		}
		out = append(out, Call{API: e.Name, Route: e.Route, Args: e.Args, Result: e.Result})
	}
	return out
}

// LastCall returns the latest call of api, failing the test if there was
// none.
func (a *App) LastCall(api string) Call {
	a.t.Helper()
	calls := a.Calls(api)
	if len(calls) == 0 {
		a.t.Fatalf("apptest: wx.%s was never called\ntranscript:\n%s", api, a.Transcript())
	}
	return calls[len(calls)-1]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// compareGolden compares the transcript with a golden file, or rewrites it
// with -update.
func (a *App) compareGolden(path string) {
	got := a.Transcript()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			a.t.Errorf("apptest: %v", err)
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			a.t.Errorf("apptest: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		a.t.Errorf("apptest: golden transcript: %v (run the test with -update to create it)", err)
		return
	}
	if string(want) != got {
		a.t.Errorf("apptest: transcript differs from %s (run with -update to accept):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first differing lines of two transcripts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return ""
}

// noNetwork fails every request of an app whose test configured no handler.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in apptest: use apptest.WithHandler or WithHTTPClient")
}
