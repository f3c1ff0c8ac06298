package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/runtime/transcript"
)

func init() {
	register("run", "run a mini program headlessly and print a JSON-lines transcript", cmdRun)
}

// runFlags are the flags of "minihost run".
type runFlags struct {
	path           string
	maxVirtualTime time.Duration
	scriptTimeout  time.Duration
	realTime       bool
	host           string
	cacheDir       string
	server         string
	link           string
	dataDir        string
	appID          string
	steps          string
	render         bool
}

// exitStartFailed is the exit status of a launcher start that failed; the
// transcript's start line has the code.
const exitStartFailed = 3

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	fs.StringVar(&f.path, "path", "", "entry page with an optional query, e.g. 'pages/x/x?a=1' (default: the home page)")
	fs.DurationVar(&f.maxVirtualTime, "max-virtual-time", 60*time.Second, "stop after this much time on the clock even if timers remain")
	fs.DurationVar(&f.scriptTimeout, "script-timeout", runtime.DefaultScriptTimeout, "interrupt a callback that runs longer than this (real time)")
	fs.BoolVar(&f.realTime, "real-time", false, "use the wall clock instead of the virtual clock")
	fs.StringVar(&f.host, "host", "", "JSON file scripting the host's open APIs and custom APIs")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "start APPID through the launcher with this package cache directory")
	fs.StringVar(&f.server, "server", "", "package server URL for --cache-dir (default: offline, cache only)")
	fs.StringVar(&f.dataDir, "data-dir", "", "keep the apps' storage in this directory between runs (default: a fresh temporary one)")
	fs.StringVar(&f.appID, "app-id", "", "app id of a BUNDLE run from a path (default: project.config.json's appid, else derived from the path)")
	fs.StringVar(&f.steps, "steps", "", "JSON file of steps (tap, advance, back, open, hide, show) run after the entry page is ready")
	fs.BoolVar(&f.render, "render", false, "add a render line with a text snapshot of each open page's view after the run")
	fs.StringVar(&f.link, "link", "", "start the app a link names (minihost://app/<appId>[@env][/<page>][?query]) through the launcher")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: minihost run [flags] BUNDLE")
		fmt.Fprintln(stderr, "       minihost run --cache-dir D [--server URL] APPID")
		fmt.Fprintln(stderr, "       minihost run [--cache-dir D] [--server URL] --link LINK")
		fmt.Fprintln(stderr, "\nRuns the mini program in BUNDLE (a directory or a .zip file), or the app started")
		fmt.Fprintln(stderr, "through the launcher, until it is idle and prints one JSON object per line on stdout.")
		fmt.Fprintln(stderr, "Exit status: 0 ok, 1 uncaught error, 2 bad usage or a bundle that cannot be loaded,")
		fmt.Fprintln(stderr, "3 the launcher could not start the app (the start line has the code).")
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	viaLauncher := f.cacheDir != "" || f.link != ""
	switch {
	case f.link != "" && fs.NArg() != 0, f.link == "" && fs.NArg() != 1:
		fs.Usage()
		return exitUsage
	case f.server != "" && !viaLauncher:
		fmt.Fprintln(stderr, "minihost run: --server needs --cache-dir or --link")
		return exitUsage
	}
	var steps []step
	if f.steps != "" {
		var err error
		if steps, err = loadSteps(f.steps); err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			return exitUsage
		}
	}
	tw := transcript.NewWriter(stdout)
	var bcfg bridge.Config
	if !viaLauncher { // the launcher keeps the apps' data itself (--data-dir)
		env, err := openHostEnv(f.dataDir)
		if err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			return exitUsage
		}
		defer env.close()
		bcfg.Groups = env.groups()
	}
	var host *scriptedHost
	if f.host != "" {
		var err error
		if host, err = loadScriptedHost(f.host, tw); err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			return exitUsage
		}
		bcfg = host.bridgeConfig(bcfg)
	}
	if viaLauncher {
		return runLauncher(fs.Arg(0), f, bcfg, host, steps, tw, stderr)
	}
	b, err := bundle.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		return exitUsage
	}
	defer b.Close()
	info := runtime.AppInfo{AppID: bundleAppID(f.appID, b, fs.Arg(0)), EnvVersion: "develop"}
	if b.Project != nil {
		info.Name = b.Project.ProjectName
	}
	return runBundle(b, info, f, bridge.New(bcfg), steps, tw, stderr)
}

// runBundle launches b, runs it to idle and writes the transcript.
func runBundle(b *bundle.Bundle, info runtime.AppInfo, f runFlags, br *bridge.Bridge, steps []step, tw *transcript.Writer, stderr io.Writer) int {
	var clock runtime.Clock = runtime.NewVirtualClock(time.Time{})
	if f.realTime {
		clock = runtime.RealClock{}
	}
	rt, err := runtime.New(b, &runtime.Options{
		Info:          info,
		Clock:         clock,
		ScriptTimeout: f.scriptTimeout,
		Extensions:    []runtime.Extension{br},
		OnEvent:       tw.Event,
		Logger:        slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		return exitUsage
	}
	defer rt.Close()
	ctx := context.Background()
	if err := rt.Launch(ctx, runtime.LaunchOptions{Path: f.path}); err != nil {
		var se *runtime.ScriptError
		if !errors.As(err, &se) {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			return exitUsage
		}
	}
	return runToIdle(single(rt), f, steps, tw, stderr)
}

// target is the app a run drives: one runtime, or through the launcher
// whichever app is in front (a step may move to another mini program).
type target struct {
	current func() (appID string, rt *runtime.Runtime)
	// errors counts the uncaught errors of every app of the run.
	errors func() int
}

func single(rt *runtime.Runtime) target {
	return target{
		current: func() (string, *runtime.Runtime) { return "", rt },
		errors:  rt.ErrorCount,
	}
}

// runToIdle runs the steps on a launched app, then runs it until it is idle
// and writes the done line, which ends every transcript, also after a step
// that failed.
func runToIdle(tg target, f runFlags, steps []step, tw *transcript.Writer, stderr io.Writer) int {
	ctx := context.Background()
	code := exitOK
	if err := runSteps(tg, steps, tw, !f.realTime); err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		code = exitUsage
	}
	appID, rt := tg.current()
	if code == exitOK {
		var err error
		if f.realTime {
			rctx, cancel := context.WithTimeout(ctx, f.maxVirtualTime)
			_, err = rt.RunUntilIdle(rctx, 0)
			cancel()
			if errors.Is(err, context.DeadlineExceeded) {
				err = nil
			}
		} else {
			_, err = rt.RunUntilIdle(ctx, f.maxVirtualTime)
		}
		if err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			code = exitFailed
		}
		appID, rt = tg.current()
	}
	pages, err := rt.Pages(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		code = exitFailed
	}
	if f.render {
		snaps, err := rt.Snapshots(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			code = exitFailed
		}
		for _, p := range pages {
			if tree, ok := snaps[p.Route]; ok {
				tw.RenderApp(appID, p.Route, tree)
			}
		}
	}
	tw.DoneApp(appID, pages)
	if err := tw.Err(); err != nil {
		fmt.Fprintf(stderr, "minihost run: writing transcript: %v\n", err)
		return exitFailed
	}
	if code == exitOK && tg.errors() > 0 {
		code = exitFailed
	}
	return code
}
