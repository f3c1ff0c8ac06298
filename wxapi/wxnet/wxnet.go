package wxnet

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/dop251/goja"
	"golang.org/x/sync/semaphore"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxfs"
)

// Defaults used for zero Options fields and absent app.json settings.
const (
	// DefaultTimeout is a call's timeout when neither the call nor app.json's
	// networkTimeout sets one: 60 s, as on the device.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxConcurrent is how many network calls of one app may be in
	// flight at once; later calls wait in a queue.
	DefaultMaxConcurrent = 10
	// DefaultMaxResponseBytes bounds the body wx.request reads into memory.
	DefaultMaxResponseBytes = 50 << 20
)

// Errors that become the reason of a fail errMsg.
var (
	// ErrDomain refuses a URL (or a redirect) outside the app's allow-list,
	// with a scheme other than https, or naming an IP address or localhost
	// (unless Options.AllowInsecure).
	ErrDomain = errors.New("url not in domain list")
	// ErrTimeout is a call that outlived its timeout.
	ErrTimeout = errors.New("timeout")
	// ErrAbort is a call stopped by its task's abort().
	ErrAbort = errors.New("abort")
	// ErrTooLarge is a response body over Options.MaxResponseBytes.
	ErrTooLarge = errors.New("response too large")
	// ErrNoFS is a downloadFile or uploadFile call of a group made
	// without Options.FS.
	ErrNoFS = errors.New("file system not available")
)

// Options configures a Group. The zero value gives a default client, no
// allow-list beyond the https rules, and 10 calls in flight per app.
type Options struct {
	// Client makes the requests; nil means a client with a 30 s connect
	// timeout and a 10 s TLS handshake timeout (the call's timeout bounds
	// the rest). The group copies it to check redirects; the host's
	// CheckRedirect, if any, runs after the allow-list check.
	Client *http.Client
	// Domains returns the hosts an app may reach, as in the reference
	// platforms' consoles: "api.example.com", "api.example.com:8443" or
	// "https://api.example.com". A host matches exactly (case aside); a
	// port must match too, a missing port meaning the scheme's default.
	// A nil Domains, or one that returns nil for an app, means no list for
	// it: any host that passes the scheme rules; a Domains that returns an
	// empty, non-nil list refuses every URL.
	Domains func(appID string) []string
	// AllowInsecure allows http URLs, IP literals and localhost, as the
	// develop mode of the reference platforms does (and tests). The
	// allow-list, if any, still applies.
	AllowInsecure bool
	// FS holds the apps' files for downloadFile and uploadFile; nil makes
	// them fail with ErrNoFS.
	FS *wxfs.Group
	// MaxConcurrent is how many calls of one running app may be in flight;
	// zero means DefaultMaxConcurrent.
	MaxConcurrent int
	// MaxResponseBytes bounds a wx.request response body; zero means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
}

// Group is the network APIs: wx.request, wx.downloadFile, wx.uploadFile and
// wx.connectSocket. It implements bridge.Group and may be installed in many
// runtimes at once.
type Group struct {
	opts   Options
	client *http.Client
}

