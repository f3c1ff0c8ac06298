package launcher_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"time"

	"github.com/minihost/minihost/cache/pkgserver"
	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/runtime"
)

// A host publishes a mini program to a package server, then starts it by
// id with a launcher: the package is downloaded into the cache, the app
// launches, and the host sends it to the background and finishes it.
func Example() {
	repo, _ := os.MkdirTemp("", "launcher-example-repo-*")
	defer os.RemoveAll(repo)
	cacheDir, _ := os.MkdirTemp("", "launcher-example-cache-*")
	defer os.RemoveAll(cacheDir)

	// The package server side: pack a bundle directory into the repository.
	if _, err := pkgserver.Pack(repo, os.DirFS("testdata/apps/beta"), pkgserver.PackOptions{AppID: "wxbeta", Version: "1.0.0"}); err != nil {
		panic(err)
	}
	handler, _ := pkgserver.New(repo, &pkgserver.Options{Logger: slog.New(slog.DiscardHandler)})
	srv := httptest.NewServer(handler)
	defer srv.Close()

	// The host side.
	l, err := launcher.New(launcher.Config{
		CacheDir:  cacheDir,
		ServerURL: srv.URL,
		NewClock:  func() runtime.Clock { return runtime.NewVirtualClock(time.Time{}) },
		Logger:    slog.New(slog.DiscardHandler),
		OnEvent:   func(ev launcher.Event) { fmt.Println(ev.Kind, ev.AppID) },
	})
	if err != nil {
		panic(err)
	}
	defer l.Shutdown()
	res := l.Start(context.Background(), "wxbeta", &launcher.StartOptions{Path: "pages/index/index?from=host"})
	fmt.Println(res.Code, res.Version, res.Source)
	l.Close("wxbeta")
	l.Finish("wxbeta")
	// Output:
	// started wxbeta
	// foreground wxbeta
	// 0 1.0.0 network
	// background wxbeta
	// finished wxbeta
}
