package view

import (
	"fmt"
	"testing"
	"testing/fstest"
)

func benchTemplate(b *testing.B) *Template {
	b.Helper()
	tpl, err := NewTemplates(fstest.MapFS{"p.wxml": {Data: []byte(listPage)}}).Load("p")
	if err != nil {
		b.Fatal(err)
	}
	return tpl
}

// BenchmarkRender1000 renders a page with a 1,000-item wx:for list.
func BenchmarkRender1000(b *testing.B) {
	tpl := benchTemplate(b)
	data := map[string]any{"title": "Shop", "list": makeList(1000), "selected": -1.0}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(tpl, data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateOneOf1000 changes one item of the 1,000-item list
// (setData({"list[i].name": ...})).
func BenchmarkUpdateOneOf1000(b *testing.B) {
	tpl := benchTemplate(b)
	list := makeList(1000)
	data := map[string]any{"title": "Shop", "list": list, "selected": -1.0}
	tr, err := Render(tpl, data, nil)
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("list[%d].name", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = (i + 1) % 1000
		list[i].(map[string]any)["name"] = "n"
		if err := tr.Update(data, keys[i:i+1]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplaceList1000 replaces the whole list with an equal copy
// (setData({list: sameItems})): keyed reconciliation, nothing re-rendered.
func BenchmarkReplaceList1000(b *testing.B) {
	tpl := benchTemplate(b)
	data := map[string]any{"title": "Shop", "list": makeList(1000), "selected": -1.0}
	tr, err := Render(tpl, data, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		data["list"] = makeList(1000)
		if err := tr.Update(data, []string{"list"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseWXML(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseWXML("p.wxml", listPage); err != nil {
			b.Fatal(err)
		}
	}
}
