package launcher_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/minihost/minihost/launcher"
)

func TestStartCodes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		start func() *launcher.StartResult
		code  int
	}{
		{"ok", func() *launcher.StartResult { return w.l.Start(context.Background(), "wxalpha", nil) }, launcher.CodeOK},
		{"not on the server", func() *launcher.StartResult { return w.l.Start(context.Background(), "wxnobody", nil) }, launcher.CodeAppNotFound},
		{"trial env not published", func() *launcher.StartResult {
			return w.l.Start(context.Background(), "wxbeta", &launcher.StartOptions{EnvVersion: "trial"})
		}, launcher.CodeAppNotFound},
		{"invalid bundle", func() *launcher.StartResult { return w.l.Start(context.Background(), "wxbadjson", nil) }, launcher.CodeInvalidBundle},
		{"script error", func() *launcher.StartResult { return w.l.Start(context.Background(), "wxbroken", nil) }, launcher.CodeScriptError},
		{"entry page not found", func() *launcher.StartResult {
			return w.l.Start(context.Background(), "wxbeta", &launcher.StartOptions{Path: "pages/nope/nope"})
		}, launcher.CodeEntryNotFound},
		{"bad link", func() *launcher.StartResult { return w.l.StartLink(context.Background(), "http://x/y", nil) }, launcher.CodeBadLink},
		{"bad QR code", func() *launcher.StartResult { return w.l.StartQRCode(context.Background(), "hello", nil) }, launcher.CodeBadLink},
		{"cancelled", func() *launcher.StartResult { return w.l.Start(cancelled, "wxbeta", nil) }, launcher.CodeCanceled},
		{"scan dismissed", func() *launcher.StartResult {
			return w.l.StartScan(context.Background(), launcher.ScannerFunc(func(context.Context) (string, error) {
				return "", launcher.ErrScanCanceled
			}), nil)
		}, launcher.CodeCanceled},
	}
	for _, tt := range tests {
		res := tt.start()
		if res.Code != tt.code {
			t.Errorf("%s: code %d (%s), want %d", tt.name, res.Code, res.Info, tt.code)
		}
		if res.Code != launcher.CodeOK && (res.Err == nil || res.Info == "" || res.App != nil) {
			t.Errorf("%s: failure result %+v lacks Err/Info or has an App", tt.name, res)
		}
	}
	w.l.FinishAll()

	// The network is gone: a cached app still opens, an uncached one fails.
	w.srv.Close()
	if res := w.l.Start(context.Background(), "wxalpha", nil); res.Code != launcher.CodeOK || res.Source != "cache" {
		t.Errorf("cached start with the server down: %d %s source %q", res.Code, res.Info, res.Source)
	}
	if res := w.l.Start(context.Background(), "wxgamma", nil); res.Code != launcher.CodeNetwork {
		t.Errorf("uncached start with the server down: %d %s, want %d", res.Code, res.Info, launcher.CodeNetwork)
	}
	w.l.Shutdown()
	if res := w.l.Start(context.Background(), "wxalpha", nil); res.Code != launcher.CodeClosed {
		t.Errorf("start after Shutdown: %d, want %d", res.Code, launcher.CodeClosed)
	}
}

func TestStartIntegrityFailure(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	// Corrupt the published zip: its hash no longer matches the manifest.
	zip := filepath.Join(w.repo, "wxbeta", "release", "1.0.0.zip")
	data, err := os.ReadFile(zip)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(zip, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res := w.l.Start(context.Background(), "wxbeta", nil)
	if res.Code != launcher.CodeIntegrity {
		t.Errorf("code %d (%s), want %d", res.Code, res.Info, launcher.CodeIntegrity)
	}
}

func TestStartForms(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{})
	ctx := context.Background()
	tests := []struct {
		name      string
		start     func() *launcher.StartResult
		wantPath  string
		wantQuery map[string]any
		wantScene float64
	}{
		{"id with path and params", func() *launcher.StartResult {
			return w.l.Start(ctx, "wxalpha", &launcher.StartOptions{Path: "pages/other/other?a=1", Params: "b=2"})
		}, "pages/other/other", map[string]any{"a": "1", "b": "2"}, 1001},
		{"link", func() *launcher.StartResult {
			return w.l.StartLink(ctx, "minihost://app/wxalpha/pages/other/other?x=%20y", nil)
		}, "pages/other/other", map[string]any{"x": "%20y"}, 1001},
		{"QR code", func() *launcher.StartResult {
			return w.l.StartQRCode(ctx, "https://example.com/minihost/app/wxalpha?", nil)
		}, "pages/index/index", map[string]any{}, 1011},
		{"scan", func() *launcher.StartResult {
			return w.l.StartScan(ctx, launcher.ScannerFunc(func(context.Context) (string, error) {
				return "minihost://app/wxalpha/pages/index/index?s=1", nil
			}), nil)
		}, "pages/index/index", map[string]any{"s": "1"}, 1011},
	}
	for _, tt := range tests {
		res := tt.start()
		if res.Code != launcher.CodeOK {
			t.Fatalf("%s: %d %s", tt.name, res.Code, res.Info)
		}
		launch := eval(t, res.App, `getApp().globalData.launch`).(map[string]any)
		if launch["path"] != tt.wantPath || launch["scene"] != tt.wantScene || !equalJSON(launch["query"], tt.wantQuery) {
			t.Errorf("%s: launch options %v", tt.name, launch)
		}
		if err := w.l.Finish("wxalpha"); err != nil {
			t.Fatal(err)
		}
	}
	cached, err := w.l.Cached()
	if err != nil || len(cached) == 0 {
		t.Fatalf("Cached = %v, %v", cached, err)
	}
	res := w.l.StartInfo(ctx, cached[0], nil)
	if res.Code != launcher.CodeOK || res.Source != "cache" {
		t.Errorf("StartInfo: %d %s source %s", res.Code, res.Info, res.Source)
	}
}

func TestRelaunchModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode      launcher.RelaunchMode
		path      string
		wantStack []string
	}{
		{launcher.ParamsExist, "", []string{"pages/index/index", "pages/other/other"}},
		{launcher.ParamsExist, "pages/index/index?z=1", []string{"pages/index/index"}},
		{launcher.OnlyParamsDiff, "pages/other/other?first=1", []string{"pages/index/index", "pages/other/other"}},
		{launcher.OnlyParamsDiff, "pages/index/index?z=2", []string{"pages/index/index"}},
		{launcher.Always, "", []string{"pages/index/index"}},
		{launcher.Never, "pages/index/index?z=3", []string{"pages/index/index", "pages/other/other"}},
	}
	for _, tt := range tests {
		w := newWorld(t, launcher.Config{})
		a := w.start("wxalpha", &launcher.StartOptions{Path: "pages/other/other?first=1"})
		// Push a page on top of the entry page, then send the app away.
		if err := a.Runtime().Navigate(context.Background(), "reLaunch", "/pages/index/index"); err != nil {
			t.Fatal(err)
		}
		if err := a.Runtime().Navigate(context.Background(), "navigateTo", "/pages/other/other"); err != nil {
			t.Fatal(err)
		}
		if err := w.l.Close("wxalpha"); err != nil {
			t.Fatal(err)
		}
		res := w.l.Start(context.Background(), "wxalpha", &launcher.StartOptions{Path: tt.path, Relaunch: tt.mode})
		if res.Code != launcher.CodeOK || res.Source != "running" || res.App != a {
			t.Fatalf("mode %d: %+v", tt.mode, res)
		}
		pages, _ := a.Runtime().Pages(context.Background())
		var stack []string
		for _, p := range pages {
			stack = append(stack, p.Route)
		}
		if !slices.Equal(stack, tt.wantStack) {
			t.Errorf("mode %d path %q: stack %v, want %v", tt.mode, tt.path, stack, tt.wantStack)
		}
		if a.State() != launcher.StateForeground {
			t.Errorf("mode %d: state %v", tt.mode, a.State())
		}
		if shows := eval(t, a, `getApp().globalData.shows.length`); shows != float64(2) {
			t.Errorf("mode %d: App.onShow called %v times, want 2", tt.mode, shows)
		}
	}
}

func TestLinks(t *testing.T) {
	t.Parallel()
	good := []struct {
		in   string
		want launcher.Link
	}{
		{"minihost://app/wx1", launcher.Link{AppID: "wx1"}},
		{"minihost://app/wx1@trial", launcher.Link{AppID: "wx1", EnvVersion: "trial"}},
		{"minihost://app/wx1@release/pages/a/a", launcher.Link{AppID: "wx1", Path: "pages/a/a"}},
		{"minihost://app/wx1/pages/a/a?x=1&y=%2F", launcher.Link{AppID: "wx1", Path: "pages/a/a?x=1&y=%2F"}},
		{"https://h.example/minihost/app/wx1@develop/p/q?k=v", launcher.Link{AppID: "wx1", EnvVersion: "develop", Path: "p/q?k=v"}},
	}
	for _, tt := range good {
		got, err := launcher.ParseLink(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseLink(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if again, err := launcher.ParseLink(got.String()); err != nil || again != got {
			t.Errorf("round trip of %q: %+v, %v", got.String(), again, err)
		}
	}
	for _, bad := range []string{"", "wx1", "minihost://app/", "minihost://app/wx 1", "minihost://app/wx1@beta",
		"minihost://app/wx1/../x", "minihost://app/wx1?x=1", "http://h/minihost/app/wx1", "https://h/other/wx1", "minihost://app/wx1/a#b"} {
		if _, err := launcher.ParseLink(bad); !errors.Is(err, launcher.ErrBadLink) {
			t.Errorf("ParseLink(%q) err = %v, want ErrBadLink", bad, err)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	for _, s := range []string{"minihost://app/wx1", "minihost://app/wx1@trial/pages/a/a?x=1", "https://h/minihost/app/a/b?c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := launcher.ParseLink(s)
		if err != nil {
			return
		}
		again, err := launcher.ParseLink(l.String())
		if err != nil || again != l {
			t.Fatalf("%q parsed to %+v, whose String %q parses to %+v, %v", s, l, l.String(), again, err)
		}
	})
}

func equalJSON(a, b any) bool {
	am, ok1 := a.(map[string]any)
	bm, ok2 := b.(map[string]any)
	if !ok1 || !ok2 || len(am) != len(bm) {
		return false
	}
	for k, v := range am {
		if bm[k] != v {
			return false
		}
	}
	return true
}
