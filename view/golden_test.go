package view

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// shopHost serves the components of testdata/shop.
type shopHost struct {
	tpls    *Templates
	comps   []*shopComp
	visible bool
}

type shopComp struct {
	tpl  *Template
	data map[string]any
}

func (c *shopComp) Template() *Template  { return c.tpl }
func (c *shopComp) Data() map[string]any { return c.data }
func (c *shopComp) Detach()              {}
func (c *shopComp) SetProperties(a map[string]any) {
	if v, ok := a["count"]; ok {
		c.data["count"] = v
	}
}

func (h *shopHost) ResolveComponent(owner, tag string) (string, bool) {
	switch tag {
	case "cart-badge":
		return "components/badge/badge", true
	case "toast":
		return "components/toast/toast", true
	}
	return "", false
}

func (h *shopHost) CreateComponent(path string, n *Node, attrs map[string]any) (Component, error) {
	tpl, err := h.tpls.Load(path)
	if err != nil {
		return nil, err
	}
	c := &shopComp{tpl: tpl, data: map[string]any{"count": attrs["count"], "visible": h.visible}}
	h.comps = append(h.comps, c)
	return c, nil
}

func shopData() map[string]any {
	return map[string]any{
		"theme":   "light",
		"shop":    map[string]any{"name": "Tea House", "currency": "CNY"},
		"cart":    map[string]any{"count": 2.0, "total": 2598.0},
		"message": "Added to cart",
		"products": []any{
			map[string]any{"id": "p1", "name": "Green tea", "price": 1299.0, "stock": 3.0, "image": "/img/green.png"},
			map[string]any{"id": "p2", "name": "Oolong", "price": 2599.0, "stock": 0.0},
		},
	}
}

func TestGoldenShop(t *testing.T) {
	t.Parallel()
	tpls := NewTemplates(os.DirFS("testdata/shop"))
	tpl, err := tpls.Load("/pages/index/index")
	if err != nil {
		t.Fatal(err)
	}
	host := &shopHost{tpls: tpls, visible: true}
	data := shopData()
	tr, err := Render(tpl, data, host)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "shop/index.snapshot", tr.Snapshot())

	// Selectors the way tests use them.
	if got := mustSelect(t, tr, "#total")[0].TextContent(); got != "Total: ¥25.98" {
		t.Errorf("#total = %q", got)
	}
	buys := mustSelect(t, tr, ".item .buy")
	if len(buys) != 2 || buys[1].Attrs["disabled"] != true || buys[1].Dataset["id"] != "p2" {
		t.Errorf(".item .buy = %s", describe(buys))
	}
	if got := describe(mustSelect(t, tr, ".list > .sold-out, #badge")); got != "cart-badge#badge view.item.sold-out" {
		t.Errorf("selector list = %q", got)
	}
	if got := mustSelect(t, tr, "#toast .msg")[0].TextContent(); got != "Added to cart" {
		t.Errorf("slotted toast message = %q", got)
	}

	// setData after a purchase.
	setData(t, tr, data, map[string]any{"cart.count": 3.0, "cart.total": 3897.0, "products[0].stock": 2.0, "products[1].stock": 5.0})
	checkGolden(t, "shop/index-after.snapshot", tr.Snapshot())
	if host.comps[0].data["count"] != 3.0 {
		t.Errorf("badge count property = %v", host.comps[0].data["count"])
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, strings.TrimSpace(string(want)))
	}
}
