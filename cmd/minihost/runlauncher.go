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
func runLauncher(appID string, f runFlags, bcfg bridge.Config, host *scriptedHost, steps []step, tw *transcript.Writer, stderr io.Writer) int {
	held := &heldEvents{tw: tw}
	if host != nil {
		host.line = held.hostCall
	}
	cfg := launcher.Config{
		CacheDir:  f.cacheDir,
		ServerURL: f.server,
		OpenAPI:   bcfg.OpenAPI,
		Plugins:   bcfg.Plugins,
		DataDir:   f.dataDir, // "": beside the cache
		// Apps run from the command line are in develop mode: http, IP
		// literals and localhost are allowed, as in the vendor's tools.
		AllowInsecureRequests: true,
		ScriptTimeout:         f.scriptTimeout,
		Logger:                slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnAppEvent:            held.event,
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
	last := res.App
	tg := target{
		// Steps drive the app in front: navigateToMiniProgram moves there.
		current: func() (string, *runtime.Runtime) {
			if fg := l.Foreground(); fg != nil {
				last = fg
			}
			return last.AppID(), last.Runtime()
		},
		errors: held.errorCount,
	}
	return runToIdle(tg, f, steps, tw, stderr)
}

// heldEvents keeps the lines of a start (app events, host calls) until the
// start line is written, so that the start line comes first; it counts the
// uncaught errors of every app.
type heldEvents struct {
	tw       *transcript.Writer
	mu       sync.Mutex
	released bool
	pending  []func()
	errors   int
}

// event writes an app's event, with its app id: through the launcher,
// several apps may share the transcript (navigateToMiniProgram).
func (h *heldEvents) event(appID string, ev runtime.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := ev.(*runtime.ErrorEvent); ok {
		h.errors++
	}
	h.write(func() { h.tw.AppEvent(appID, ev) })
}

// hostCall writes a host line of the scripted host.
func (h *heldEvents) hostCall(appID, name string, params any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.write(func() { h.tw.HostCallApp(appID, name, params) })
}

func (h *heldEvents) write(line func()) {
	if !h.released {
		h.pending = append(h.pending, line)
		return
	}
	line()
}

func (h *heldEvents) errorCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.errors
}

// release writes the start line, then the held lines.
func (h *heldEvents) release(start startLine) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tw.Line(start)
	for _, line := range h.pending {
		line()
	}
	h.pending, h.released = nil, true
}
