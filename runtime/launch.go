package runtime

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/jsvalue"
)

// DefaultScene is the scene of a launch that names none (1001: the main
// entry of the mini program list).
const DefaultScene = 1001

// Launch starts the app: it evaluates app.js, calls App.onLaunch and
// App.onShow with the launch options, then opens the entry page (onLoad,
// onShow, onReady). Errors thrown by hooks are reported to App.onError and
// OnEvent and do not stop the launch; an app.js that throws or does not
// call App(), or an entry page that cannot be opened, makes Launch fail.
// An entry page that is not found is first offered to App.onPageNotFound;
// if the app defines it, Launch succeeds and the app is expected to route.
func (r *Runtime) Launch(ctx context.Context, opts LaunchOptions) error {
	return r.do(ctx, func() error {
		if r.launched {
			return errors.New("runtime: app already launched")
		}
		if _, err := r.requireFile("app.js"); err != nil {
			var mnf *ModuleNotFoundError
			if errors.As(err, &mnf) {
				return fmt.Errorf("%w: app.js is missing", ErrNoApp)
			}
			se := newScriptError(err, "script")
			r.reportError(se)
			return se
		}
		if r.app == nil {
			return ErrNoApp
		}
		route, query, err := r.entry(opts)
		if err != nil {
			return err
		}
		r.launchOpts = LaunchOptions{Path: route, Query: pairsMap(query), Scene: opts.Scene, ReferrerInfo: opts.ReferrerInfo}
		if r.launchOpts.Scene == 0 {
			r.launchOpts.Scene = DefaultScene
		}
		r.enterOpts = r.launchOpts
		r.launched = true
		r.appHook("onLaunch", r.optionsValue(r.launchOpts))
		r.appHook("onShow", r.optionsValue(r.enterOpts))
		if !r.b.HasPage(route) {
			arg := r.rt.NewObject()
			_ = arg.Set("path", route)
			_ = arg.Set("query", jsvalue.ToJS(r.rt, pairsMap(query)))
			_ = arg.Set("isEntryPage", true)
			_, handled := goja.AssertFunction(r.app.Get("onPageNotFound"))
			r.appHook("onPageNotFound", arg)
			if handled {
				return nil
			}
			return &PageError{Route: route, Err: ErrPageNotFound}
		}
		if _, err := r.openNew("appLaunch", route, query, nil); err != nil {
			var se *ScriptError
			if !errors.As(err, &se) {
				var re *RouteError
				if errors.As(err, &re) {
					return &PageError{Route: route, Err: re.Err}
				}
				var pe *PageError
				if errors.As(err, &pe) {
					return err
				}
				se = newScriptError(err, "script").(*ScriptError)
			}
			r.reportError(se)
			return se
		}
		return nil
	})
}

func (r *Runtime) entry(opts LaunchOptions) (string, []queryPair, error) {
	raw := opts.Path
	if raw == "" {
		raw = r.b.HomePage()
	}
	if raw[0] != '/' {
		raw = "/" + raw
	}
	route, query, err := r.parseURL("appLaunch", raw)
	if err != nil {
		return "", nil, err
	}
	keys := make([]string, 0, len(opts.Query))
	for k := range opts.Query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		query = append(query, queryPair{k, opts.Query[k]})
	}
	return route, query, nil
}

func pairsMap(q []queryPair) map[string]string {
	m := make(map[string]string, len(q))
	for _, kv := range q {
		m[kv.key] = kv.value
	}
	return m
}

// optionsMap is the JSON shape of launch options.
func optionsMap(o LaunchOptions) map[string]any {
	q := make(map[string]any, len(o.Query))
	for k, v := range o.Query {
		q[k] = v
	}
	ref := map[string]any{}
	if o.ReferrerInfo != nil {
		if o.ReferrerInfo.AppID != "" {
			ref["appId"] = o.ReferrerInfo.AppID
		}
		if o.ReferrerInfo.ExtraData != nil {
			ref["extraData"] = datapath.Copy(o.ReferrerInfo.ExtraData)
		}
	}
	return map[string]any{"path": o.Path, "query": q, "scene": float64(o.Scene), "referrerInfo": ref}
}

func (r *Runtime) optionsValue(o LaunchOptions) goja.Value {
	return jsvalue.ToJS(r.rt, optionsMap(o))
}

// Hide sends the app to the background: onHide on the current page and on
// the app, and timers pause until Show.
func (r *Runtime) Hide(ctx context.Context) error {
	return r.do(ctx, func() error {
		if !r.launched {
			return ErrNotLaunched
		}
		if r.hidden {
			return nil
		}
		r.hidden = true
		if top := r.top(); top != nil {
			r.hidePage(top)
		}
		r.appHook("onHide")
		r.loop.pause()
		return nil
	})
}

