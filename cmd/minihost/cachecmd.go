package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/cache/pkgformat"
)

func init() {
	register("cache", "inspect and fill the package cache: ls, rm, download, search", func(args []string, stdout, stderr io.Writer) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return cacheMain(ctx, args, stdout, stderr)
	})
}

const cacheSynopsis = `cache [--dir D] [--user U] ls
       minihost cache [--dir D] [--user U] rm APPID... | rm --all
       minihost cache [--dir D] [--user U] download --server URL [--env E] APPID...
       minihost cache [--dir D] search --server URL [--page N] [--page-size N] TEXT`

// defaultCacheDir is the cache directory when --dir is not given.
func defaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "minihost")
	}
	return filepath.Join(os.TempDir(), "minihost-cache")
}

// cacheFlags are the flags every cache subcommand accepts.
type cacheFlags struct {
	dir, user, server, env string
	timeout                time.Duration
}

func (c *cacheFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&c.dir, "dir", c.dir, "cache `directory`")
	fs.StringVar(&c.user, "user", c.user, "user `id` whose cache to use (default: the shared cache)")
	fs.DurationVar(&c.timeout, "lock-timeout", c.timeout, "how long to wait for another process holding the cache")
}

// cacheMain implements "minihost cache".
//
// Exit status: 0 success; 1 a failure (the cache is locked or corrupt, an
// app failed to download, the server failed); 2 bad usage.
func cacheMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cf := cacheFlags{dir: defaultCacheDir(), timeout: cache.DefaultTimeout}
	fs := newFlagSet("cache", cacheSynopsis, stderr)
	cf.add(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		return usageError(fs, stderr, "missing subcommand: ls, rm, download or search")
	}
	sub, rest := fs.Arg(0), fs.Args()[1:]
	sfs := newFlagSet("cache "+sub, cacheSynopsis, stderr)
	cf.add(sfs)
	var all *bool
	var concurrency, page, pageSize *int
	switch sub {
	case "ls":
	case "rm":
		all = sfs.Bool("all", false, "remove every app")
	case "download":
		sfs.StringVar(&cf.server, "server", "", "package server `URL`")
		sfs.StringVar(&cf.env, "env", pkgformat.EnvRelease, "env version: release, trial or develop")
		concurrency = sfs.Int("concurrency", cache.DefaultPreDownloadConcurrency, "parallel downloads")
	case "search":
		sfs.StringVar(&cf.server, "server", "", "package server `URL`")
		page = sfs.Int("page", 1, "page number, from 1")
		pageSize = sfs.Int("page-size", 20, "results per page")
	default:
		return usageError(fs, stderr, "unknown subcommand %q: want ls, rm, download or search", sub)
	}
	pos, err := parseInterleaved(sfs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case sub == "ls" && len(pos) != 0:
		return usageError(sfs, stderr, "ls takes no arguments")
	case sub == "rm" && (*all == (len(pos) != 0)):
		return usageError(sfs, stderr, "rm takes app ids or --all")
	case (sub == "download" || sub == "search") && cf.server == "":
		return usageError(sfs, stderr, "--server URL is required")
	case sub == "download" && len(pos) == 0:
		return usageError(sfs, stderr, "download needs at least one app id")
	case sub == "search" && len(pos) > 1:
		return usageError(sfs, stderr, "search takes one text argument (quote it)")
	}
	var progress func(cache.Progress)
	if isTerminal(stderr) {
		progress = progressPrinter(stderr)
	}
	store, err := cache.Open(cf.dir, &cache.Options{UserID: cf.user, ServerURL: cf.server, Timeout: cf.timeout, OnProgress: progress})
	if err != nil {
		fmt.Fprintf(stderr, "minihost cache: %v\n", err)
		return exitFailed
	}
	code := exitOK
	switch sub {
	case "ls":
		code = cacheLs(store, stdout, stderr)
	case "rm":
		code = cacheRm(store, pos, *all, stdout, stderr)
	case "download":
		code = cacheDownload(ctx, store, pos, cf.env, *concurrency, progress != nil, stdout, stderr)
	case "search":
		code = cacheSearch(ctx, store, strings.Join(pos, " "), *page, *pageSize, stdout, stderr)
	}
	if err := store.Close(); err != nil {
		fmt.Fprintf(stderr, "minihost cache: %v\n", err)
		code = exitFailed
	}
	return code
}

