package launcher_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"reflect"
	goruntime "runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/cache/pkgserver"
	"github.com/minihost/minihost/launcher"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/wxapi/wxnet/inprocess"
)

func TestCloseAndFinish(t *testing.T) {
	t.Parallel()
	var sawCancel atomic.Bool
	started := make(chan struct{}, 1)
	reg := &bridge.Registry{}
	_ = reg.HandleFunc("wait", func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		started <- struct{}{}
		<-ctx.Done()
		sawCancel.Store(true)
		return nil, ctx.Err()
	})
	w := newWorld(t, launcher.Config{Plugins: reg})
	a := w.start("wxalpha", nil)
	settle(t, a, 3*time.Second)
	if got := eval(t, a, `getApp().globalData.ticks`); got != float64(3) {
		t.Fatalf("ticks = %v", got)
	}
	m := w.mark()
	if err := w.l.Close("wxalpha"); err != nil {
		t.Fatal(err)
	}
	if a.State() != launcher.StateBackground || eval(t, a, `getApp().globalData.hides`) != float64(1) {
		t.Errorf("after Close: state %v, App.onHide calls %v", a.State(), eval(t, a, `getApp().globalData.hides`))
	}
	settle(t, a, time.Hour)
	if got := eval(t, a, `getApp().globalData.ticks`); got != float64(3) {
		t.Errorf("ticks in the background = %v, want 3 (timers paused)", got)
	}
	// Back to the foreground: timers resume.
	w.start("wxalpha", nil)
	settle(t, a, 2*time.Second)
	if got := eval(t, a, `getApp().globalData.ticks`); got != float64(5) {
		t.Errorf("ticks after coming back = %v, want 5", got)
	}
	// A handler in flight sees its context cancelled when the app finishes.
	if err := a.Runtime().Dispatch(context.Background(), "callPlugin", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := w.l.Finish("wxalpha"); err != nil {
		t.Fatal(err)
	}
	if a.State() != launcher.StateFinished || w.l.App("wxalpha") != nil {
		t.Errorf("after Finish: state %v", a.State())
	}
	deadline := time.Now().Add(5 * time.Second)
	for !sawCancel.Load() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !sawCancel.Load() {
		t.Error("handler context not cancelled by Finish")
	}
	want := []string{"background:wxalpha", "foreground:wxalpha", "finished:wxalpha"}
	if got := w.kinds(m); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
	if err := w.l.Finish("wxalpha"); err == nil {
		t.Error("Finish of a finished app succeeded")
	}
}

func TestBackgroundCapAndTimeout(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{MaxBackground: 1, BackgroundTimeout: 1500 * time.Millisecond})
	w.start("wxalpha", nil)
	w.start("wxbeta", nil) // alpha to the background
	m := w.mark()
	w.start("wxgamma", nil) // beta to the background: over the cap, alpha (least recent) finishes
	if got := w.kinds(m); !slices.Equal(got, []string{"background:wxbeta", "finished:wxalpha", "started:wxgamma", "foreground:wxgamma"}) {
		t.Errorf("events = %v", got)
	}
	if w.l.App("wxalpha") != nil || w.l.App("wxbeta") == nil {
		t.Errorf("running: %v", w.l.Running())
	}
	// beta idles in the background past the timeout and is finished.
	deadline := time.Now().Add(5 * time.Second)
	for w.l.App("wxbeta") != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if w.l.App("wxbeta") != nil {
		t.Error("background app not finished after BackgroundTimeout")
	}
	if fg := w.l.Foreground(); fg == nil || fg.AppID() != "wxgamma" {
		t.Errorf("foreground = %v", fg)
	}
}

// decliningUI refuses navigation between mini programs.
type decliningUI struct{ bridge.HeadlessUI }

func (*decliningUI) ConfirmNavigate(context.Context, openapi.AppInfo, string) (bool, error) {
	return false, nil
}

