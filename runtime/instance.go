package runtime

import (
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/jsvalue"
)

// loadPageDef evaluates a page's module on first use (pages load lazily)
// and returns its definition.
func (r *Runtime) loadPageDef(route string) (*pageDef, error) {
	if def, ok := r.pageDefs[route]; ok {
		return def, nil
	}
	if !r.b.HasPage(route) {
		return nil, &PageError{Route: route, Err: ErrPageNotFound}
	}
	prev, prevComp := r.defining, r.definingComponent
	r.defining, r.definingComponent = route, false
	_, err := r.requireFile(route + ".js")
	r.defining, r.definingComponent = prev, prevComp
	if err != nil {
		return nil, err
	}
	def, ok := r.pageDefs[route]
	if !ok {
		return nil, &PageError{Route: route, Err: ErrNoPageDefinition}
	}
	return def, nil
}

// newPage creates a page instance: a fresh `this` with its own deep copy of
// the definition's data. No hook runs yet.
func (r *Runtime) newPage(def *pageDef, route string, query []queryPair) (*page, error) {
	r.nextPageID++
	p := &page{id: r.nextPageID, query: query, def: def, rt: r}
	p.route, p.pageID = route, p.id
	obj := r.rt.NewObject()
	if err := obj.SetPrototype(r.pageProto); err != nil {
		return nil, err
	}
	p.obj = obj
	queryObj := r.rt.NewObject()
	for _, kv := range query {
		_ = queryObj.Set(kv.key, kv.value)
	}
	var dataSrc goja.Value
	if def.component {
		for _, m := range def.methods {
			_ = obj.Set(m.name, m.value)
		}
		dataSrc = def.data
	} else {
		for _, k := range def.opts.Keys() {
			if k == "data" {
				continue
			}
			v := def.opts.Get(k)
			if _, isFn := goja.AssertFunction(v); !isFn {
				// non-function fields are per instance, as in the base library
				if _, js, ok, _, err := jsvalue.Copy(r.rt, v, jsvalue.Limit{}); err == nil && ok {
					v = js
				}
			}
			_ = obj.Set(k, v)
		}
		dataSrc = def.opts.Get("data")
	}
	goData, jsData, ok, _, err := jsvalue.Copy(r.rt, dataSrc, jsvalue.Limit{})
	if err != nil {
		return nil, &PageError{Route: route, Err: err}
	}
	m, isMap := goData.(map[string]any)
	if !ok || !isMap {
		m, jsData = map[string]any{}, r.rt.NewObject()
	}
	p.data, p.dataObj = m, jsData.(*goja.Object)
	if def.component {
		qm := p.queryMap()
		for _, prop := range def.props {
			v := r.propDefault(prop)
			if s, ok := qm[prop.name]; ok {
				v = r.propFromQuery(prop, s)
			}
			goV, jsV, ok, _, err := jsvalue.Copy(r.rt, v, jsvalue.Limit{})
			if err != nil || !ok {
				goV, jsV = nil, goja.Null()
			}
			p.data[prop.name] = goV
			_ = p.dataObj.Set(prop.name, jsV)
		}
		_ = obj.Set("properties", p.dataObj)
		_ = obj.Set("is", route)
	}
	_ = obj.Set("data", p.dataObj)
	_ = obj.Set("route", route)
	_ = obj.Set("__route__", route)
	_ = obj.Set("options", queryObj)
	_ = obj.Set("__wxWebviewId__", p.id)
	p.afterSet = func(keys []string, _ map[string]any) {
		if def.component {
			r.runObservers(&p.scope, def.observers, keys)
		}
		r.viewPageChanged(p, keys)
	}
	r.byObj[obj] = &p.scope
	r.pages[p.id] = p
	return p, nil
}

