package runtime_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/runtime"
)

func TestComponentPageAndBehaviors(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("component"))
	ctx := context.Background()
	if err := r.Navigate(ctx, "navigateTo", "/pages/detail/detail?id=42&count=7&on=true"); err != nil {
		t.Fatal(err)
	}
	wantLog := []any{
		"inner.created", "outer.created", "component.created",
		"inner.attached", "component.attached id=42",
		"onLoad id=42 count=7 on=true",
		"onShow", "outer.pageShow", "component.pageShow",
		"outer.ready", "component.ready", "onReady",
	}
	if got := eval(t, r, `getApp().globalData.log`); !reflect.DeepEqual(got, wantLog) {
		t.Errorf("order =\n%v\nwant\n%v", got, wantLog)
	}
	tests := []struct{ expr, want string }{
		{`p.hello()`, "component hello"}, // the component's own method wins
		{`p.onlyInner()`, "only inner"},  // behavior methods are mixed in
		{`p.data.who`, "outer"},          // later behaviors win over earlier ones
		{`JSON.stringify(p.data.shared)`, `{"from":"component","inner":true,"outer":true}`}, // object data merges deeply
		{`typeof p.data.count + p.data.count`, "number7"},
		{`String(p.data.size)`, "3"}, // property default from a behavior
		{`String(p.properties === p.data)`, "true"},
		{`p.route + ' ' + p.is`, "pages/detail/detail pages/detail/detail"},
	}
	for _, tt := range tests {
		if got := eval(t, r, `(p => `+tt.expr+`)(getCurrentPages()[1])`); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.expr, got, tt.want)
		}
	}
	eval(t, r, `getApp().globalData.log = []`)
	if err := r.NavigateBack(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getApp().globalData.log`); !reflect.DeepEqual(got, []any{"onUnload", "component.detached"}) {
		t.Errorf("unload order = %v", got)
	}
}

func TestDispatchAndEventChannel(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("component"))
	ctx := context.Background()
	if err := r.Dispatch(ctx, "openDetail", runtime.UIEvent{Dataset: map[string]any{"id": "9"}}); err != nil {
		t.Fatal(err)
	}
	// The detail page listens on its opener channel and answers.
	eval(t, r, `(p => { p.getOpenerEventChannel().on('hello', v => getApp().globalData.log.push('detail got ' + v)); })(getCurrentPages()[1])`)
	idle(t, r)
	eval(t, r, `getCurrentPages()[1].getOpenerEventChannel().emit('picked', 'red')`)
	log := eval(t, r, `getApp().globalData.log`).([]any)
	if !slices.Contains(log, any("navigateTo ok, gesture=tap")) || !slices.Contains(log, any("picked red")) {
		t.Errorf("log = %v", log)
	}
	if got := routes(t, r); !slices.Equal(got, []string{"list", "detail"}) {
		t.Errorf("stack = %v", got)
	}
	err := r.Dispatch(ctx, "nope", runtime.UIEvent{})
	if err == nil || !strings.Contains(err.Error(), `no method "nope"`) {
		t.Errorf("Dispatch(nope) = %v", err)
	}
}

// gestureProbe exposes Env.UserGesture to JavaScript.
var gestureProbe = runtime.ExtensionFunc(func(env *runtime.Env) error {
	return env.WX().Set("probeGesture", func() bool { return env.UserGesture() })
})

func TestDispatchMarksGesture(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/a/a"]}`)},
		"app.js":   {Data: []byte(`App({ globalData: {} })`)},
		"pages/a/a.js": {Data: []byte(`Page({
			onLoad() { getApp().globalData.inLoad = wx.probeGesture() },
			async tap(e) {
				const g = getApp().globalData
				g.inTap = wx.probeGesture()
				g.dataset = e.currentTarget.dataset
				g.detail = e.detail
				await null
				g.afterAwait = wx.probeGesture()
			},
		})`)},
	}
	r, _ := start(t, fsys, withExtension(gestureProbe))
	err := r.Dispatch(context.Background(), "tap", runtime.UIEvent{ID: "buy", Dataset: map[string]any{"sku": "s1"}, Detail: map[string]any{"x": 1.0}})
	if err != nil {
		t.Fatal(err)
	}
	got := eval(t, r, `getApp().globalData`)
	want := map[string]any{"inLoad": false, "inTap": true, "afterAwait": false, "dataset": map[string]any{"sku": "s1"}, "detail": map[string]any{"x": 1.0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("globalData = %v, want %v", got, want)
	}
}
