// Command superapp is a small Go "superapp" that hosts the example shop mini
// program headlessly: it offers wx.login, a custom API and payment in Go,
// opens the shop, taps through a product and narrates what happens.
//
//	go run ./examples/superapp
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// host implements the open APIs the superapp offers.
type host struct{ openapi.Unsupported }

func (host) Login(ctx context.Context, app openapi.AppInfo, _ map[string]any) (map[string]any, error) {
	return map[string]any{"code": "login-code-for-" + app.AppID}, nil
}

func (host) RequestPayment(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	fmt.Printf("  host: payment requested by %s (package %v)\n", app.AppID, p["package"])
	return nil, nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "superapp:", err)
		os.Exit(1)
	}
}

// examplesDir finds examples/miniprograms from the working directory or
// from this file's location.
func examplesDir() string {
	if _, err := os.Stat("examples/miniprograms"); err == nil {
		return "examples/miniprograms"
	}
	_, file, _, _ := goruntime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "miniprograms")
}

func run() error {
	ctx := context.Background()
	b, err := bundle.Open(filepath.Join(examplesDir(), "shop"))
	if err != nil {
		return err
	}
	defer b.Close()

	plugins := &bridge.Registry{}
	if err := plugins.HandleFunc("getDeviceToken", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		return map[string]any{"token": "device-token-42"}, nil
	}); err != nil {
		return err
	}
	rt, err := runtime.New(b, &runtime.Options{
		Info:       runtime.AppInfo{AppID: b.Project.AppID, Name: b.Project.ProjectName, Version: "1.0.0", EnvVersion: "release"},
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{Plugins: plugins, OpenAPI: host{}})},
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnEvent:    narrate,
	})
	if err != nil {
		return err
	}
	defer rt.Close()

	fmt.Println("superapp: opening the shop mini program")
	if err := rt.Launch(ctx, runtime.LaunchOptions{}); err != nil {
		return err
	}
	if _, err := rt.RunUntilIdle(ctx, time.Minute); err != nil {
		return err
	}
	fmt.Println("superapp: the user taps the coffee beans")
	if err := rt.Dispatch(ctx, "onTapProduct", runtime.UIEvent{Dataset: map[string]any{"id": 3}}); err != nil {
		return err
	}
	if _, err := rt.RunUntilIdle(ctx, time.Minute); err != nil {
		return err
	}
	fmt.Println("superapp: the user adds them to the cart and goes back")
	if err := rt.Dispatch(ctx, "onAddToCart", runtime.UIEvent{}); err != nil {
		return err
	}
	if err := rt.NavigateBack(ctx, 1); err != nil {
		return err
	}
	if _, err := rt.RunUntilIdle(ctx, time.Minute); err != nil {
		return err
	}
	pages, err := rt.Pages(ctx)
	if err != nil {
		return err
	}
	for _, p := range pages {
		fmt.Printf("superapp: page %s is open\n", p.Route)
	}
	if n := rt.ErrorCount(); n > 0 {
		return fmt.Errorf("the mini program had %d uncaught errors", n)
	}
	fmt.Println("superapp: closing the shop")
	return nil
}

// narrate prints a readable line for the events worth telling.
func narrate(ev runtime.Event) {
	switch e := ev.(type) {
	case *runtime.LifecycleEvent:
		fmt.Printf("  %s.%s\n", e.Target, e.Hook)
	case *runtime.APIEvent:
		fmt.Printf("  wx.%s -> %v\n", e.Name, e.Result["errMsg"])
	case *runtime.ConsoleEvent:
		fmt.Printf("  console.%s: %v\n", e.Level, fmt.Sprint(e.Args...))
	case *runtime.ErrorEvent:
		fmt.Printf("  uncaught error: %s\n", e.Err.Message)
	}
}
