package runtime_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestViewComponentsAndEvents(t *testing.T) {
	t.Parallel()
	r, rec := start(t, testdata("view"))
	defer func() {
		for _, e := range rec.errors() {
			t.Logf("uncaught: %s", e.Message)
		}
	}()
	ctx := context.Background()
	log := func() []any {
		t.Helper()
		v := eval(t, r, `(() => { const l = getApp().globalData.log; getApp().globalData.log = []; return l })()`)
		out, _ := v.([]any)
		return out
	}
	want := []any{"badge.created", "badge.attached", "page.onLoad", "badge.ready", "page.onReady"}
	if got := log(); !reflect.DeepEqual(got, want) {
		t.Errorf("start-up = %v\nwant %v", got, want)
	}

	// A tap on the second item: capture on the list, the item's handler,
	// then bubbling to the list. The badge's observer runs inside the
	// page's setData, which updates the component's properties at once.
	if err := r.TapElement(ctx, ".item", 1); err != nil {
		t.Fatal(err)
	}
	idle(t, r)
	want = []any{"capture", "pick 2 mark=1", "observer count 1", "list target=2 current="}
	if got := log(); !reflect.DeepEqual(got, want) {
		t.Errorf("tap = %v\nwant %v", got, want)
	}
	total, err := r.Query(ctx, "#total")
	if err != nil || len(total) != 1 || total[0].Text != "Total: 10" || total[0].Hidden {
		t.Errorf("#total = %+v, %v", total, err)
	}
	badge, _ := r.Query(ctx, "#badge")
	if len(badge) != 1 || badge[0].Data["count"] != 1.0 || badge[0].Data["label"] != "n=1" {
		t.Errorf("badge = %+v", badge)
	}

	// A property observer gets the old value, from a parent's update or
	// the component's own setData.
	if got := eval(t, r, `(b => { b.setData({ count: 5 }); return b._old + ' ' + b.data.label })(getCurrentPages()[0].selectComponent('#badge'))`); got != "1 n=5" {
		t.Errorf("observer old value and label = %v", got)
	}
	log()
	eval(t, r, `getCurrentPages()[0].selectComponent('#badge').setData({ count: 1 })`)
	log()

	// A tap inside the component: it triggers a bubbling custom event that
	// the page hears on the component element.
	if err := r.TapElement(ctx, "#badge >>> .badge", 0); err != nil {
		t.Fatal(err)
	}
	if got := log(); !reflect.DeepEqual(got, []any{"badge 1 from badge"}) {
		t.Errorf("component event = %v", got)
	}

	// selectComponent returns what export() gives.
	if err := r.TapElement(ctx, "#buy", 0); err != nil {
		t.Fatal(err)
	}
	toast, _ := r.Query(ctx, "#toast >>> .toast")
	if len(toast) != 1 || toast[0].Text != "bought 1" {
		t.Errorf("toast = %+v", toast)
	}
	if got := eval(t, r, `getCurrentPages()[0].selectComponent('#toast').kind`); got != "toast" {
		t.Errorf("export() = %v", got)
	}

	// Typing fires input; the page's setData updates the bound value.
	if err := r.InputText(ctx, "#name", 0, "Ann"); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getCurrentPages()[0].data.name`); got != "Ann" {
		t.Errorf("name = %v", got)
	}
	// A form collects its named fields on submit.
	if err := r.InputText(ctx, "#email", 0, "a@b.c"); err != nil {
		t.Fatal(err)
	}
	if err := r.TapElement(ctx, "#send", 0); err != nil {
		t.Fatal(err)
	}
	if got := log(); !reflect.DeepEqual(got, []any{`submit {"email":"a@b.c"}`}) {
		t.Errorf("submit = %v", got)
	}

	// The selector query answers from the tree.
	eval(t, r, `getCurrentPages()[0].query()`)
	idle(t, r)
	q := eval(t, r, `getApp().globalData.query`).([]any)
	items := q[0].([]any)
	if len(items) != 3 || items[2].(map[string]any)["text"] != "Beans" || items[0].(map[string]any)["dataset"].(map[string]any)["id"] != 1.0 {
		t.Errorf("selectAll = %v", q[0])
	}
	if rect := q[1].(map[string]any); rect["width"] != 0.0 || rect["id"] != "total" {
		t.Errorf("boundingClientRect = %v", rect)
	}

	snap, err := r.Snapshot(ctx)
	if err != nil || !strings.Contains(snap, `"Total: 10"`) || !strings.Contains(snap, "cart-badge") {
		t.Errorf("snapshot:\n%s", snap)
	}
	if err := r.TapElement(ctx, ".nothing", 0); err == nil {
		t.Error("a tap on nothing succeeded")
	}

	// Leaving the page detaches its components.
	if err := r.Navigate(ctx, "reLaunch", "/pages/shop/shop"); err != nil {
		t.Fatal(err)
	}
	if got := log(); len(got) == 0 || got[0] != "badge.detached" {
		t.Errorf("reLaunch = %v", got)
	}
}

func TestViewRelations(t *testing.T) {
	t.Parallel()
	r, rec := start(t, testdata("relations"))
	if errs := rec.errors(); len(errs) > 0 {
		t.Fatalf("errors: %v", errs[0].Message)
	}
	if got := eval(t, r, `getCurrentPages()[0].count()`); got != 3.0 {
		t.Errorf("relation nodes = %v, want 3", got)
	}
	want := []any{"ul linked a", "li linked a", "ul linked b", "li linked b", "ul linked c", "li linked c"}
	if got := eval(t, r, `getApp().globalData.log`); !reflect.DeepEqual(got, want) {
		t.Errorf("links = %v\nwant %v", got, want)
	}
	eval(t, r, `getApp().globalData.log = []; getCurrentPages()[0].drop()`)
	if got := eval(t, r, `getApp().globalData.log`); !reflect.DeepEqual(got, []any{"ul unlinked b"}) {
		t.Errorf("after removing b: %v", got)
	}
	if got := eval(t, r, `getCurrentPages()[0].count()`); got != 2.0 {
		t.Errorf("relation nodes = %v, want 2", got)
	}
}

func TestViewComponentOptions(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("view"))
	ctx := context.Background()
	nodes, err := r.Query(ctx, "#tags >>> .tag")
	if err != nil || len(nodes) != 1 {
		t.Fatalf("tag nodes = %+v, %v", nodes, err)
	}
	n := nodes[0]
	if !reflect.DeepEqual(n.Class, []string{"tag", "red", "big"}) {
		t.Errorf("external classes: class = %v, want [tag red big]", n.Class)
	}
	if n.Text != "x" {
		t.Errorf("text = %q, want the pure-data field left out", n.Text)
	}
	snap, _ := r.Snapshot(ctx)
	if strings.Contains(snap, "<tag") {
		t.Errorf("a virtualHost component left an element of its own:\n%s", snap)
	}
	eval(t, r, `getApp().globalData.log = []`)
	if err := r.Resize(ctx, 414, 896); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getApp().globalData.log.join(', ')`); got != "page resize 414, tag resize 414" {
		t.Errorf("resize = %v", got)
	}
}

