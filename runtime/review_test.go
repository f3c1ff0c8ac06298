package runtime_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime"
)

// A blocking method called from OnEvent fails fast instead of deadlocking;
// Close works from there.
func TestMethodsCalledOnTheLoop(t *testing.T) {
	t.Parallel()
	b, err := bundle.Load(appWith(`App({})`, map[string]string{"pages/a/a": `Page({ onLoad() { console.log('x') } })`}))
	if err != nil {
		t.Fatal(err)
	}
	var r *runtime.Runtime
	var evalErr error
	r, err = runtime.New(b, &runtime.Options{
		Clock:      runtime.NewVirtualClock(time.Time{}),
		Extensions: []runtime.Extension{bridge.New(bridge.Config{})},
		Logger:     slog.New(slog.DiscardHandler),
		OnEvent: func(ev runtime.Event) {
			if _, ok := ev.(*runtime.ConsoleEvent); ok {
				_, evalErr = r.Eval(context.Background(), "1")
				r.Close()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Launch(context.Background(), runtime.LaunchOptions{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Launch hung: Close from OnEvent deadlocked")
	}
	if !errors.Is(evalErr, runtime.ErrOnLoop) {
		t.Errorf("Eval from OnEvent: %v, want ErrOnLoop", evalErr)
	}
	if _, err := r.Eval(context.Background(), "1"); !errors.Is(err, runtime.ErrClosed) {
		t.Errorf("after Close from OnEvent: %v", err)
	}
}

// A callback that is interrupted, then goes on running (an outer loop), is
// interrupted again: the budget holds for the whole job.
func TestWatchdogInterruptsAgain(t *testing.T) {
	t.Parallel()
	r, rec := start(t, appWith(`App({ onError() { for (;;) {} } })`, map[string]string{"pages/a/a": `Page({ spin() { setTimeout(() => { for (;;) {} }, 0) } })`}),
		withTimeout(300*time.Millisecond))
	eval(t, r, `getCurrentPages()[0].spin()`)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.RunUntilIdle(ctx, time.Minute); err != nil {
		t.Fatalf("the runaway onError was not interrupted: %v", err)
	}
	if n := len(rec.errors()); n < 2 {
		t.Errorf("errors = %d, want the callback's and onError's", n)
	}
}

func TestTimerSetWhileHidden(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({ globalData: {} })`, map[string]string{"pages/a/a": `Page({})`}))
	ctx := context.Background()
	if err := r.Hide(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.Advance(ctx, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eval(t, r, `setTimeout(() => { getApp().globalData.fired = true }, 1000)`)
	if err := r.Show(ctx, runtime.LaunchOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Advance(ctx, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getApp().globalData.fired`); got != true {
		t.Error("a 1 s timer set while hidden did not fire 1.5 s after Show")
	}
}

func TestSetDataAfterUnloadIsIgnored(t *testing.T) {
	t.Parallel()
	r, rec := start(t, appWith(`App({})`, map[string]string{
		"pages/a/a": `Page({})`,
		"pages/b/b": `Page({ onLoad() { setTimeout(() => this.setData({ late: 1 }), 1000) } })`,
	}))
	ctx := context.Background()
	if err := r.Navigate(ctx, "navigateTo", "/pages/b/b"); err != nil {
		t.Fatal(err)
	}
	if err := r.NavigateBack(ctx, 1); err != nil {
		t.Fatal(err)
	}
	idle(t, r)
	if errs := rec.errors(); len(errs) != 0 {
		t.Errorf("setData after unload: %v", errs[0].Message)
	}
	if c := strings.Join(rec.console(), "\n"); !strings.Contains(c, "no longer shown") {
		t.Errorf("no warning: %q", c)
	}
}

func TestRedirectToFailingPageKeepsTheStack(t *testing.T) {
	t.Parallel()
	r, _ := start(t, appWith(`App({})`, map[string]string{"pages/a/a": `Page({})`, "pages/bad/bad": `throw new Error('bad module')`}))
	for _, api := range []string{"redirectTo", "reLaunch"} {
		if err := r.Navigate(context.Background(), api, "/pages/bad/bad"); err == nil {
			t.Errorf("%s to a failing page succeeded", api)
		}
		if got := routes(t, r); len(got) != 1 || got[0] != "a" {
			t.Errorf("%s: stack = %v, want [a]", api, got)
		}
	}
}
