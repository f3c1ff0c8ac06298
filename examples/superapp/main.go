// Command superapp is a small Go "superapp" hosting the example mini
// programs headlessly. With no flags, on a fresh clone, it:
//
//  1. packs examples/miniprograms/shop and coupons into a package repository
//     in a temporary directory and serves it with the package server on a
//     loopback port;
//  2. opens a package cache in a temporary directory and a launcher on it,
//     with the open APIs (login, payment) and one custom API (printReceipt)
//     implemented in Go;
//  3. starts the shop by its app id, taps through a purchase, jumps to the
//     coupon center mini program with extraData and back with a coupon,
//     then closes and finishes the apps,
//
// narrating what happens.
//
//	go run ./examples/superapp
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/cache/pkgserver"
	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

const (
	shopID    = "wxshop000000001"
	couponsID = "wxcoupons00000001"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "superapp:", err)
		os.Exit(1)
	}
}

// host is the superapp's side of the open APIs.
type host struct{ openapi.Unsupported }

func (host) Login(ctx context.Context, app openapi.AppInfo, _ map[string]any) (map[string]any, error) {
	say("  host: %s asks to log in; the superapp's user is signed in, issuing a code", app.Name)
	return map[string]any{"code": "code-" + app.AppID}, nil
}

func (host) RequestPayment(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	say("  host: payment sheet for %s (%v), the user confirms", app.Name, p["package"])
	return nil, nil
}

func run() error {
	ctx := context.Background()
	work, err := os.MkdirTemp("", "minihost-superapp-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// 1. Publish the example mini programs and serve them.
	repo := filepath.Join(work, "repo")
	for _, p := range []struct{ dir, id string }{{"shop", shopID}, {"coupons", couponsID}} {
		packed, err := pkgserver.Pack(repo, os.DirFS(filepath.Join(examplesDir(), p.dir)), pkgserver.PackOptions{AppID: p.id, Version: "1.0.0"})
		if err != nil {
			return fmt.Errorf("packing %s: %w", p.dir, err)
		}
		say("superapp: packed %s %s (%d files, %d bytes)", packed.Manifest.Name, packed.Manifest.Version, packed.Files, packed.Manifest.Size)
	}
	srv, err := pkgserver.New(repo, &pkgserver.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	defer hs.Close()
	serverURL := "http://" + ln.Addr().String()
	say("superapp: package server on %s", serverURL)

	// 2. The launcher, with the host's APIs.
	plugins := &bridge.Registry{}
	if err := plugins.HandleFunc("printReceipt", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		say("  host: printing a receipt for order %v (total %v)", c.Data()["orderId"], c.Data()["total"])
		return map[string]any{"receiptNo": "R-0001"}, nil
	}); err != nil {
		return err
	}
	l, err := launcher.New(launcher.Config{
		CacheDir:  filepath.Join(work, "cache"),
		ServerURL: serverURL,
		OpenAPI:   host{},
		Plugins:   plugins,
		UI:        &narratingUI{},
		NewClock:  func() runtime.Clock { return runtime.NewVirtualClock(time.Time{}) },
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnEvent: func(ev launcher.Event) {
			if ev.Kind == launcher.EventFailed {
				say("superapp: %s failed to start: %v", ev.AppID, ev.Err)
				return
			}
			say("superapp: %s is %s", ev.AppID, ev.Kind)
		},
		OnAppEvent: narrate,
	})
	if err != nil {
		return err
	}
	defer l.Shutdown()

	// 3. The scripted session.
	say("superapp: the user opens the shop")
	res := l.Start(ctx, shopID, nil)
	if res.Code != launcher.CodeOK {
		return fmt.Errorf("start %s: code %d: %s", shopID, res.Code, res.Info)
	}
	say("superapp: shop %s started from the %s", res.Version, res.Source)
	shop := res.App.Runtime()
	s := session{ctx: ctx, l: l}
	s.idle(shop)
	s.tap(shop, "the coffee beans", "onTapProduct", map[string]any{"id": 3})
	s.tap(shop, "Buy now", "onBuyNow", nil)
	s.tap(shop, "Pay", "onPay", nil)
	s.show(shop, "after paying")

	s.nav(shop, "the Mine tab", "switchTab", "/pages/mine/mine")
	s.tap(shop, "Coupon center", "onOpenCouponCenter", nil)
	coupons := l.App(couponsID)
	if coupons == nil {
		return errors.New("the coupon center did not open")
	}
	s.idle(coupons.Runtime())
	s.tap(coupons.Runtime(), "the 5 yuan coupon", "onUseCoupon", map[string]any{"id": "CC5"})
	s.idle(shop)
	if fg := l.Foreground(); fg != nil {
		say("superapp: %s is in front again", fg.Info().Name)
	}
	if s.err != nil {
		return s.err
	}

	say("superapp: the user closes the shop (it stays in the background)")
	if err := l.Close(shopID); err != nil {
		return err
	}
	say("superapp: the superapp finishes every mini program")
	l.FinishAll()
	return nil
}

// session drives the apps and narrates; the first error stops it.
type session struct {
	ctx context.Context
	l   *launcher.Launcher
	err error
}

func (s *session) idle(rt *runtime.Runtime) {
	if s.err == nil {
		_, s.err = rt.RunUntilIdle(s.ctx, time.Minute)
	}
}

func (s *session) tap(rt *runtime.Runtime, what, handler string, dataset map[string]any) {
	if s.err != nil {
		return
	}
	say("superapp: the user taps %s", what)
	s.err = rt.Dispatch(s.ctx, handler, runtime.UIEvent{Dataset: dataset})
	s.idle(rt)
}

func (s *session) nav(rt *runtime.Runtime, what, api, url string) {
	if s.err != nil {
		return
	}
	say("superapp: the user goes to %s", what)
	s.err = rt.Navigate(s.ctx, api, url)
	s.idle(rt)
}

func (s *session) show(rt *runtime.Runtime, when string) {
	if s.err != nil {
		return
	}
	pages, err := rt.Pages(s.ctx)
	if err != nil {
		s.err = err
		return
	}
	var routes []string
	for _, p := range pages {
		routes = append(routes, p.Route)
	}
	say("superapp: pages %s: %s", when, strings.Join(routes, " > "))
}

// narratingUI confirms what a headless user would, and says so.
type narratingUI struct{ bridge.HeadlessUI }

func (*narratingUI) ConfirmNavigate(_ context.Context, app openapi.AppInfo, to string) (bool, error) {
	say("  host: %s wants to open %s; the user agrees", app.Name, to)
	return true, nil
}

// narrate tells the app events worth telling.
func narrate(appID string, ev runtime.Event) {
	switch e := ev.(type) {
	case *runtime.APIEvent:
		say("  [%s] wx.%s -> %v", appID, e.Name, e.Result["errMsg"])
	case *runtime.ConsoleEvent:
		say("  [%s] %s", appID, fmt.Sprint(e.Args...))
	case *runtime.ErrorEvent:
		say("  [%s] uncaught error: %s", appID, e.Err.Message)
	}
}

// out is where the narration goes.
var out io.Writer = os.Stdout

func say(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }

// examplesDir finds examples/miniprograms from the working directory or from
// this file's location.
func examplesDir() string {
	if _, err := os.Stat("examples/miniprograms"); err == nil {
		return "examples/miniprograms"
	}
	_, file, _, _ := goruntime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "miniprograms")
}
