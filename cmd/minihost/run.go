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
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f runFlags
	fs.StringVar(&f.path, "path", "", "entry page with an optional query, e.g. 'pages/x/x?a=1' (default: the home page)")
	fs.DurationVar(&f.maxVirtualTime, "max-virtual-time", 60*time.Second, "stop after this much time on the clock even if timers remain")
	fs.DurationVar(&f.scriptTimeout, "script-timeout", runtime.DefaultScriptTimeout, "interrupt a callback that runs longer than this (real time)")
	fs.BoolVar(&f.realTime, "real-time", false, "use the wall clock instead of the virtual clock")
	fs.StringVar(&f.host, "host", "", "JSON file scripting the host's open APIs and custom APIs")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: minihost run [flags] BUNDLE")
		fmt.Fprintln(stderr, "\nRuns the mini program in BUNDLE (a directory or a .zip file) until it is idle and")
		fmt.Fprintln(stderr, "prints one JSON object per line on stdout. Exit status: 0 ok, 1 uncaught error,")
		fmt.Fprintln(stderr, "2 bad usage or a bundle that cannot be loaded.")
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	b, err := bundle.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		return exitUsage
	}
	defer b.Close()

	tw := transcript.NewWriter(stdout)
	bcfg := bridge.Config{}
	if f.host != "" {
		h, err := loadScriptedHost(f.host, tw)
		if err != nil {
			fmt.Fprintf(stderr, "minihost run: %v\n", err)
			return exitUsage
		}
		bcfg = h.bridgeConfig(bcfg)
	}
	return runBundle(b, f, bridge.New(bcfg), tw, stderr)
}

// runBundle launches b, runs it to idle and writes the transcript.
func runBundle(b *bundle.Bundle, f runFlags, br *bridge.Bridge, tw *transcript.Writer, stderr io.Writer) int {
	var clock runtime.Clock = runtime.NewVirtualClock(time.Time{})
	if f.realTime {
		clock = runtime.RealClock{}
	}
	info := runtime.AppInfo{AppID: "app", EnvVersion: "develop"}
	if b.Project != nil && b.Project.AppID != "" {
		info.AppID = b.Project.AppID
		info.Name = b.Project.ProjectName
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
		return exitFailed
	}
	pages, err := rt.Pages(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "minihost run: %v\n", err)
		return exitFailed
	}
	tw.Done(pages)
	if err := tw.Err(); err != nil {
		fmt.Fprintf(stderr, "minihost run: writing transcript: %v\n", err)
		return exitFailed
	}
	if rt.ErrorCount() > 0 {
		return exitFailed
	}
	return exitOK
}