// hook calls a page hook: the method of that name, plus for pages built with
// Component() the matching lifetimes and pageLifetimes, in the base
// library's order. Errors are reported, not returned.
func (r *Runtime) hook(p *page, name string, args ...goja.Value) {
	if p.def.component {
		switch name {
		case "onLoad":
			r.callAll(p, "created", p.def.lifetimes["created"])
			r.callAll(p, "attached", p.def.lifetimes["attached"])
		case "onReady":
			r.callAll(p, "ready", p.def.lifetimes["ready"])
		}
	}
	if fn, ok := goja.AssertFunction(p.obj.Get(name)); ok {
		r.emit(&LifecycleEvent{Target: p.route, PageID: p.id, Hook: name})
		if _, err := fn(p.obj, args...); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
	if p.def.component {
		switch name {
		case "onShow":
			r.callAll(p, "pageLifetimes.show", p.def.pageLife["show"])
		case "onHide":
			r.callAll(p, "pageLifetimes.hide", p.def.pageLife["hide"])
		case "onUnload":
			r.callAll(p, "detached", p.def.lifetimes["detached"])
		}
	}
}

func (r *Runtime) callAll(p *page, hook string, fns []goja.Callable) {
	if len(fns) == 0 {
		return
	}
	r.emit(&LifecycleEvent{Target: p.route, PageID: p.id, Hook: hook})
	for _, fn := range fns {
		if _, err := fn(p.obj); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
}

// appEventOf maps App hooks to the app events of Env.OnAppEvent.
var appEventOf = map[string]string{
	"onShow":               "AppShow",
	"onHide":               "AppHide",
	"onError":              "Error",
	"onUnhandledRejection": "UnhandledRejection",
	"onPageNotFound":       "PageNotFound",
}

// appEvent tells the listeners of Env.OnAppEvent (wx.onAppShow and the like).
func (r *Runtime) appEvent(kind string, args ...goja.Value) {
	for _, fn := range r.appListeners {
		fn(kind, args...)
	}
}

// appHook calls an App hook if it is defined, then the app-event listeners.
func (r *Runtime) appHook(name string, args ...goja.Value) {
	if kind, ok := appEventOf[name]; ok {
		defer r.appEvent(kind, args...)
	}
	if r.app == nil {
		return
	}
	if fn, ok := goja.AssertFunction(r.app.Get(name)); ok {
		r.emit(&LifecycleEvent{Target: "app", Hook: name})
		if _, err := fn(r.app, args...); err != nil {
			r.reportError(newScriptError(err, "lifecycle"))
		}
	}
}

func (r *Runtime) showPage(p *page) {
	if p.shown || p.gone {
		return
	}
	p.shown = true
	r.hook(p, "onShow")
	r.pageComponentsLifetime(p, "show")
}

func (r *Runtime) hidePage(p *page) {
	if !p.shown || p.gone {
		return
	}
	p.shown = false
	r.hook(p, "onHide")
	r.pageComponentsLifetime(p, "hide")
}

func (r *Runtime) unloadPage(p *page) {
	if p.gone {
		return
	}
	p.gone, p.shown = true, false
	r.hook(p, "onUnload")
	r.dropView(p)
	delete(r.byObj, p.obj)
	delete(r.pages, p.id)
	if r.tabPages[p.route] == p {
		delete(r.tabPages, p.route)
	}
}

// unloadAll unloads every page: the stack from the top, then tab pages kept
// out of the stack.
func (r *Runtime) unloadAll() {
	for i := len(r.stack) - 1; i >= 0; i-- {
		r.unloadPage(r.stack[i])
	}
	r.stack = nil
	for _, p := range r.tabPages {
		r.unloadPage(p)
	}
}

// eventChannelSource is a small JavaScript implementation of EventChannel:
// a pair of ends where emit on one end calls the listeners of the other.
const eventChannelSource = `(function () {
  function End() { this._l = {}; }
  End.prototype.on = function (name, fn) { (this._l[name] = this._l[name] || []).push({fn: fn, once: false}); };
  End.prototype.once = function (name, fn) { (this._l[name] = this._l[name] || []).push({fn: fn, once: true}); };
  End.prototype.off = function (name, fn) {
    if (!fn) { delete this._l[name]; return; }
    var l = this._l[name] || [];
    this._l[name] = l.filter(function (e) { return e.fn !== fn; });
  };
  End.prototype.emit = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var l = (this._peer._l[name] || []).slice();
    this._peer._l[name] = (this._peer._l[name] || []).filter(function (e) { return !e.once; });
    for (var i = 0; i < l.length; i++) l[i].fn.apply(null, args);
  };
  return function (events) {
    var a = new End(), b = new End();
    a._peer = b; b._peer = a;
    if (events) for (var k in events) if (typeof events[k] === 'function') a.on(k, events[k]);
    return [a, b];
  };
})()`

var (
	eventChannelOnce sync.Once
	eventChannelPrg  *goja.Program
)

// newEventChannels returns the opener's end (with the listeners of events)
// and the opened page's end of a new EventChannel.
func (r *Runtime) newEventChannels(events ...goja.Value) [2]goja.Value {
	if r.ecFactory == nil {
		eventChannelOnce.Do(func() {
			eventChannelPrg = goja.MustCompile("eventchannel.js", eventChannelSource, true)
		})
		factory, _ := r.rt.RunProgram(eventChannelPrg)
		r.ecFactory, _ = goja.AssertFunction(factory)
	}
	fn := r.ecFactory
	var ev goja.Value = goja.Undefined()
	if len(events) > 0 && events[0] != nil {
		ev = events[0]
	}
	pair, err := fn(goja.Undefined(), ev)
	if err != nil {
		panic(err)
	}
	obj := pair.(*goja.Object)
	return [2]goja.Value{obj.Get("0"), obj.Get("1")}
}