func cacheLs(store *cache.Store, stdout, stderr io.Writer) int {
	apps, err := store.List()
	if err != nil {
		fmt.Fprintf(stderr, "minihost cache ls: %v\n", err)
		return exitFailed
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APPID\tENV\tVERSION\tSIZE\tINSTALLED\tLAST USED\tNAME")
	for _, a := range apps {
		used := "-"
		if !a.LastUsed.IsZero() {
			used = a.LastUsed.Local().Format(time.DateTime)
		}
		name := a.Name
		if a.Favourite {
			name += " ★"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", a.AppID, a.Env, a.Version, a.Size,
			a.InstalledAt.Local().Format(time.DateTime), used, name)
	}
	tw.Flush()
	return exitOK
}

func cacheRm(store *cache.Store, ids []string, all bool, stdout, stderr io.Writer) int {
	if all {
		if err := store.RemoveAll(); err != nil {
			fmt.Fprintf(stderr, "minihost cache rm: %v\n", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, "removed every app")
		return exitOK
	}
	code := exitOK
	for _, id := range ids {
		if err := store.Remove(id); err != nil {
			fmt.Fprintf(stderr, "minihost cache rm: %v\n", err)
			code = exitFailed
			continue
		}
		fmt.Fprintf(stdout, "removed %s\n", id)
	}
	return code
}

func cacheDownload(ctx context.Context, store *cache.Store, ids []string, env string, concurrency int, tty bool, stdout, stderr io.Writer) int {
	var mu sync.Mutex
	res, err := store.PreDownload(ctx, ids, &cache.PreDownloadOptions{
		EnvVersion: env, Concurrency: concurrency,
		Progress: func(r cache.PreDownloadResult, done, total int) {
			if tty {
				mu.Lock()
				fmt.Fprintf(stderr, "\r\033[K[%d/%d] %s done\n", done, total, r.AppID)
				mu.Unlock()
			}
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "minihost cache download: %v\n", err)
		return exitFailed
	}
	versions := map[string]string{}
	if apps, err := store.List(); err == nil {
		for _, a := range apps {
			if a.Env == env {
				versions[a.AppID] = a.Version
			}
		}
	}
	code := exitOK
	for _, r := range res {
		switch {
		case !r.Success:
			fmt.Fprintf(stdout, "%s\tfailed: %s\n", r.AppID, r.ErrMsg)
			code = exitFailed
		case r.NeedUpdate:
			fmt.Fprintf(stdout, "%s\tdownloaded %s\n", r.AppID, versions[r.AppID])
		default:
			fmt.Fprintf(stdout, "%s\tup to date %s\n", r.AppID, versions[r.AppID])
		}
	}
	return code
}

func cacheSearch(ctx context.Context, store *cache.Store, text string, page, pageSize int, stdout, stderr io.Writer) int {
	res, err := store.Search(ctx, text, page, pageSize)
	if err != nil {
		fmt.Fprintf(stderr, "minihost cache search: %v\n", err)
		return exitFailed
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APPID\tVERSION\tNAME\tDESCRIPTION")
	for _, m := range res.List {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.AppID, m.Version, m.Name, m.Description)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "page %d: %d of %d results\n", res.PageNo, len(res.List), res.Total)
	return exitOK
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter draws one updating progress line per download on w.
func progressPrinter(w io.Writer) func(cache.Progress) {
	var mu sync.Mutex
	return func(p cache.Progress) {
		mu.Lock()
		defer mu.Unlock()
		pct := 100
		if p.Total > 0 {
			pct = int(p.Done * 100 / p.Total)
		}
		fmt.Fprintf(w, "\r\033[K%s %s %3d%% %d/%d KiB", p.AppID, p.Version, pct, p.Done>>10, p.Total>>10)
	}
}