// Show brings the app back to the foreground with new enter options:
// App.onShow(opts), then onShow on the current page; timers resume. A zero
// opts.Path keeps the current page's route in the options.
func (r *Runtime) Show(ctx context.Context, opts LaunchOptions) error {
	return r.do(ctx, func() error {
		if !r.launched {
			return ErrNotLaunched
		}
		if !r.hidden {
			return nil
		}
		r.hidden = false
		r.loop.resume()
		if opts.Path == "" {
			if top := r.top(); top != nil {
				opts.Path = top.route
			}
		}
		if opts.Scene == 0 {
			opts.Scene = DefaultScene
		}
		r.enterOpts = opts
		r.appHook("onShow", r.optionsValue(opts))
		if top := r.top(); top != nil {
			r.showPage(top)
		}
		return nil
	})
}

// Navigate performs a page-stack operation as the host (a test, a step
// script): api is "navigateTo", "redirectTo", "switchTab" or "reLaunch" and
// url a route with an optional query. Errors are *RouteError.
func (r *Runtime) Navigate(ctx context.Context, api, url string) error {
	return r.do(ctx, func() error {
		switch api {
		case "navigateTo", "redirectTo", "switchTab", "reLaunch":
		default:
			return fmt.Errorf("runtime: Navigate: unknown API %q", api)
		}
		_, err := r.navigate(api, url, 0, nil)
		return err
	})
}

// NavigateBack closes delta pages (at least 1), as the back button does.
func (r *Runtime) NavigateBack(ctx context.Context, delta int) error {
	return r.do(ctx, func() error {
		_, err := r.navigate("navigateBack", "", delta, nil)
		return err
	})
}

// UIEvent is an event dispatched to a page handler, shaped as the base
// library's event object.
type UIEvent struct {
	Type    string         // "tap" when empty
	ID      string         // target and currentTarget id
	Dataset map[string]any // target and currentTarget dataset (data-* attributes)
	Detail  map[string]any
	Mark    map[string]any
	// NoGesture leaves the call without a user gesture (events that are not
	// taps, such as scroll or input).
	NoGesture bool
}

// Dispatch calls the handler method of the current page with an event
// object built from ev, as a tap in the view would. While the handler runs
// synchronously the call counts as a user gesture, which APIs such as
// getUserProfile require. An exception thrown by the handler is reported
// (App.onError, OnEvent) and returned as a *ScriptError.
func (r *Runtime) Dispatch(ctx context.Context, handler string, ev UIEvent) error {
	return r.do(ctx, func() error {
		p := r.top()
		if p == nil {
			return ErrNoPage
		}
		fn, ok := goja.AssertFunction(p.obj.Get(handler))
		if !ok {
			return fmt.Errorf("%w: page %s has no method %q", ErrNoHandler, p.route, handler)
		}
		if ev.Type == "" {
			ev.Type = "tap"
		}
		target := map[string]any{"id": ev.ID, "dataset": orEmpty(ev.Dataset)}
		e := map[string]any{
			"type":          ev.Type,
			"timeStamp":     float64(r.opts.Clock.Now().UnixMilli()),
			"target":        target,
			"currentTarget": target,
			"detail":        orEmpty(ev.Detail),
			"mark":          orEmpty(ev.Mark),
		}
		evObj := jsvalue.ToJS(r.rt, e)
		var err error
		if ev.NoGesture {
			_, err = fn(p.obj, evObj)
		} else {
			// The gesture lasts for the handler's synchronous part only: the
			// microtask that ends it is queued before any the handler queues,
			// so code after an await no longer counts as a tap.
			r.gesture = true
			_, err = r.gestureCall(goja.Undefined(), p.obj.Get(handler), p.obj, evObj, r.rt.ToValue(func() { r.gesture = false }))
		}
		r.gesture = false
		if err != nil {
			se := newScriptError(err, "event")
			r.reportError(se)
			return se
		}
		return nil
	})
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// PageState is a snapshot of an open page.
type PageState struct {
	ID    int               `json:"id"`
	Route string            `json:"route"`
	Query map[string]string `json:"query"`
	Data  map[string]any    `json:"data"`
}

// Pages returns the page stack, bottom first, with a copy of each page's
// data.
func (r *Runtime) Pages(ctx context.Context) ([]PageState, error) {
	var out []PageState
	err := r.do(ctx, func() error {
		for _, p := range r.stack {
			out = append(out, PageState{ID: p.id, Route: p.route, Query: p.queryMap(), Data: datapath.Copy(p.data).(map[string]any)})
		}
		return nil
	})
	return out, err
}

// GlobalData returns a copy of getApp().globalData.
func (r *Runtime) GlobalData(ctx context.Context) (map[string]any, error) {
	var out map[string]any
	err := r.do(ctx, func() error {
		if r.app == nil {
			return ErrNotLaunched
		}
		v, _, err := jsvalue.ToGo(r.rt, r.app.Get("globalData"))
		out, _ = v.(map[string]any)
		return err
	})
	return out, err
}

// Now returns the runtime's clock reading.
func (r *Runtime) Now() time.Time { return r.opts.Clock.Now() }
