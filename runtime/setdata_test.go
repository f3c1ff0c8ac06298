package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/runtime"
)

// onePage is a bundle with one page whose module is src.
func onePage(src string) fstest.MapFS {
	return fstest.MapFS{
		"app.json":     {Data: []byte(`{"pages":["pages/p/p","pages/q/q"]}`)},
		"app.js":       {Data: []byte(`App({ globalData: {} })`)},
		"pages/p/p.js": {Data: []byte(src)},
		"pages/q/q.js": {Data: []byte(`Page({ onLoad(q) { getApp().globalData.q = q } })`)},
	}
}

func pageData(t *testing.T, r *runtime.Runtime) map[string]any {
	t.Helper()
	pages, err := r.Pages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pages[len(pages)-1].Data
}

func TestSetDataPaths(t *testing.T) {
	t.Parallel()
	const initial = `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":5}`
	tests := []struct {
		name  string
		patch string
		want  string
	}{
		{"plain key", `{title: "new"}`, `{"title":"new","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":5}`},
		{"dotted", `{"obj.y": 2}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1,"y":2},"n":5}`},
		{"index then key", `{"list[1].name": "B"}`, `{"title":"t","list":[{"name":"a"},{"name":"B"}],"obj":{"x":1},"n":5}`},
		{"index whole", `{"list[0]": {name: "A", extra: true}}`, `{"title":"t","list":[{"name":"A","extra":true},{"name":"b"}],"obj":{"x":1},"n":5}`},
		{"extend array", `{"list[3]": "d"}`, `{"title":"t","list":[{"name":"a"},{"name":"b"},null,"d"],"obj":{"x":1},"n":5}`},
		{"quoted key", `{"obj['b-c']": 3}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1,"b-c":3},"n":5}`},
		{"create nested", `{"a.b.c": 1, "m[1][0]": "z"}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":5,"a":{"b":{"c":1}},"m":[null,["z"]]}`},
		{"replace scalar with object", `{"n.k": 1}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":{"k":1}}`},
		{"functions dropped", `{"obj": {f() {}, k: 1, u: undefined}, "g": function () {}}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"k":1},"n":5}`},
		{"date as JSON", `{"d": new Date(0)}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":5,"d":"1970-01-01T00:00:00.000Z"}`},
		{"NaN becomes null", `{"n": NaN}`, `{"title":"t","list":[{"name":"a"},{"name":"b"}],"obj":{"x":1},"n":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := start(t, onePage(`Page({ data: `+initial+`, apply(p) { this.setData(p); return JSON.stringify(this.data) } })`))
			js := eval(t, r, `getCurrentPages()[0].apply(`+tt.patch+`)`).(string)
			var want, gotJS any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(js), &gotJS); err != nil {
				t.Fatal(err)
			}
			if got := pageData(t, r); !reflect.DeepEqual(any(got), want) {
				t.Errorf("Go data = %v\nwant      %v", got, want)
			}
			if !reflect.DeepEqual(gotJS, want) {
				t.Errorf("this.data = %s\nwant        %s", js, tt.want)
			}
		})
	}
}

func TestSetDataCopiesValues(t *testing.T) {
	t.Parallel()
	r, _ := start(t, onePage(`Page({ data: {}, run() {
		const item = { n: 1 }
		this.setData({ item })
		item.n = 2 // mutating the argument afterwards must not change the page
		return this.data.item.n
	} })`))
	if got := eval(t, r, `getCurrentPages()[0].run()`); got != float64(1) {
		t.Errorf("this.data.item.n = %v, want 1", got)
	}
	if got := pageData(t, r)["item"]; !reflect.DeepEqual(got, map[string]any{"n": float64(1)}) {
		t.Errorf("data.item = %v", got)
	}
}

func TestSetDataInstancesDoNotShareData(t *testing.T) {
	t.Parallel()
	r, _ := start(t, fstest.MapFS{
		"app.json":     {Data: []byte(`{"pages":["pages/p/p"]}`)},
		"app.js":       {Data: []byte(`App({})`)},
		"pages/p/p.js": {Data: []byte(`Page({ data: { list: [] }, onLoad() { this.data.list.push(getCurrentPages().length) } })`)},
	})
	ctx := context.Background()
	if err := r.Navigate(ctx, "navigateTo", "/pages/p/p"); err != nil {
		t.Fatal(err)
	}
	if got := eval(t, r, `getCurrentPages().map(p => p.data.list.length).join()`); got != "1,1" {
		t.Errorf("list lengths = %v, want 1,1 (each instance its own copy)", got)
	}
}

func TestSetDataCallbackAfterUpdate(t *testing.T) {
	t.Parallel()
	r, _ := start(t, onePage(`Page({ data: { a: 0 }, run() {
		const log = []
		this.setData({ a: 1 }, () => { log.push('cb:' + this.data.a); getApp().globalData.log = log })
		log.push('sync:' + this.data.a)
	} })`))
	eval(t, r, `getCurrentPages()[0].run()`)
	idle(t, r)
	if got := eval(t, r, `getApp().globalData.log.join()`); got != "sync:1,cb:1" {
		t.Errorf("order = %v, want sync:1,cb:1", got)
	}
}

func TestSetDataRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		patch string
		want  string
	}{
		{"over 1 MB", `{big: "x".repeat(1100000)}`, "exceeds 1 MB"},
		{"many keys over 1 MB", `Object.fromEntries(Array.from({length: 11}, (_, i) => ["k" + i, "x".repeat(100000)]))`, "exceeds 1 MB"},
		{"bad path", `{"a..b": 1}`, `key "a..b"`},
		{"cycle", `(() => { const o = {}; o.self = o; return {o} })()`, "cyclic"},
		{"not an object", `"str"`, "must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := start(t, onePage(`Page({ data: { keep: 1 }, apply(p) { this.setData(p) } })`))
			_, err := r.Eval(context.Background(), `getCurrentPages()[0].apply(`+tt.patch+`)`)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			var sde *runtime.SetDataError
			if !errors.As(err, &sde) {
				t.Errorf("errors.As(*SetDataError) failed for %v", err)
			}
			if got := pageData(t, r); !reflect.DeepEqual(got, map[string]any{"keep": float64(1)}) {
				t.Errorf("data changed by a refused setData: %v", got)
			}
		})
	}
}

func TestQueryNotDecoded(t *testing.T) {
	t.Parallel()
	r, _ := start(t, onePage(`Page({})`))
	if err := r.Navigate(context.Background(), "navigateTo", "/pages/q/q?name=a%20b&x=1&x=2&flag"); err != nil {
		t.Fatal(err)
	}
	got := eval(t, r, `getApp().globalData.q`)
	want := map[string]any{"name": "a%20b", "x": "2", "flag": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("query = %v, want %v", got, want)
	}
	if got := eval(t, r, `getCurrentPages()[1].options.name`); got != "a%20b" {
		t.Errorf("this.options.name = %v", got)
	}
}
