package bridge

import (
	"fmt"

	"github.com/dop251/goja"
)

// installPlugins defines wx.invokeNativePlugin and wx.onNativePluginEvent /
// wx.offNativePluginEvent.
//
// wx.invokeNativePlugin({api_name, data, success, fail, complete, progress})
// calls the handler registered under api_name (per-app registry first). An
// asynchronous handler runs off the loop and settles the call with the
// convention; a handler registered with HandleSync runs at once and the call
// returns its result object (errMsg included) or throws.
func installPlugins(d *Definer) error {
	s := d.s
	def := d.Func
	const api = "invokeNativePlugin"
	lookup := func(name string) (entry, bool) {
		if e, ok := s.b.cfg.AppPlugins.lookup(name); ok {
			return e, true
		}
		if e, ok := s.b.cfg.Plugins.lookup(name); ok {
			return e, true
		}
		if s.b.cfg.PluginFallback != nil {
			return entry{h: s.b.cfg.PluginFallback}, true
		}
		return entry{}, false
	}
	params := func(p *Pending) (string, map[string]any, error) {
		name, err := requireString(p.args, "api_name")
		if err != nil {
			return "", nil, err
		}
		data, _ := p.args["data"].(map[string]any)
		if data == nil {
			data = map[string]any{}
		}
		return name, map[string]any{
			"stateEvent": "requestCustomApi",
			"api_name":   name,
			"data":       data,
			"webviewId":  float64(p.pageID),
		}, nil
	}
	err := def(api, func(c goja.FunctionCall) goja.Value {
		p, err := s.begin(api, c.Argument(0))
		var (
			name string
			prm  map[string]any
			e    entry
			ok   bool
		)
		if err == nil {
			name, prm, err = params(p)
		}
		if err == nil {
			if e, ok = lookup(name); !ok {
				err = fmt.Errorf("custom API %q is not registered", name)
			}
		}
		if err != nil || !e.sync {
			ret := p.promise()
			if err != nil {
				p.Fail(err)
			} else {
				p.Serve(e.h, s.newCall(name, p, prm))
			}
			return ret
		}
		call := s.newCall(name, p, prm)
		// A sync custom API: run now, return the result or throw.
		res, herr := d.ServeSync(e.h, call)
		p.settled = true // the sync form returns or throws: no callbacks
		result := make(map[string]any, len(res)+1)
		for k, v := range res {
			result[k] = v
		}
		if herr != nil {
			msg := api + ":fail " + reason(herr)
			s.observe(api, p.pageID, p.route, p.args, map[string]any{"errMsg": msg}, 0)
			panic(s.rt.NewGoError(fmt.Errorf("%s", msg)))
		}
		result["errMsg"] = api + ":ok"
		s.observe(api, p.pageID, p.route, p.args, result, 0)
		return s.env.ToJS(result)
	})
	if err != nil {
		return err
	}
	if err := def("onNativePluginEvent", func(c goja.FunctionCall) goja.Value {
		if _, ok := goja.AssertFunction(c.Argument(0)); ok {
			s.listeners = append(s.listeners, c.Argument(0))
		}
		return goja.Undefined()
	}); err != nil {
		return err
	}
	return def("offNativePluginEvent", func(c goja.FunctionCall) goja.Value {
		if len(c.Arguments) == 0 {
			s.listeners = nil
			return goja.Undefined()
		}
		kept := s.listeners[:0]
		for _, l := range s.listeners {
			if !l.SameAs(c.Argument(0)) {
				kept = append(kept, l)
			}
		}
		s.listeners = kept
		return goja.Undefined()
	})
}
