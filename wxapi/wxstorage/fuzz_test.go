package wxstorage_test

import (
	"context"
	"encoding/json"
	"testing"
)

// FuzzJSONRoundTrip stores any JSON value parsed in JavaScript and checks
// that it reads back with the same JSON form, through the Sync and the
// batch forms.
func FuzzJSONRoundTrip(f *testing.F) {
	for _, seed := range []string{`1`, `"x"`, `null`, `true`, `{"a":[1,{"b":"c"}]}`, `[]`, `"\u2028<>&"`, `1e308`, `-0`, `{"__proto__":1}`, `"\ud800"`} {
		f.Add(seed)
	}
	a := launch(f, openDB(f, nil), "u1", "wxfuzz")
	f.Fuzz(func(t *testing.T, text string) {
		if !json.Valid([]byte(text)) {
			return
		}
		lit, err := json.Marshal(text)
		if err != nil {
			return
		}
		v, err := a.Runtime().Eval(context.Background(), `(() => {
			let v
			try { v = JSON.parse(`+string(lit)+`) } catch (e) { return 'ok' } // goja refuses some JSON (1e700)
			wx.setStorageSync('k', v)
			wx.batchSetStorageSync([{key: 'b', value: v}])
			const want = JSON.stringify(v)
			const got = [JSON.stringify(wx.getStorageSync('k')), JSON.stringify(wx.batchGetStorageSync(['b'])[0])]
			return got[0] === want && got[1] === want ? 'ok' : want + ' != ' + got.join(' / ')
		})()`)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if v != "ok" {
			t.Errorf("%s: %v", text, v)
		}
	})
}
