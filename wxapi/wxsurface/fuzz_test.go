package wxsurface_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzCanIUse checks that any schema gets a boolean, and that a path is
// never usable when its API is not.
func FuzzCanIUse(f *testing.F) {
	for _, s := range []string{"showToast", "showToast.object.icon.error", "getSystemInfoSync.return.safeArea.left",
		"button.open-type.contact", "", ".", "..", "wx.", "toString", "__proto__", "constructor.object", "showToast....", "scanCode.object"} {
		f.Add(s)
	}
	e := launch(f, config{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, schema string) {
		q, _ := json.Marshal(schema)
		first, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(schema), "wx."), ".")
		qf, _ := json.Marshal(first)
		v, err := e.Runtime().Eval(ctx, `[wx.canIUse(`+string(q)+`), wx.canIUse(`+string(qf)+`)]`)
		if err != nil {
			t.Fatalf("canIUse(%q): %v", schema, err)
		}
		got := v.([]any)
		whole, api := got[0].(bool), got[1].(bool)
		if whole && !api {
			t.Errorf("canIUse(%q) is true but canIUse(%q) is false", schema, first)
		}
	})
}
