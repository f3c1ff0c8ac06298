package runtime_test

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestLaunchOrder(t *testing.T) {
	t.Parallel()
	_, rec := start(t, testdata("lifecycle"))
	want := []string{"app.onLaunch", "app.onShow", "home.onLoad", "home.onShow", "home.onReady"}
	if got := rec.hooks(0); !slices.Equal(got, want) {
		t.Errorf("hooks = %v, want %v", got, want)
	}
}

// TestRouteLifecycles checks the hooks of each page-stack operation against
// the base library's table: navigateTo hides the old page, redirectTo and
// navigateBack unload it, switchTab keeps tab pages alive.
func TestRouteLifecycles(t *testing.T) {
	t.Parallel()
	type step struct{ api, url string }
	tests := []struct {
		name  string
		setup []step
		do    step
		hooks []string
		stack []string
	}{
		{"navigateTo", nil, step{"navigateTo", "/pages/a/a"},
			[]string{"home.onHide", "a.onLoad", "a.onShow", "a.onReady"}, []string{"home", "a"}},
		{"navigateTo relative", []step{{"navigateTo", "/pages/a/a"}}, step{"navigateTo", "../b/b"},
			[]string{"a.onHide", "b.onLoad", "b.onShow", "b.onReady"}, []string{"home", "a", "b"}},
		{"redirectTo", []step{{"navigateTo", "/pages/a/a"}}, step{"redirectTo", "/pages/b/b"},
			[]string{"a.onUnload", "b.onLoad", "b.onShow", "b.onReady"}, []string{"home", "b"}},
		{"navigateBack", []step{{"navigateTo", "/pages/a/a"}, {"navigateTo", "/pages/b/b"}}, step{"navigateBack", "1"},
			[]string{"b.onUnload", "a.onShow"}, []string{"home", "a"}},
		{"navigateBack delta 2", []step{{"navigateTo", "/pages/a/a"}, {"navigateTo", "/pages/b/b"}}, step{"navigateBack", "2"},
			[]string{"b.onUnload", "a.onUnload", "home.onShow"}, []string{"home"}},
		{"navigateBack past the bottom", []step{{"navigateTo", "/pages/a/a"}}, step{"navigateBack", "9"},
			[]string{"a.onUnload", "home.onShow"}, []string{"home"}},
		{"switchTab first visit", nil, step{"switchTab", "/pages/cart/cart"},
			[]string{"home.onHide", "cart.onLoad", "cart.onShow", "cart.onReady"}, []string{"cart"}},
		{"switchTab again", []step{{"switchTab", "/pages/cart/cart"}}, step{"switchTab", "/pages/home/home"},
			[]string{"cart.onHide", "home.onShow"}, []string{"home"}},
		{"switchTab from a pushed page", []step{{"navigateTo", "/pages/a/a"}}, step{"switchTab", "/pages/home/home"},
			[]string{"a.onUnload", "home.onShow"}, []string{"home"}},
		{"switchTab unloads pushed pages", []step{{"navigateTo", "/pages/a/a"}, {"navigateTo", "/pages/b/b"}}, step{"switchTab", "/pages/cart/cart"},
			[]string{"b.onUnload", "a.onUnload", "cart.onLoad", "cart.onShow", "cart.onReady"}, []string{"cart"}},
		{"switchTab to itself", nil, step{"switchTab", "/pages/home/home"}, nil, []string{"home"}},
		{"reLaunch", []step{{"navigateTo", "/pages/a/a"}}, step{"reLaunch", "/pages/c/c?x=1"},
			[]string{"a.onUnload", "home.onUnload", "c.onLoad", "c.onShow", "c.onReady"}, []string{"c"}},
		{"reLaunch unloads kept tab pages", []step{{"switchTab", "/pages/cart/cart"}}, step{"reLaunch", "/pages/home/home"},
			[]string{"cart.onUnload", "home.onUnload", "home.onLoad", "home.onShow", "home.onReady"}, []string{"home"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, rec := start(t, testdata("lifecycle"))
			ctx := context.Background()
			run := func(s step) {
				t.Helper()
				var err error
				if s.api == "navigateBack" {
					err = r.NavigateBack(ctx, int(s.url[0]-'0'))
				} else {
					err = r.Navigate(ctx, s.api, s.url)
				}
				if err != nil {
					t.Fatalf("%s(%s): %v", s.api, s.url, err)
				}
			}
			for _, s := range tt.setup {
				run(s)
			}
			m := rec.mark()
			run(tt.do)
			if got := rec.hooks(m); !slices.Equal(got, tt.hooks) {
				t.Errorf("hooks = %v, want %v", got, tt.hooks)
			}
			if got := routes(t, r); !slices.Equal(got, tt.stack) {
				t.Errorf("stack = %v, want %v", got, tt.stack)
			}
		})
	}
}

func TestRouteRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   int // pages pushed first with navigateTo a/b alternately
		api     string
		url     string
		wantMsg string
	}{
		{"navigateTo tab page", 0, "navigateTo", "/pages/cart/cart", "navigateTo:fail can not navigateTo a tabbar page"},
		{"redirectTo tab page", 0, "redirectTo", "/pages/cart/cart", "redirectTo:fail can not redirectTo a tabbar page"},
		{"switchTab to non-tab page", 0, "switchTab", "/pages/a/a", "switchTab:fail can not switch to no-tabBar page"},
		{"unknown route", 0, "navigateTo", "/pages/nope/nope?x=1", `navigateTo:fail page "pages/nope/nope" is not found`},
		{"unknown route reLaunch", 0, "reLaunch", "/pages/nope/nope", `reLaunch:fail page "pages/nope/nope" is not found`},
		{"stack limit", 9, "navigateTo", "/pages/c/c", "navigateTo:fail webview count limit exceed"},
		{"back at first page", 0, "navigateBack", "", "navigateBack:fail cannot navigate back at first page."},
		{"missing url", 0, "navigateTo", "", "navigateTo:fail parameter error: parameter.url should be String instead of Undefined;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := start(t, testdata("lifecycle"))
			ctx := context.Background()
			for i := 0; i < tt.setup; i++ {
				url := "/pages/a/a"
				if i%2 == 1 {
					url = "/pages/b/b"
				}
				if err := r.Navigate(ctx, "navigateTo", url); err != nil {
					t.Fatalf("setup navigateTo #%d: %v", i, err)
				}
			}
			before := routes(t, r)
			arg := "{}"
			if tt.url != "" {
				arg = `{url: "` + tt.url + `"}`
			}
			eval(t, r, `globalThis.res = null; wx.`+tt.api+`(Object.assign(`+arg+`, {fail(e){ globalThis.res = e.errMsg }, success(e){ globalThis.res = "ok" }}))`)
			idle(t, r)
			if got := eval(t, r, "res"); got != tt.wantMsg {
				t.Errorf("errMsg = %v, want %q", got, tt.wantMsg)
			}
			if after := routes(t, r); !slices.Equal(before, after) {
				t.Errorf("stack changed on failure: %v -> %v", before, after)
			}
		})
	}
}

func TestHideShow(t *testing.T) {
	t.Parallel()
	r, rec := start(t, testdata("lifecycle"))
	ctx := context.Background()
	m := rec.mark()
	if err := r.Hide(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.Show(ctx, runtimeLaunch("pages/home/home", 1038)); err != nil {
		t.Fatal(err)
	}
	want := []string{"home.onHide", "app.onHide", "app.onShow", "home.onShow"}
	if got := rec.hooks(m); !slices.Equal(got, want) {
		t.Errorf("hooks = %v, want %v", got, want)
	}
	if got := eval(t, r, "wx.getEnterOptionsSync().scene"); got != float64(1038) {
		t.Errorf("enter scene = %v, want 1038", got)
	}
	if got := eval(t, r, "wx.getLaunchOptionsSync().scene"); got != float64(1001) {
		t.Errorf("launch scene = %v, want 1001", got)
	}
}

func TestCloseUnloadsAndCancels(t *testing.T) {
	t.Parallel()
	r, rec := start(t, testdata("lifecycle"))
	ctx := context.Background()
	if err := r.Navigate(ctx, "navigateTo", "/pages/a/a"); err != nil {
		t.Fatal(err)
	}
	m := rec.mark()
	r.Close()
	want := []string{"a.onUnload", "home.onUnload"}
	if got := rec.hooks(m); !slices.Equal(got, want) {
		t.Errorf("hooks = %v, want %v", got, want)
	}
	select {
	case <-r.Context().Done():
	default:
		t.Error("app context not cancelled by Close")
	}
	if _, err := r.Eval(ctx, "1"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Eval after Close: err = %v, want runtime closed", err)
	}
	r.Close() // idempotent
}
