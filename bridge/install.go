package bridge

import (
	"context"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/openapi"
)

// builtinGroups are installed, in order, before Config.Groups.
var builtinGroups = []Group{
	GroupFunc(installRouting),
	GroupFunc(installOpenAPI),
	GroupFunc(installPlugins),
	GroupFunc(installMiniProgram),
}

// install defines every wx API of the bridge on the runtime's wx object.
func (s *session) install() error {
	d := &Definer{s: s}
	for _, g := range builtinGroups {
		if err := g.Install(d); err != nil {
			return err
		}
	}
	for _, g := range s.b.cfg.Groups {
		if err := g.Install(d); err != nil {
			return err
		}
	}
	return nil
}

// installRouting defines the page-stack APIs and the launch-option APIs.
func installRouting(d *Definer) error {
	env := d.Env()
	for _, api := range []string{"navigateTo", "redirectTo", "switchTab", "reLaunch"} {
		api := api
		if err := d.Async(api, func(p *Pending) {
			url, err := requireString(p.args, "url")
			if err != nil {
				p.Fail(err)
				return
			}
			var events goja.Value
			if api == "navigateTo" && p.argObj != nil {
				events = p.argObj.Get("events")
			}
			p.Later(func() (map[string]any, error) {
				ch, err := env.Navigate(api, url, 0, events)
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
	if err := d.Async("navigateBack", func(p *Pending) {
		delta := 1
		if v, ok := p.args["delta"].(float64); ok && v >= 1 {
			delta = int(v)
		}
		p.Later(func() (map[string]any, error) {
			_, err := env.Navigate("navigateBack", "", delta, nil)
			return nil, err
		})
	}); err != nil {
		return err
	}
	if err := d.Sync("getLaunchOptionsSync", func(goja.FunctionCall) (any, error) {
		return env.LaunchOptions(), nil
	}); err != nil {
		return err
	}
	return d.Sync("getEnterOptionsSync", func(goja.FunctionCall) (any, error) {
		return env.EnterOptions(), nil
	})
}

// installOpenAPI routes the open APIs to Config.OpenAPI after checking the
// parameters the base library requires.
func installOpenAPI(d *Definer) error {
	s := d.s
	for _, api := range openapi.APIs {
		api := api
		method := api.Method(s.b.cfg.OpenAPI)
		if err := d.Async(api.Name, func(p *Pending) {
			for _, field := range api.Required {
				if v, ok := p.args[field]; !ok || v == nil || v == "" {
					p.Fail(&ParamError{Field: field, Msg: "parameter." + field + " is required"})
					return
				}
			}
			if api.Gesture && !s.env.UserGesture() {
				p.Fail(ErrGesture)
				return
			}
			p.Serve(HandlerFunc(func(ctx context.Context, c *Call) (map[string]any, error) {
				return method(ctx, c.App, c.Args)
			}), s.newCall(api.Name, p, nil))
		}); err != nil {
			return err
		}
	}
	return nil
}
