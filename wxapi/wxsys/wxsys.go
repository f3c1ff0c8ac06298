package wxsys

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/runtime"
)

// Options configures the group. The zero value gives DefaultSystemInfo,
// no ext config, permissions kept in memory for the life of the group, and
// an update manager whose check finds nothing.
type Options struct {
	// System is what the system APIs report; nil means DefaultSystemInfo().
	// A zero WindowWidth or WindowHeight is derived from the screen.
	System *SystemInfo
	// ExtConfig is the extConfig of a third-party platform's ext.json
	// (wx.getExtConfigSync); nil means {}.
	ExtConfig map[string]any
	// Permissions keeps the permission decisions of the user; nil means
	// NewPermissions(nil, ""), one MemoryStore shared by the runtimes of
	// the group.
	Permissions *Permissions
	// Updates drives wx.getUpdateManager; nil means no updater.
	Updates Updates
}

// New returns the group of system APIs: system information, account
// information, app events, permissions, the update manager and a few
// helpers (nextTick, base64).
func New(opts Options) bridge.Group {
	sys := DefaultSystemInfo()
	if opts.System != nil {
		sys = *opts.System
	}
	if opts.Permissions == nil {
		opts.Permissions = NewPermissions(nil, "")
	}
	ext := opts.ExtConfig
	if ext == nil {
		ext = map[string]any{}
	}
	return bridge.GroupFunc(func(d *bridge.Definer) error {
		env := d.Env()
		st := &state{env: env, perms: opts.Permissions, listeners: make(map[AppEvent][]goja.Value)}
		register(env, st)
		env.OnAppEvent(func(kind string, args ...goja.Value) {
			EmitAppEvent(env, AppEvent(kind), args...)
		})
		g := &group{d: d, env: env, st: st, sys: sys, ext: ext, updates: opts.Updates}
		return g.install()
	})
}

// group is the group installed in one runtime. Loop only.
type group struct {
	d       *bridge.Definer
	env     *runtime.Env
	st      *state
	sys     SystemInfo
	ext     map[string]any
	updates Updates
}

func (g *group) install() error {
	d := g.d
	syncs := map[string]func() any{
		"getSystemInfoSync":               func() any { return g.sys.systemInfo() },
		"getWindowInfo":                   func() any { return g.sys.windowInfo() },
		"getDeviceInfo":                   func() any { return g.sys.deviceInfo() },
		"getAppBaseInfo":                  func() any { return g.sys.appBaseInfo() },
		"getSystemSetting":                func() any { return g.sys.systemSetting() },
		"getAppAuthorizeSetting":          func() any { return g.sys.appAuthorizeSetting() },
		"getMenuButtonBoundingClientRect": func() any { return g.sys.menuButton() },
		"getAccountInfoSync":              g.accountInfo,
		"getExtConfigSync":                func() any { return copyJSON(g.ext) },
	}
	for name, fn := range syncs {
		if err := d.Sync(name, func(goja.FunctionCall) (any, error) { return fn(), nil }); err != nil {
			return err
		}
	}
	asyncs := map[string]func() map[string]any{
		"getSystemInfo":      g.sys.systemInfo,
		"getSystemInfoAsync": g.sys.systemInfo,
		"getExtConfig":       func() map[string]any { return map[string]any{"extConfig": copyJSON(g.ext)} },
	}
	for name, fn := range asyncs {
		if err := d.Async(name, func(p *bridge.Pending) {
			p.Later(func() (map[string]any, error) { return fn(), nil })
		}); err != nil {
			return err
		}
	}
	for _, kind := range AppEvents {
		if err := d.Func("on"+string(kind), func(c goja.FunctionCall) goja.Value {
			g.st.on(kind, c.Argument(0))
			return goja.Undefined()
		}); err != nil {
			return err
		}
		if err := d.Func("off"+string(kind), func(c goja.FunctionCall) goja.Value {
			g.st.off(kind, c.Argument(0))
			return goja.Undefined()
		}); err != nil {
			return err
		}
	}
	funcs := map[string]func(goja.FunctionCall) goja.Value{
		"nextTick":            g.nextTick,
		"arrayBufferToBase64": g.arrayBufferToBase64,
		"base64ToArrayBuffer": g.base64ToArrayBuffer,
		"getUpdateManager":    g.getUpdateManager,
	}
	for name, fn := range funcs {
		if err := d.Func(name, fn); err != nil {
			return err
		}
	}
	for name, impl := range map[string]func(*bridge.Pending){
		"authorize":   g.authorize,
		"getSetting":  g.getSetting,
		"openSetting": g.openSetting,
	} {
		if err := d.Async(name, impl); err != nil {
			return err
		}
	}
	return nil
}

// accountInfo is wx.getAccountInfoSync: the app's identity.
func (g *group) accountInfo() any {
	app := g.d.App()
	env := app.EnvVersion
	if env == "" {
		env = "release"
	}
	return map[string]any{
		"miniProgram": map[string]any{"appId": app.AppID, "envVersion": env, "version": app.Version},
		"plugin":      map[string]any{},
	}
}

// copyJSON copies a JSON-like value so that the mini program cannot change
// the host's.
func copyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyJSON(e)
		}
		return out
	}
	return v
}

