package bridge

import (
	"context"
	"fmt"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/openapi"
)

// asyncFunc implements the loop side of an asynchronous API: it validates
// the arguments and arranges for p to be settled (later, serve or
// failLater).
type asyncFunc func(p *pending)

// install defines every wx API of the bridge on the runtime's wx object.
func (s *session) install() error {
	wx := s.env.WX()
	def := func(name string, fn func(goja.FunctionCall) goja.Value) error {
		if err := wx.Set(name, fn); err != nil {
			return fmt.Errorf("bridge: defining wx.%s: %w", name, err)
		}
		return nil
	}
	async := func(name string, impl asyncFunc) error {
		return def(name, func(c goja.FunctionCall) goja.Value {
			p, ret, err := s.begin(name, c.Argument(0))
			switch {
			case err != nil:
				p.failLater(err)
			default:
				if e, ok := s.b.cfg.Overrides.lookup(name); ok {
					p.serve(e.h, s.newCall(name, p, nil))
				} else {
					impl(p)
				}
			}
			return ret
		})
	}
	sync := func(name string, fn func(c goja.FunctionCall) (any, error)) error {
		return def(name, func(c goja.FunctionCall) goja.Value {
			return s.syncCall(name, c.Arguments, func() (any, error) { return fn(c) })
		})
	}

	for _, api := range []string{"navigateTo", "redirectTo", "switchTab", "reLaunch"} {
		api := api
		if err := async(api, func(p *pending) {
			url, err := requireString(p.args, "url")
			if err != nil {
				p.failLater(err)
				return
			}
			var events goja.Value
			if api == "navigateTo" {
				if obj, ok := p.argsObject(); ok {
					events = obj.Get("events")
				}
			}
			p.later(func() (map[string]any, error) {
				ch, err := s.env.Navigate(api, url, 0, events)
				if err != nil {
					return nil, err
				}
				if ch != nil {
					return map[string]any{"eventChannel": ch}, nil
				}
				return nil, nil
			})
		}); err != nil {
			return err
		}
	}
	if err := async("navigateBack", func(p *pending) {
		delta := 1
		if d, ok := p.args["delta"].(float64); ok && d >= 1 {
			delta = int(d)
		}
		p.later(func() (map[string]any, error) {
			_, err := s.env.Navigate("navigateBack", "", delta, nil)
			return nil, err
		})
	}); err != nil {
		return err
	}
	if err := sync("getLaunchOptionsSync", func(goja.FunctionCall) (any, error) {
		return s.env.LaunchOptions(), nil
	}); err != nil {
		return err
	}
	if err := sync("getEnterOptionsSync", func(goja.FunctionCall) (any, error) {
		return s.env.EnterOptions(), nil
	}); err != nil {
		return err
	}

	// Open APIs route to the host's openapi.Handler.
	for _, api := range openapi.APIs {
		api := api
		method := api.Method(s.b.cfg.OpenAPI)
		if err := async(api.Name, func(p *pending) {
			for _, field := range api.Required {
				if v, ok := p.args[field]; !ok || v == nil || v == "" {
					p.failLater(fmt.Errorf("parameter error: parameter.%s is required", field))
					return
				}
			}
			if api.Gesture && !s.env.UserGesture() {
				p.failLater(ErrGesture)
				return
			}
			p.serve(HandlerFunc(func(ctx context.Context, c *Call) (map[string]any, error) {
				return method(ctx, c.App, c.Args)
			}), s.newCall(api.Name, p, nil))
		}); err != nil {
			return err
		}
	}
	return s.installPlugins(def, async)
}

// argsObject returns the original argument object of the call, for the
// rare API that needs a JavaScript value from it (navigateTo's events).
func (p *pending) argsObject() (*goja.Object, bool) {
	return p.argObj, p.argObj != nil
}

// newCall describes a call for a host handler.
func (s *session) newCall(api string, p *pending, params map[string]any) *Call {
	return &Call{API: api, App: s.app, PageID: p.pageID, Route: p.route, Args: p.args, Params: params}
}
