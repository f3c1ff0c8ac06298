package runtime

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/dop251/goja"
)

// Route errors: the reason after "<api>:fail " in the errMsg, as the base
// library words it. They arrive wrapped in a *RouteError.
var (
	ErrStackFull   = errors.New("webview count limit exceed")
	ErrTabPage     = errors.New("can not navigate to a tabbar page")
	ErrNotTabPage  = errors.New("can not switch to no-tabBar page")
	ErrFirstPage   = errors.New("cannot navigate back at first page.")
	ErrBadURL      = errors.New("invalid url")
	ErrAppNotReady = errors.New("app is not launched")
)

// RouteError reports a page-stack operation that was refused. Its message
// is the reason the base library gives.
type RouteError struct {
	API   string // "navigateTo", "redirectTo", "navigateBack", "switchTab", "reLaunch"
	Route string
	Err   error
}

func (e *RouteError) Error() string {
	switch {
	case errors.Is(e.Err, ErrPageNotFound):
		return fmt.Sprintf("page %q is not found", e.Route)
	case errors.Is(e.Err, ErrTabPage):
		return fmt.Sprintf("can not %s a tabbar page", e.API)
	}
	return e.Err.Error()
}

// Unwrap returns the cause.
func (e *RouteError) Unwrap() error { return e.Err }

// parseURL splits a wx routing url into a route and its query. A url not
// starting with "/" is relative to the current page. Query values stay as
// written: the base library does not URL-decode them.
func (r *Runtime) parseURL(api, raw string) (string, []queryPair, error) {
	u, q, _ := strings.Cut(raw, "?")
	if u == "" {
		return "", nil, &RouteError{API: api, Err: fmt.Errorf("%w: %q", ErrBadURL, raw)}
	}
	var route string
	if strings.HasPrefix(u, "/") {
		route = path.Clean(u[1:])
	} else {
		base := "."
		if top := r.top(); top != nil {
			base = path.Dir(top.route)
		}
		route = path.Join(base, u)
	}
	route = strings.TrimSuffix(route, ".html")
	return route, parseQuery(q), nil
}

func parseQuery(q string) []queryPair {
	if q == "" {
		return nil
	}
	var out []queryPair
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		replaced := false
		for i := range out {
			if out[i].key == k {
				out[i].value, replaced = v, true
			}
		}
		if !replaced {
			out = append(out, queryPair{k, v})
		}
	}
	return out
}

func (r *Runtime) top() *page {
	if len(r.stack) == 0 {
		return nil
	}
	return r.stack[len(r.stack)-1]
}

// openNew loads the definition, creates the page, pushes it and runs
// onLoad, onShow and onReady.
func (r *Runtime) openNew(api, route string, query []queryPair, opener goja.Value) (*page, error) {
	def, err := r.loadPageDef(route)
	if err != nil {
		var pe *PageError
		if errors.As(err, &pe) && errors.Is(err, ErrPageNotFound) {
			return nil, &RouteError{API: api, Route: route, Err: ErrPageNotFound}
		}
		return nil, err
	}
	p, err := r.newPage(def, route, query)
	if err != nil {
		return nil, err
	}
	p.opener = opener
	r.stack = append(r.stack, p)
	if r.b.IsTabPage(route) {
		r.tabPages[route] = p
	}
	q := r.rt.NewObject()
	for _, kv := range query {
		_ = q.Set(kv.key, kv.value)
	}
	r.renderPage(p)
	p.loaded = true
	r.hook(p, "onLoad", q)
	if !p.gone && !r.hidden {
		r.showPage(p)
	}
	if !p.gone {
		p.readied = true
		r.readyComponents(p)
		r.hook(p, "onReady")
	}
	return p, nil
}

// checkTarget verifies that a route exists before anything is unloaded.
func (r *Runtime) checkTarget(api, route string) error {
	if !r.b.HasPage(route) {
		return &RouteError{API: api, Route: route, Err: ErrPageNotFound}
	}
	return nil
}

// navigate performs a page-stack operation (loop only). It returns, for
// navigateTo, the opener's end of the new page's EventChannel.
func (r *Runtime) navigate(api, url string, delta int, events goja.Value) (goja.Value, error) {
	if !r.launched {
		return nil, &RouteError{API: api, Err: ErrAppNotReady}
	}
	if api == "navigateBack" {
		return nil, r.navigateBack(delta)
	}
	route, query, err := r.parseURL(api, url)
	if err != nil {
		return nil, err
	}
	if err := r.checkTarget(api, route); err != nil {
		return nil, err
	}
	// Load the target's module before anything is unloaded: a module that
	// fails leaves the stack as it was.
	if _, err := r.loadPageDef(route); err != nil {
		return nil, err
	}
	isTab := r.b.IsTabPage(route)
	switch api {
	case "navigateTo":
		if isTab {
			return nil, &RouteError{API: api, Route: route, Err: ErrTabPage}
		}
		if len(r.stack) >= MaxPageStack {
			return nil, &RouteError{API: api, Route: route, Err: ErrStackFull}
		}
		ends := r.newEventChannels(events)
		if top := r.top(); top != nil {
			r.hidePage(top)
		}
		if _, err := r.openNew(api, route, query, ends[1]); err != nil {
			if top := r.top(); top != nil && !r.hidden {
				r.showPage(top)
			}
			return nil, err
		}
		return ends[0], nil
	case "redirectTo":
		if isTab {
			return nil, &RouteError{API: api, Route: route, Err: ErrTabPage}
		}
		if top := r.top(); top != nil {
			r.stack = r.stack[:len(r.stack)-1]
			r.unloadPage(top)
		}
		_, err := r.openNew(api, route, query, nil)
		return nil, err
	case "switchTab":
		if !isTab {
			return nil, &RouteError{API: api, Route: route, Err: ErrNotTabPage}
		}
		if top := r.top(); top != nil && top.route == route {
			return nil, nil
		}
		// Unload the non-tab pages from the top; tab pages are kept alive.
		for i := len(r.stack) - 1; i >= 0; i-- {
			p := r.stack[i]
			if r.tabPages[p.route] == p {
				r.hidePage(p)
			} else {
				r.unloadPage(p)
			}
		}
		r.stack = r.stack[:0]
		if p, ok := r.tabPages[route]; ok {
			r.stack = append(r.stack, p)
			if !r.hidden {
				r.showPage(p)
			}
			return nil, nil
		}
		_, err := r.openNew(api, route, nil, nil) // switchTab drops the query
		return nil, err
	case "reLaunch":
		r.unloadAll()
		_, err := r.openNew(api, route, query, nil)
		return nil, err
	}
	return nil, fmt.Errorf("runtime: unknown route API %q", api)
}

func (r *Runtime) navigateBack(delta int) error {
	if delta < 1 {
		delta = 1
	}
	if len(r.stack) <= 1 {
		return &RouteError{API: "navigateBack", Err: ErrFirstPage}
	}
	if delta >= len(r.stack) {
		delta = len(r.stack) - 1
	}
	for i := 0; i < delta; i++ {
		p := r.top()
		r.stack = r.stack[:len(r.stack)-1]
		r.unloadPage(p)
	}
	if top := r.top(); top != nil && !r.hidden {
		r.showPage(top)
	}
	return nil
}