// setData calls made by attached lifetimes during the first render reach
// the view.
func TestViewSetDataDuringFirstRender(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("view"))
	ctx := context.Background()
	k, _ := r.Query(ctx, "#early >>> .k")
	note, _ := r.Query(ctx, "#earlyNote")
	if len(k) != 1 || k[0].Text != "attached" || len(note) != 1 || note[0].Text != "from attached" {
		t.Errorf("early = %+v, note = %+v", k, note)
	}
}

// A bubbling, non-composed event from a component passed through another
// component's slot reaches the page's listeners around it, as in WeChat's
// own example.
func TestViewEventFromSlottedComponent(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("view"))
	eval(t, r, `getApp().globalData.log = []`)
	if err := r.TapElement(context.Background(), "#slotted >>> .btn", 0); err != nil {
		t.Fatal(err)
	}
	got := eval(t, r, `getApp().globalData.log`)
	if !reflect.DeepEqual(got, []any{"hello 1 target=slotted current=outer"}) {
		t.Errorf("log = %v", got)
	}
}

// A tap inside a virtualHost component reaches the bindings of its element.
func TestViewVirtualHostBindings(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("view"))
	eval(t, r, `getApp().globalData.log = []`)
	if err := r.TapElement(context.Background(), "#tags >>> .tag", 0); err != nil {
		t.Fatal(err)
	}
	got := eval(t, r, `getApp().globalData.log`)
	if !reflect.DeepEqual(got, []any{"tag tapped, current=vtag"}) {
		t.Errorf("log = %v", got)
	}
}
