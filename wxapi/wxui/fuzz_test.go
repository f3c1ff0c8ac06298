package wxui_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var fuzzAPIs = []string{"showToast", "showLoading", "showModal", "showActionSheet", "setNavigationBarTitle",
	"setNavigationBarColor", "setTabBarBadge", "removeTabBarBadge", "setTabBarItem", "setTabBarStyle",
	"pageScrollTo", "setClipboardData", "getClipboardData"}

// FuzzArgs calls the UI APIs with arbitrary argument objects: each call
// must settle exactly once, with its own errMsg, and never break the app.
func FuzzArgs(f *testing.F) {
	for i, s := range []string{`{}`, `{"title":"x"}`, `{"itemList":["a","b"]}`, `{"itemList":[1,2,3,4,5,6,7]}`,
		`{"index":0,"text":"1"}`, `{"index":1e300}`, `{"frontColor":"#000000","backgroundColor":"#fff"}`,
		`{"confirmText":"确定确定"}`, `{"scrollTop":"a"}`, `{"data":null}`, `[]`, `null`, `"s"`, `3`} {
		f.Add(uint8(i), s)
	}
	e := launch(f, nil)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, which uint8, arg string) {
		var v any
		if json.Unmarshal([]byte(arg), &v) != nil {
			return
		}
		api := fuzzAPIs[int(which)%len(fuzzAPIs)]
		q, _ := json.Marshal(v)
		src := `var out = globalThis.out = []; var a = ` + string(q) + `;
			if (a !== null && typeof a === 'object' && !Array.isArray(a)) a.complete = r => out.push(r.errMsg);
			var ret = wx.` + api + `(a); if (ret && ret.then) ret.then(r => out.push(r.errMsg), r => out.push(r.errMsg));`
		if _, err := e.Runtime().Eval(ctx, src); err != nil {
			t.Fatalf("%s(%s): %v", api, q, err)
		}
		if _, err := e.Runtime().RunUntilIdle(ctx, time.Minute); err != nil {
			t.Fatal(err)
		}
		got, err := e.Runtime().Eval(ctx, `out`)
		if err != nil {
			t.Fatal(err)
		}
		msgs := got.([]any)
		if len(msgs) != 1 {
			t.Fatalf("%s(%s) settled %d times: %v", api, q, len(msgs), msgs)
		}
		if m, _ := msgs[0].(string); !strings.HasPrefix(m, api+":ok") && !strings.HasPrefix(m, api+":fail ") {
			t.Fatalf("%s(%s): errMsg %q", api, q, m)
		}
	})
}
