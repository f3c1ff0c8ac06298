package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/runtime/transcript"
	"github.com/minihost/minihost/wxapi/wxnet/inprocess"
)

func init() {
	register("check", "smoke-test a bundle: open every page and report uncaught errors", cmdCheck)
}

// pageReport is the result of one page of "minihost check" (the --json
// output, one per line).
type pageReport struct {
	Page   string        `json:"page"`
	OK     bool          `json:"ok"`
	Errors []errorReport `json:"errors,omitempty"`
}

type errorReport struct {
	Message string `json:"message"`
	// Location is "file:line:column" of the innermost frame in the bundle,
	// when the stack names one.
	Location string `json:"location,omitempty"`
	Stack    string `json:"stack,omitempty"`
}

var frameRE = regexp.MustCompile(`([A-Za-z0-9_$@./-]+\.js):(\d+):(\d+)`)

func newErrorReport(se *runtime.ScriptError) errorReport {
	r := errorReport{Message: se.Message, Stack: se.Stack}
	if m := frameRE.FindStringSubmatch(se.Stack); m != nil {
		r.Location = m[1] + ":" + m[2] + ":" + m[3]
	}
	var syn *runtime.SyntaxError
	if errors.As(se, &syn) && syn.Line > 0 {
		r.Location = fmt.Sprintf("%s:%d:%d", syn.File, syn.Line, syn.Column)
	}
	return r
}

// cmdCheck implements "minihost check BUNDLE": every page of app.json (main
// package and subpackages) is opened in a fresh runtime, with its query from
// --queries, and run to idle. Exit status: 0 every page ok, 1 a page had an
// uncaught error, 2 bad usage or a bundle that cannot be loaded.
func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [flags] BUNDLE", stderr)
	queriesFile := fs.String("queries", "", "JSON `file` mapping page routes to query strings, e.g. {\"pages/detail/detail\": \"id=3\"}")
	asJSON := fs.Bool("json", false, "print one JSON object per page instead of text")
	hostFile := fs.String("host", "", "JSON `file` scripting the host's open APIs and custom APIs (as minihost run --host)")
	maxVirtual := fs.Duration("max-virtual-time", 60*time.Second, "virtual time each page may run")
	scriptTimeout := fs.Duration("script-timeout", runtime.DefaultScriptTimeout, "interrupt a callback that runs longer than this (real time)")
	serverHandler := fs.String("server-handler", "", "send the pages' network calls to the server at this `URL` (default: a stub answering every request with {})")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "want exactly one bundle, got %d arguments", len(pos))
	}
	queries := map[string]string{}
	if *queriesFile != "" {
		var raw map[string]any
		data, err := os.ReadFile(*queriesFile)
		if err == nil {
			err = json.Unmarshal(data, &raw)
		}
		if err != nil {
			fmt.Fprintf(stderr, "minihost check: --queries %s: %v (want an object of page routes to query strings)\n", *queriesFile, err)
			return exitUsage
		}
		for route, v := range raw {
			q, ok := v.(string)
			if !ok {
				fmt.Fprintf(stderr, "minihost check: --queries %s: %q: the query must be a string such as \"id=3\", not %v\n", *queriesFile, route, v)
				return exitUsage
			}
			queries[route] = q
		}
	}
	b, err := bundle.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "minihost check: %v\n", err)
		return exitUsage
	}
	defer b.Close()
	for route := range queries {
		if !b.HasPage(route) {
			fmt.Fprintf(stderr, "minihost check: --queries %s: %q is not a page of the bundle\n", *queriesFile, route)
			return exitUsage
		}
	}
	env, err := openHostEnv("")
	if err != nil {
		fmt.Fprintf(stderr, "minihost check: %v\n", err)
		return exitUsage
	}
	defer env.close()
	env.client = inprocess.Client(emptyJSON)
	if *serverHandler != "" {
		u, err := url.Parse(*serverHandler)
		if err != nil || u.Scheme == "" || u.Host == "" {
			fmt.Fprintf(stderr, "minihost check: --server-handler %q is not a URL such as http://127.0.0.1:8080\n", *serverHandler)
			return exitUsage
		}
		env.client = &http.Client{Transport: inprocess.Redirect{Base: u}}
	}
	bcfg := bridge.Config{Groups: env.groups()}
	if *hostFile != "" {
		h, err := loadScriptedHost(*hostFile, transcript.NewWriter(io.Discard))
		if err != nil {
			fmt.Fprintf(stderr, "minihost check: %v\n", err)
			return exitUsage
		}
		bcfg = h.bridgeConfig(bcfg)
	}
	br := bridge.New(bcfg)
	progs := runtime.NewPrograms(0)
	info := runtime.AppInfo{AppID: bundleAppID("", b, pos[0]), EnvVersion: "develop"}
	failed := 0
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, route := range b.Pages() {
		path := route
		if q := queries[route]; q != "" {
			path += "?" + strings.TrimPrefix(q, "?")
		}
		rep := checkPage(b, info, path, br, progs, *maxVirtual, *scriptTimeout)
		rep.Page = route
		if !rep.OK {
			failed++
		}
		if *asJSON {
			enc.Encode(rep)
			continue
		}
		if rep.OK {
			fmt.Fprintf(stdout, "ok    %s\n", route)
			continue
		}
		for _, e := range rep.Errors {
			loc := ""
			if e.Location != "" {
				loc = " (" + e.Location + ")"
			}
			fmt.Fprintf(stdout, "FAIL  %s: %s%s\n", route, firstLine(e.Message), loc)
		}
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "%d pages, %d failed\n", len(b.Pages()), failed)
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// checkPage opens one page in a fresh runtime and runs it to idle.
func checkPage(b *bundle.Bundle, info runtime.AppInfo, path string, br *bridge.Bridge, progs *runtime.Programs, maxVirtual, scriptTimeout time.Duration) pageReport {
	var rep pageReport
	rt, err := runtime.New(b, &runtime.Options{
		Info:          info,
		Clock:         runtime.NewVirtualClock(time.Time{}),
		ScriptTimeout: scriptTimeout,
		Programs:      progs,
		Extensions:    []runtime.Extension{br},
		Logger:        slog.New(slog.DiscardHandler),
		OnEvent: func(ev runtime.Event) {
			if e, ok := ev.(*runtime.ErrorEvent); ok {
				rep.Errors = append(rep.Errors, newErrorReport(e.Err))
			}
		},
	})
	if err != nil {
		return pageReport{Errors: []errorReport{{Message: err.Error()}}}
	}
	defer rt.Close()
	ctx := context.Background()
	if err := rt.Launch(ctx, runtime.LaunchOptions{Path: path}); err != nil {
		var se *runtime.ScriptError
		if !errors.As(err, &se) { // script errors were reported through OnEvent
			se = &runtime.ScriptError{Message: err.Error(), Err: err}
			if errors.As(err, new(*runtime.SyntaxError)) {
				se.Message = "SyntaxError: " + err.Error()
			}
			rep.Errors = append(rep.Errors, newErrorReport(se))
		}
	} else if _, err := rt.RunUntilIdle(ctx, maxVirtual); err != nil {
		rep.Errors = append(rep.Errors, errorReport{Message: err.Error()})
	}
	rt.Close() // onUnload errors count too
	rep.OK = len(rep.Errors) == 0
	return rep
}

// emptyJSON answers every request of "minihost check" with {}.
var emptyJSON = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, "{}")
})

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