// nextTick runs fn in a later loop job, after the current one.
func (g *group) nextTick(c goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(g.env.JS().NewTypeError("nextTick: callback should be Function instead of %s", bridge.TypeName(c.Argument(0))))
	}
	g.env.Enqueue(func() { _, _ = g.env.Call(fn, goja.Undefined()) })
	return goja.Undefined()
}

// arrayBufferToBase64 encodes an ArrayBuffer (or a typed array's bytes).
func (g *group) arrayBufferToBase64(c goja.FunctionCall) goja.Value {
	rt := g.env.JS()
	switch x := c.Argument(0).Export().(type) {
	case goja.ArrayBuffer:
		return rt.ToValue(base64.StdEncoding.EncodeToString(x.Bytes()))
	case []byte:
		return rt.ToValue(base64.StdEncoding.EncodeToString(x))
	}
	panic(rt.NewTypeError("arrayBufferToBase64: parameter should be ArrayBuffer instead of %s", bridge.TypeName(c.Argument(0))))
}

// base64ToArrayBuffer decodes base64 text (see DecodeBase64).
func (g *group) base64ToArrayBuffer(c goja.FunctionCall) goja.Value {
	rt := g.env.JS()
	s, ok := c.Argument(0).Export().(string)
	if !ok {
		panic(rt.NewTypeError("base64ToArrayBuffer: parameter should be String instead of %s", bridge.TypeName(c.Argument(0))))
	}
	b, err := DecodeBase64(s)
	if err != nil {
		panic(rt.NewTypeError("base64ToArrayBuffer: %v", err))
	}
	return rt.ToValue(rt.NewArrayBuffer(b))
}

// ErrBase64 is wrapped by the errors of DecodeBase64.
var ErrBase64 = errors.New("invalid base64")

// DecodeBase64 decodes text as wx.base64ToArrayBuffer does: the standard
// alphabet or the URL-safe one, padding optional, ASCII whitespace
// ignored. Other input is an error wrapping ErrBase64 that names the
// offending byte offset.
func DecodeBase64(s string) ([]byte, error) {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f':
		case '-':
			clean = append(clean, '+')
		case '_':
			clean = append(clean, '/')
		default:
			clean = append(clean, c)
		}
	}
	trimmed := strings.TrimRight(string(clean), "=")
	if pad := len(clean) - len(trimmed); pad > 2 {
		return nil, fmt.Errorf("%w: %d padding characters", ErrBase64, pad)
	}
	b, err := base64.RawStdEncoding.DecodeString(trimmed)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("%w: bad character or length at offset %d (whitespace removed)", ErrBase64, int64(ce))
		}
		return nil, fmt.Errorf("%w: %v", ErrBase64, err)
	}
	return b, nil
}

// getUpdateManager returns the runtime's one UpdateManager.
func (g *group) getUpdateManager(goja.FunctionCall) goja.Value {
	if g.st.update == nil {
		g.st.update = newUpdateManager(g.env, g.updates, g.d.App().AppID)
	}
	return g.st.update.obj
}

// desc is the reason the app gives for scope in app.json's "permission".
func (g *group) desc(scope string) string {
	if pd, ok := g.env.Bundle().App.Permission[scope]; ok {
		return pd.Desc
	}
	return ""
}

func (g *group) authorize(p *bridge.Pending) {
	raw, ok := p.Args()["scope"]
	scope, isStr := raw.(string)
	switch {
	case !ok:
		p.Fail(errors.New("parameter error: parameter.scope should be String instead of Undefined;"))
		return
	case !isStr:
		p.Fail(fmt.Errorf("parameter error: parameter.scope should be String instead of %s;", bridge.TypeName(g.env.ToJS(raw))))
		return
	case !validScope(scope):
		p.Fail(ErrInvalidScope)
		return
	}
	ui, app, desc := g.d.Config().UI, g.d.App(), g.desc(scope)
	perms := g.st.perms
	p.Go(func(ctx context.Context) (map[string]any, error) {
		return nil, perms.Require(ctx, ui, app, scope, desc)
	})
}

// setting is the result of getSetting and openSetting.
func setting(auth map[string]bool, subscriptions bool) map[string]any {
	m := make(map[string]any, len(auth))
	for k, v := range auth {
		m[k] = v
	}
	res := map[string]any{"authSetting": m}
	if subscriptions {
		res["subscriptionsSetting"] = map[string]any{"mainSwitch": true, "itemSettings": map[string]any{}}
	}
	return res
}

func (g *group) getSetting(p *bridge.Pending) {
	subs, _ := p.Args()["withSubscriptions"].(bool)
	perms, app := g.st.perms, g.d.App()
	p.Go(func(context.Context) (map[string]any, error) {
		auth, err := perms.Setting(app)
		if err != nil {
			return nil, err
		}
		return setting(auth, subs), nil
	})
}

func (g *group) openSetting(p *bridge.Pending) {
	if !g.env.UserGesture() {
		p.Fail(bridge.ErrGesture)
		return
	}
	subs, _ := p.Args()["withSubscriptions"].(bool)
	perms, app, ui := g.st.perms, g.d.App(), g.d.Config().UI
	descs := make(map[string]string)
	for scope, pd := range g.env.Bundle().App.Permission {
		descs[scope] = pd.Desc
	}
	p.Go(func(ctx context.Context) (map[string]any, error) {
		auth, err := perms.openSetting(ctx, ui, app, func(s string) string { return descs[s] })
		if err != nil {
			return nil, err
		}
		return setting(auth, subs), nil
	})
}
