package bridge

import (
	"context"
	"fmt"
	"slices"

	"github.com/minihost/minihost/openapi"
)

// Navigator moves the user between mini programs; the launcher implements
// it. Methods run off the loop with the call's context.
type Navigator interface {
	// NavigateToMiniProgram opens (or brings to the foreground) another
	// mini program on behalf of from, which goes to the background.
	NavigateToMiniProgram(ctx context.Context, from openapi.AppInfo, req NavigateRequest) error
	// NavigateBackMiniProgram returns from from to the app that opened it,
	// handing it extraData.
	NavigateBackMiniProgram(ctx context.Context, from openapi.AppInfo, extraData map[string]any) error
	// ExitMiniProgram closes from to the background.
	ExitMiniProgram(ctx context.Context, from openapi.AppInfo) error
}

// NavigateRequest is what wx.navigateToMiniProgram asks for.
type NavigateRequest struct {
	AppID      string         `json:"appId"`
	Path       string         `json:"path,omitempty"`
	ExtraData  map[string]any `json:"extraData,omitempty"`
	EnvVersion string         `json:"envVersion,omitempty"` // "release" unless the caller is not a release itself
}

// installMiniProgram defines navigateToMiniProgram,
// navigateBackMiniProgram and exitMiniProgram.
func installMiniProgram(d *Definer) error {
	s := d.s
	nav := s.b.cfg.Navigator
	ui := s.b.cfg.UI
	if err := d.Async("navigateToMiniProgram", func(p *Pending) {
		var req NavigateRequest
		if err := decode(p.api, p.args, &req); err != nil {
			p.Fail(&ParamError{Msg: err.Error()})
			return
		}
		if req.AppID == "" {
			p.Fail(&ParamError{Field: "appId", Msg: "parameter.appId should be String instead of Undefined;"})
			return
		}
		if !s.env.UserGesture() {
			p.Fail(ErrGesture)
			return
		}
		if !slices.Contains(s.env.Bundle().App.NavigateToMiniProgramAppIdList, req.AppID) {
			p.Fail(fmt.Errorf("appId %q is not in navigateToMiniProgramAppIdList", req.AppID))
			return
		}
		if req.EnvVersion == "" || s.app.EnvVersion == "" || s.app.EnvVersion == "release" {
			req.EnvVersion = "release" // only a trial or develop app may open non-release versions
		}
		if nav == nil {
			p.Fail(ErrNotSupported)
			return
		}
		p.Go(func(ctx context.Context) (map[string]any, error) {
			ok, err := ui.ConfirmNavigate(ctx, s.app, req.AppID)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, ErrCanceled
			}
			return nil, nav.NavigateToMiniProgram(ctx, s.app, req)
		})
	}); err != nil {
		return err
	}
	if err := d.Async("navigateBackMiniProgram", func(p *Pending) {
		if nav == nil {
			p.Fail(ErrNotSupported)
			return
		}
		extra, _ := p.args["extraData"].(map[string]any)
		p.Go(func(ctx context.Context) (map[string]any, error) {
			return nil, nav.NavigateBackMiniProgram(ctx, s.app, extra)
		})
	}); err != nil {
		return err
	}
	return d.Async("exitMiniProgram", func(p *Pending) {
		if !s.env.UserGesture() {
			p.Fail(ErrGesture)
			return
		}
		if nav == nil {
			p.Fail(ErrNotSupported)
			return
		}
		p.Go(func(ctx context.Context) (map[string]any, error) {
			return nil, nav.ExitMiniProgram(ctx, s.app)
		})
	})
}
