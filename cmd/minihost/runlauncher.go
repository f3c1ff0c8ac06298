package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/runtime/transcript"
)

// startLine is the first transcript line of a run through the launcher.
type startLine struct {
	Type    string `json:"type"`
	Code    int    `json:"code"`
	Info    string `json:"info,omitempty"`
	AppID   string `json:"appId"`
	Version string `json:"version,omitempty"`
	Source  string `json:"source,omitempty"`
}

// runLauncher starts appID (or f.link) through a launcher on the cache in
// f.cacheDir and runs it to idle.
func runLauncher(appID string, f runFlags, bcfg bridge.Config, env *hostEnv, steps []step, tw *transcript.Writer, stderr io.Writer) int {
	held := &heldEvents{tw: tw}
	cfg := launcher.Config{
		CacheDir:      f.cacheDir,
		ServerURL:     f.server,
		OpenAPI:       bcfg.OpenAPI,
		Plugins:       bcfg.Plugins,
		Groups:        func(runtime.AppInfo) []bridge.Group { return env.groups() },
		ScriptTimeout: f.scriptTimeout,
		Logger:        slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnAppEvent:    held.event,
	}
	if !f.realTime {
		cfg.NewClock = func() runtime.Clock { return runtime.NewVirtualClock(time.Time{}) }
	}
	l, err := launcher.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		return exitUsage
	}
	defer l.Shutdown()
	ctx := context.Background()
	opts := &launcher.StartOptions{Path: f.path}
	var res *launcher.StartResult
	if f.link != "" {
		res = l.StartLink(ctx, f.link, opts)
	} else {
		res = l.Start(ctx, appID, opts)
	}
	line := startLine{Type: "start", Code: res.Code, AppID: res.AppID, Version: res.Version, Source: res.Source}
	if res.Code != launcher.CodeOK {
		line.Info = res.Info
		held.release(line)
		fmt.Fprintf(stderr, "minihost run: start failed (%d): %s\n", res.Code, res.Info)
		return exitStartFailed
	}
	held.release(line)
	return runToIdle(res.App.Runtime(), f, steps, tw, stderr)
}

// heldEvents keeps the events of a start until the start line is written,
// so that the start line comes first.
type heldEvents struct {
	tw       *transcript.Writer
	mu       sync.Mutex
	released bool
	events   []appEvent
}

type appEvent struct {
	appID string
	ev    runtime.Event
}

// event writes an app's event, with its app id: through the launcher,
// several apps may share the transcript (navigateToMiniProgram).
func (h *heldEvents) event(appID string, ev runtime.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.released {
		h.events = append(h.events, appEvent{appID, ev})
		return
	}
	h.tw.AppEvent(appID, ev)
}

// release writes the start line, then the held events.
func (h *heldEvents) release(start startLine) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tw.Line(start)
	for _, e := range h.events {
		h.tw.AppEvent(e.appID, e.ev)
	}
	h.events, h.released = nil, true
}