// New returns the network APIs with the options.
func New(opts Options) *Group {
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	g := &Group{opts: opts}
	var c http.Client
	if opts.Client != nil {
		c = *opts.Client
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		tr.TLSHandshakeTimeout = 10 * time.Second
		c.Transport = tr
	}
	hostCheck := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if check, ok := req.Context().Value(checkKey{}).(func(*url.URL) error); ok {
			if err := check(req.URL); err != nil {
				return err
			}
		}
		if hostCheck != nil {
			return hostCheck(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	g.client = &c
	return g
}

// checkKey carries a request's URL check in its context, for redirects.
type checkKey struct{}

// binding is the group installed in one runtime. Loop only, except the
// fields read by the goroutines (sem, group, appID, domains).
type binding struct {
	g       *Group
	env     *runtime.Env
	rt      *goja.Runtime
	appID   string
	version string
	sem     *semaphore.Weighted
	domains []string // nil: no list
	listed  bool
	sb      func() (*wxfs.Sandbox, error)
	timeout map[string]time.Duration // per API, from app.json
}

// Install defines the network APIs in one runtime.
func (g *Group) Install(d *bridge.Definer) error {
	env := d.Env()
	b := &binding{
		g: g, env: env, rt: env.JS(), appID: d.App().AppID, version: d.App().Version,
		sem: semaphore.NewWeighted(int64(g.opts.MaxConcurrent)),
	}
	if g.opts.Domains != nil {
		if list := g.opts.Domains(b.appID); list != nil {
			b.listed = true
			for _, dom := range list {
				if n := normDomain(dom); n != "" {
					b.domains = append(b.domains, n)
				}
			}
		}
	}
	if g.opts.FS != nil {
		fsg, app := g.opts.FS, b.appID
		b.sb = func() (*wxfs.Sandbox, error) { return fsg.Sandbox(fsg.UserID(), app) }
	}
	b.timeout = map[string]time.Duration{}
	if bun := env.Bundle(); bun != nil && bun.App != nil && bun.App.NetworkTimeout != nil {
		nt := bun.App.NetworkTimeout
		for api, ms := range map[string]int{"request": nt.Request, "downloadFile": nt.DownloadFile, "uploadFile": nt.UploadFile} {
			if ms > 0 {
				b.timeout[api] = time.Duration(ms) * time.Millisecond
			}
		}
	}
	if err := d.AsyncTask("request", b.request); err != nil {
		return err
	}
	if err := d.AsyncTask("downloadFile", b.downloadFile); err != nil {
		return err
	}
	if err := d.AsyncTask("uploadFile", b.uploadFile); err != nil {
		return err
	}
	return d.AsyncTask("connectSocket", b.connectSocket)
}

// normDomain turns an allow-list entry into "host" or "host:port"
// (lower-case, the https default port dropped); "" if it is not a host.
func normDomain(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	port := u.Port()
	if port == "" || (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		return u.Hostname()
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// checkURL applies the scheme rules and the allow-list.
func (b *binding) checkURL(u *url.URL) error {
	switch u.Scheme {
	case "https":
	case "http":
		if !b.g.opts.AllowInsecure {
			return ErrDomain
		}
	default:
		return ErrDomain
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return ErrDomain
	}
	if !b.g.opts.AllowInsecure && localOrIP(host) {
		return ErrDomain
	}
	if !b.listed {
		return nil
	}
	key := host
	if port := u.Port(); port != "" && !(u.Scheme == "https" && port == "443") && !(u.Scheme == "http" && port == "80") {
		key = net.JoinHostPort(host, port)
	}
	if slices.Contains(b.domains, key) {
		return nil
	}
	return ErrDomain
}

// localOrIP reports whether host is an IP literal (in any form a resolver
// may accept: zoned IPv6, decimal, hex or octal IPv4 such as 2130706433 or
// 0x7f.1) or localhost, which the reference platforms refuse.
func localOrIP(host string) bool {
	h := strings.TrimSuffix(host, ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if i := strings.IndexByte(h, '%'); i >= 0 { // a zone: [fe80::1%lo]
		h = h[:i]
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	// inet_aton shapes: dot-separated numbers, decimal, octal or 0x hex.
	numeric := h != ""
	for _, part := range strings.Split(h, ".") {
		p := strings.TrimPrefix(strings.TrimPrefix(part, "0x"), "0X")
		if part == "" || p == "" && part != "0x" {
			numeric = false
			break
		}
		for _, c := range p {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				numeric = false
			}
		}
		if p != part { // hex: any digits
			continue
		}
		for _, c := range p { // decimal or octal: digits only
			if c < '0' || c > '9' {
				numeric = false
			}
		}
	}
	return numeric
}

// parseURL parses and checks a call's url argument.
func (b *binding) parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("invalid url %q", raw)
	}
	if err := b.checkURL(u); err != nil {
		return nil, err
	}
	return u, nil
}

// callTimeout is the timeout of a call: the call's own (milliseconds),
// bounded by the app's networkTimeout for the API, else DefaultTimeout.
func (b *binding) callTimeout(api string, v goja.Value) time.Duration {
	limit := DefaultTimeout
	if t, ok := b.timeout[api]; ok {
		limit = t
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return limit
	}
	ms := v.ToFloat()
	if ms > 0 {
		if t := time.Duration(ms * float64(time.Millisecond)); t < limit {
			return t
		}
	}
	return limit
}

// callContext returns the context of a call: the app's context, cancelled
// by abort (ErrAbort) or after timeout (ErrTimeout), carrying the URL check
// for redirects.
func (b *binding) callContext(timeout time.Duration) (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(b.env.Context())
	ctx, stop := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	ctx = context.WithValue(ctx, checkKey{}, b.checkURL)
	return ctx, func(cause error) {
		cancel(cause)
		stop()
	}
}

// reason maps a transport error to what the call reports.
func reason(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		switch {
		case errors.Is(cause, ErrAbort):
			return ErrAbort
		case errors.Is(cause, ErrTimeout):
			return ErrTimeout
		}
		return cause
	}
	if errors.Is(err, ErrDomain) {
		return ErrDomain
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// arg returns a property of the call's argument object (undefined when
// absent).
func arg(p *bridge.Pending, name string) goja.Value {
	if obj := p.ArgObject(); obj != nil {
		if v := obj.Get(name); v != nil {
			return v
		}
	}
	return goja.Undefined()
}

// ErrParameter is wrapped by the errors of calls whose arguments do not
// have the shape the base library requires.
var ErrParameter = bridge.ErrParameter

func requireString(p *bridge.Pending, name string) (string, error) {
	v := arg(p, name)
	if s, ok := v.Export().(string); ok {
		return s, nil
	}
	return "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.%s should be String instead of %s;", name, bridge.TypeName(v))}
}

// headers reads the header argument: an object of strings (other values
// are converted with String()). The Referer is the device's, never the
// app's.
func (b *binding) headers(p *bridge.Pending) http.Header {
	h := http.Header{}
	if obj, ok := arg(p, "header").(*goja.Object); ok {
		for _, k := range obj.Keys() {
			v := obj.Get(k)
			if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
				continue
			}
			if strings.EqualFold(k, "referer") {
				continue
			}
			h.Set(k, v.String())
		}
	}
	version := b.version
	if version == "" {
		version = "devtools"
	}
	h.Set("Referer", "https://servicewechat.com/"+b.appID+"/"+version+"/page-frame.html")
	return h
}

// respHeader is the header object of a response: one value per name, the
// values of a repeated name joined with ", ".
func respHeader(h http.Header) map[string]any {
	out := make(map[string]any, len(h))
	for k, vs := range h {
		out[k] = strings.Join(vs, ", ")
	}
	return out
}

// cookies are the Set-Cookie values of a response.
func cookies(h http.Header) []any {
	vs := h.Values("Set-Cookie")
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// listeners is a list of JavaScript listeners (loop only).
type listeners []goja.Value

func (l *listeners) on(c goja.FunctionCall) goja.Value {
	if _, ok := goja.AssertFunction(c.Argument(0)); ok {
		*l = append(*l, c.Argument(0))
	}
	return goja.Undefined()
}

func (l *listeners) off(c goja.FunctionCall) goja.Value {
	fn := c.Argument(0)
	if goja.IsUndefined(fn) || goja.IsNull(fn) {
		*l = nil
		return goja.Undefined()
	}
	*l = slices.DeleteFunc(*l, func(v goja.Value) bool { return v.SameAs(fn) })
	return goja.Undefined()
}

func (l listeners) emit(env *runtime.Env, ev goja.Value) {
	for _, v := range slices.Clone(l) {
		if fn, ok := goja.AssertFunction(v); ok {
			_, _ = env.Call(fn, goja.Undefined(), ev)
		}
	}
}

// connectSocket fails: WebSocket needs a library this module does not
// use. The task it returns has the SocketTask methods: send and close fail
// with "not supported", onError listeners hear the failure.
func (b *binding) connectSocket(p *bridge.Pending) goja.Value {
	task := b.rt.NewObject()
	var onError listeners
	fail := func(api string) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value {
			if obj, ok := c.Argument(0).(*goja.Object); ok {
				res := b.env.ToJS(map[string]any{"errMsg": api + ":fail not supported"})
				for _, name := range []string{"fail", "complete"} {
					if fn, ok := goja.AssertFunction(obj.Get(name)); ok {
						_, _ = b.env.Call(fn, goja.Undefined(), res)
					}
				}
			}
			return goja.Undefined()
		}
	}
	_ = task.Set("send", fail("sendSocketMessage"))
	_ = task.Set("close", fail("closeSocket"))
	_ = task.Set("onError", onError.on)
	noop := func(goja.FunctionCall) goja.Value { return goja.Undefined() }
	for _, name := range []string{"onOpen", "onClose", "onMessage"} {
		_ = task.Set(name, noop)
	}
	p.Later(func() (map[string]any, error) {
		onError.emit(b.env, b.env.ToJS(map[string]any{"errMsg": "connectSocket:fail not supported"}))
		return nil, bridge.ErrNotSupported
	})
	return task
}
