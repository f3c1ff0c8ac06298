package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime/transcript"
)

// scriptedAnswer is how the scripted host answers one API.
type scriptedAnswer struct {
	Result  map[string]any `json:"result"`
	Fail    string         `json:"fail"`
	DelayMs int            `json:"delayMs"`
}

// scriptedHost is the --host file of "minihost run": canned answers for
// open APIs and custom APIs, so flows run without writing Go.
//
//	{
//	  "openapi": {"login": {"result": {"code": "c-123"}}, "requestPayment": {"fail": "cancel"}},
//	  "plugins": {"getDeviceToken": {"result": {"token": "t-1"}}, "slowApi": {"result": {}, "delayMs": 2000}}
//	}
type scriptedHost struct {
	OpenAPI map[string]scriptedAnswer `json:"openapi"`
	Plugins map[string]scriptedAnswer `json:"plugins"`

	tw *transcript.Writer
	// line writes a host line; nil means tw.HostCall. Through the
	// launcher it carries the app id and waits for the start line.
	line func(appID, name string, params any)
}

func (h *scriptedHost) hostLine(appID, name string, params any) {
	if h.line != nil {
		h.line(appID, name, params)
		return
	}
	h.tw.HostCall(name, params)
}

func loadScriptedHost(path string, tw *transcript.Writer) (*scriptedHost, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("host file: %w", err)
	}
	h := &scriptedHost{tw: tw}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(h); err != nil {
		return nil, fmt.Errorf("host file %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, api := range openapi.APIs {
		known[api.Name] = true
	}
	for _, name := range sortedKeys(h.OpenAPI) {
		if !known[name] {
			return nil, fmt.Errorf("host file %s: openapi.%s: not an open API (want one of login, checkSession, getUserInfo, getUserProfile, getPhoneNumber, requestPayment, requestVirtualPayment)", path, name)
		}
	}
	return h, nil
}

func sortedKeys(m map[string]scriptedAnswer) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// answer waits the delay (honouring ctx) and returns the scripted outcome.
func (a scriptedAnswer) answer(ctx context.Context) (map[string]any, error) {
	if a.DelayMs > 0 {
		t := time.NewTimer(time.Duration(a.DelayMs) * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	switch a.Fail {
	case "":
		return a.Result, nil
	case "cancel":
		return nil, openapi.ErrCanceled
	default:
		return nil, errors.New(a.Fail)
	}
}

// bridgeConfig adds the scripted handlers to cfg.
func (h *scriptedHost) bridgeConfig(cfg bridge.Config) bridge.Config {
	cfg.OpenAPI = scriptedOpenAPI{h}
	reg := &bridge.Registry{}
	for _, name := range sortedKeys(h.Plugins) {
		a := h.Plugins[name]
		name := name
		_ = reg.HandleFunc(name, func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
			h.hostLine(c.App.AppID, name, c.Params)
			return a.answer(ctx)
		})
	}
	cfg.Plugins = reg
	return cfg
}

// scriptedOpenAPI answers the open APIs from the file; the others are not
// supported.
type scriptedOpenAPI struct{ h *scriptedHost }

func (s scriptedOpenAPI) do(ctx context.Context, app openapi.AppInfo, name string, params map[string]any) (map[string]any, error) {
	a, ok := s.h.OpenAPI[name]
	if !ok {
		return nil, openapi.ErrNotSupported
	}
	s.h.hostLine(app.AppID, name, params)
	return a.answer(ctx)
}

func (s scriptedOpenAPI) Login(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "login", p)
}
func (s scriptedOpenAPI) CheckSession(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "checkSession", p)
}
func (s scriptedOpenAPI) GetUserInfo(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "getUserInfo", p)
}
func (s scriptedOpenAPI) GetUserProfile(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "getUserProfile", p)
}
func (s scriptedOpenAPI) GetPhoneNumber(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "getPhoneNumber", p)
}
func (s scriptedOpenAPI) RequestPayment(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "requestPayment", p)
}
func (s scriptedOpenAPI) RequestVirtualPayment(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return s.do(ctx, app, "requestVirtualPayment", p)
}
