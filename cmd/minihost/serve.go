package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/minihost/minihost/cache/pkgserver"
)

func init() {
	register("serve", "serve a package repository over HTTP", func(args []string, stdout, stderr io.Writer) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return serveMain(ctx, args, stdout, stderr, nil)
	})
}

// serveMain implements "minihost serve REPO --addr HOST:PORT" until ctx is
// done. ready, if not nil, receives the address listened on.
//
// Exit status: 0 after a clean shutdown; 1 the address cannot be listened
// on or the server failed; 2 bad usage or a missing repository.
func serveMain(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	fs := newFlagSet("serve", "serve REPO [--addr 127.0.0.1:8080]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "want exactly one repository directory, got %d arguments", len(pos))
	}
	srv, err := pkgserver.New(pos[0], &pkgserver.Options{Logger: slog.New(slog.NewTextHandler(stderr, nil))})
	if err != nil {
		fmt.Fprintf(stderr, "minihost serve: %v\n", err)
		return exitUsage
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "minihost serve: %v\n", err)
		return exitFailed
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "minihost serve: serving %s on http://%s\n", pos[0], ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "minihost serve: %v\n", err)
		return exitFailed
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "minihost serve: shutdown: %v\n", err)
		return exitFailed
	}
	return exitOK
}