func TestNavigateBetweenMiniPrograms(t *testing.T) {
	t.Parallel()
	ui := &bridge.HeadlessUI{}
	w := newWorld(t, launcher.Config{UI: ui})
	ctx := context.Background()
	alpha := w.start("wxalpha", nil)
	result := func(a *launcher.App) any {
		settle(t, a, time.Second)
		return eval(t, a, `getCurrentPages()[0].data.result`)
	}

	// Not from a tap.
	eval(t, alpha, `getCurrentPages()[0].openBeta()`)
	if got := result(alpha); got != "navigateToMiniProgram:fail can only be invoked by user TAP gesture." {
		t.Errorf("without a tap: %v", got)
	}
	// Not in the allow-list.
	if err := alpha.Runtime().Dispatch(ctx, "openGamma", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	if got := result(alpha); got != `navigateToMiniProgram:fail appId "wxgamma" is not in navigateToMiniProgramAppIdList` {
		t.Errorf("not allowed: %v", got)
	}

	m := w.mark()
	if err := alpha.Runtime().Dispatch(ctx, "openBeta", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	if got := result(alpha); got != "navigateToMiniProgram:ok" {
		t.Fatalf("navigate: %v", got)
	}
	beta := w.l.App("wxbeta")
	if beta == nil || w.l.Foreground() != beta || alpha.State() != launcher.StateBackground {
		t.Fatalf("after navigate: beta %v, foreground %v, alpha %v", beta, w.l.Foreground(), alpha.State())
	}
	launch := eval(t, beta, `getApp().globalData.launch`)
	want := map[string]any{"path": "pages/index/index", "query": map[string]any{"from": "alpha"}, "scene": 1037.0,
		"referrerInfo": map[string]any{"appId": "wxalpha", "extraData": map[string]any{"coupon": "C1"}}}
	if !reflect.DeepEqual(launch, want) {
		t.Errorf("beta launch options = %v\nwant %v", launch, want)
	}
	if got := w.kinds(m); !slices.Equal(got, []string{"background:wxalpha", "started:wxbeta", "foreground:wxbeta"}) {
		t.Errorf("events = %v", got)
	}
	if recs := ui.Records(); len(recs) != 1 || recs[0].API != "confirmNavigate" || recs[0].Args["appId"] != "wxbeta" {
		t.Errorf("UI records = %v", recs)
	}

	// Back to alpha with extraData.
	if err := beta.Runtime().Dispatch(ctx, "back", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	if got := result(beta); got != "navigateBackMiniProgram:ok" {
		t.Fatalf("back: %v", got)
	}
	if w.l.Foreground() != alpha {
		t.Fatalf("foreground after back = %v", w.l.Foreground())
	}
	shows := eval(t, alpha, `getApp().globalData.shows`).([]any)
	last := shows[len(shows)-1].(map[string]any)
	if last["scene"] != 1038.0 || !reflect.DeepEqual(last["referrerInfo"], map[string]any{"appId": "wxbeta", "extraData": map[string]any{"coupon": "C9"}}) {
		t.Errorf("alpha onShow options = %v", last)
	}
	// beta was not opened by anyone now: back fails.
	w.start("wxbeta", nil)
	if err := beta.Runtime().Dispatch(ctx, "back", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	if got := result(beta); !strings.HasPrefix(got.(string), "navigateBackMiniProgram:fail") {
		t.Errorf("back without opener: %v", got)
	}

	// exitMiniProgram needs a tap, then closes to the background.
	w.start("wxalpha", nil)
	eval(t, alpha, `getCurrentPages()[0].exit()`)
	if got := result(alpha); got != "exitMiniProgram:fail can only be invoked by user TAP gesture." {
		t.Errorf("exit without tap: %v", got)
	}
	m = w.mark()
	if err := alpha.Runtime().Dispatch(ctx, "exit", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	settle(t, alpha, time.Second)
	if alpha.State() != launcher.StateBackground || !slices.Equal(w.kinds(m), []string{"exited:wxalpha", "background:wxalpha"}) {
		t.Errorf("after exit: %v %v", alpha.State(), w.kinds(m))
	}
}

func TestNavigateDeclined(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{UI: &decliningUI{}})
	alpha := w.start("wxalpha", nil)
	if err := alpha.Runtime().Dispatch(context.Background(), "openBeta", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	settle(t, alpha, time.Second)
	if got := eval(t, alpha, `getCurrentPages()[0].data.result`); got != "navigateToMiniProgram:fail cancel" {
		t.Errorf("declined: %v", got)
	}
	if w.l.App("wxbeta") != nil || w.l.Foreground() != alpha {
		t.Error("a declined navigation started the target")
	}
}

func TestRegisterAfterStart(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	h := bridge.HandlerFunc(func(context.Context, *bridge.Call) (map[string]any, error) { return nil, nil })
	if err := w.l.RegisterPlugin("early", h); err != nil {
		t.Fatal(err)
	}
	if err := w.l.RegisterAppPlugin("wxalpha", "wait", bridge.HandlerFunc(func(context.Context, *bridge.Call) (map[string]any, error) {
		return map[string]any{}, nil
	})); err != nil {
		t.Fatal(err)
	}
	a := w.start("wxalpha", nil)
	if err := w.l.RegisterPlugin("late", h); !errors.Is(err, launcher.ErrRegistrationClosed) {
		t.Errorf("registration after the first start: %v", err)
	}
	if err := w.l.RegisterAppPlugin("wxalpha", "late", h); !errors.Is(err, launcher.ErrRegistrationClosed) {
		t.Errorf("per-app registration after the app started: %v", err)
	}
	// The per-app "wait" answers at once.
	if err := a.Runtime().Dispatch(context.Background(), "callPlugin", runtime.UIEvent{}); err != nil {
		t.Fatal(err)
	}
	settle(t, a, time.Second)
	if got := eval(t, a, `getCurrentPages()[0].data.result`); got != "invokeNativePlugin:ok" {
		t.Errorf("per-app plugin: %v", got)
	}
}

func TestStartFinishLoopDoesNotLeak(t *testing.T) {
	w := newWorld(t, launcher.Config{})
	w.start("wxalpha", nil) // warm the cache and the compiled programs
	w.l.FinishAll()
	quiet := func() { // keep-alive connections to the package server are not leaks
		w.tr.CloseIdleConnections()
		time.Sleep(20 * time.Millisecond)
	}
	quiet()
	goruntime.GC()
	var before goruntime.MemStats
	goruntime.ReadMemStats(&before)
	g0 := goruntime.NumGoroutine()
	for i := 0; i < 100; i++ {
		a := w.start("wxalpha", nil)
		settle(t, a, 2*time.Second)
		if err := w.l.Finish("wxalpha"); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for goruntime.NumGoroutine() > g0 && time.Now().Before(deadline) {
		quiet()
	}
	if g := goruntime.NumGoroutine(); g > g0 {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before, %d after 100 starts\n%s", g0, g, buf[:goruntime.Stack(buf, true)])
	}
	goruntime.GC()
	var after goruntime.MemStats
	goruntime.ReadMemStats(&after)
	if grow := int64(after.HeapAlloc) - int64(before.HeapAlloc); grow > 8<<20 {
		t.Errorf("heap grew by %d bytes over 100 starts", grow)
	}
}

func TestStorageSurvivesRestartsAndCanBeCleared(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	a := w.start("wxalpha", nil)
	eval(t, a, `wx.setStorageSync('k', {n: 1})`)
	w.l.FinishAll()
	a = w.start("wxalpha", nil)
	if got := eval(t, a, `wx.getStorageSync('k').n`); got != 1.0 {
		t.Errorf("after a restart: %v", got)
	}
	if err := w.l.ClearStorage("wxalpha"); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, a, `wx.getStorageSync('k')`); got != "" {
		t.Errorf("after ClearStorage: %v", got)
	}
}

func TestStartOtherEnvVersionRestarts(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	if _, err := pkgserver.Pack(w.repo, os.DirFS("testdata/apps/alpha"), pkgserver.PackOptions{AppID: "wxalpha", Version: "2.0.0-beta", Env: "trial"}); err != nil {
		t.Fatal(err)
	}
	release := w.start("wxalpha", nil)
	trial := w.start("wxalpha", &launcher.StartOptions{EnvVersion: "trial"})
	if trial == release || trial.Info().EnvVersion != "trial" || trial.Info().Version != "2.0.0-beta" {
		t.Errorf("trial start = %+v", trial.Info())
	}
	if release.State() != launcher.StateFinished {
		t.Errorf("the release app is %v, want finished", release.State())
	}
	if again := w.start("wxalpha", &launcher.StartOptions{EnvVersion: "trial"}); again != trial {
		t.Error("starting the running trial again made a new app")
	}
}

func TestManifestDomains(t *testing.T) {
	t.Parallel()
	client := inprocess.Client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	w := newWorld(t, launcher.Config{RequestClient: client})
	if _, err := pkgserver.Pack(w.repo, os.DirFS("testdata/apps/netapp"), pkgserver.PackOptions{AppID: "wxnet", Version: "1.0.0", Domains: []string{"api.allowed.example"}}); err != nil {
		t.Fatal(err)
	}
	a := w.start("wxnet", nil)
	settle(t, a, time.Second)
	got := eval(t, a, `getApp().globalData.log.slice().sort().join(' | ')`)
	want := "https://api.allowed.example/ping 204 | https://evil.example/steal request:fail url not in domain list"
	if got != want {
		t.Errorf("log = %v\nwant  %v", got, want)
	}
}
