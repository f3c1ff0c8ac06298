package wxstorage_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/storage"
)

// kinds are JavaScript values and what they read back as (class and JSON,
// or the time value of a Date).
var kinds = []struct {
	name, js, want string
}{
	{"string", `'hi'`, `String "hi"`},
	{"empty string", `''`, `String ""`},
	{"unicode", `'你好 🎉'`, `String "你好 🎉"`},
	{"number", `1.5`, `Number 1.5`},
	{"zero", `0`, `Number 0`},
	{"negative", `-42`, `Number -42`},
	{"true", `true`, `Boolean true`},
	{"false", `false`, `Boolean false`},
	{"null", `null`, `Null null`},
	{"undefined", `undefined`, `Undefined undefined`},
	{"NaN", `NaN`, `Null null`},
	{"Infinity", `-Infinity`, `Null null`},
	{"object", `{a: 1, b: [true, null], c: {d: 'x'}}`, `Object {"a":1,"b":[true,null],"c":{"d":"x"}}`},
	{"object drops functions", `{a: 1, f() {}, u: undefined}`, `Object {"a":1}`},
	{"empty object", `{}`, `Object {}`},
	{"array", `[1, 'two', {three: 3}]`, `Array [1,"two",{"three":3}]`},
	{"empty array", `[]`, `Array []`},
	{"date", `new Date(1700000000123)`, `Date 1700000000123`},
	{"epoch", `new Date(0)`, `Date 0`},
	{"before epoch", `new Date(-86400000)`, `Date -86400000`},
	{"invalid date", `new Date(NaN)`, `Null null`},
	{"nested date", `{at: new Date(0)}`, `Object {"at":"1970-01-01T00:00:00.000Z"}`},
	{"function", `function () {}`, `Undefined undefined`},
	{"html", `'<a href="x">&</a>'`, `String "<a href=\"x\">&</a>"`},
}

func TestRoundTripSync(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	for _, k := range kinds {
		got := a.Run(`wx.setStorageSync('k', ` + k.js + `); log(describe(wx.getStorageSync('k')))`)
		if want := []any{k.want}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", k.name, got, want)
		}
	}
}

func TestRoundTripAsync(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	for _, k := range kinds {
		got := a.Run(`(async () => {
			const s = await wx.setStorage({key: 'k', data: ` + k.js + `})
			log(s.errMsg)
			wx.getStorage({key: 'k', success: r => log(r.errMsg, describe(r.data)), fail: r => log(r.errMsg)})
		})()`)
		if want := []any{"setStorage:ok", "getStorage:ok " + k.want}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", k.name, got, want)
		}
	}
}

// Values read back are fresh: changing one does not change the stored
// value or another read.
func TestFreshValues(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	got := a.Run(`const o = {n: 1}; wx.setStorageSync('o', o); o.n = 2
		const r = wx.getStorageSync('o'); r.n = 3
		const d = new Date(5); wx.setStorageSync('d', d); d.setTime(6)
		log(wx.getStorageSync('o').n, wx.getStorageSync('d').getTime(), wx.getStorageSync('o') === wx.getStorageSync('o'))`)
	if want := []any{"1 5 false"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMissingAndErrors(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	tests := []struct {
		name, src string
		want      []any
	}{
		{"getStorageSync missing", `log(describe(wx.getStorageSync('nope')))`, []any{`String ""`}},
		{"getStorage missing", `wx.getStorage({key: 'nope', success: r => log('success'), fail: r => log(r.errMsg), complete: r => log('complete')})`,
			[]any{"getStorage:fail data not found", "complete"}},
		{"getStorage missing promise", `wx.getStorage({key: 'nope'}).catch(r => log(r.errMsg))`, []any{"getStorage:fail data not found"}},
		{"removeStorage missing", `wx.removeStorage({key: 'nope', success: r => log(r.errMsg)})`, []any{"removeStorage:ok"}},
		{"getStorageSync number key", `try { wx.getStorageSync(1) } catch (e) { log(e.message) }`,
			[]any{"getStorageSync:fail parameter error: parameter.key should be String instead of Number;"}},
		{"setStorageSync no key", `try { wx.setStorageSync() } catch (e) { log(e.message) }`,
			[]any{"setStorageSync:fail parameter error: parameter.key should be String instead of Undefined;"}},
		{"setStorage no key", `wx.setStorage({data: 1, fail: r => log(r.errMsg)})`,
			[]any{"setStorage:fail parameter error: parameter.key should be String instead of Undefined;"}},
		{"setStorageSync empty key", `try { wx.setStorageSync('', 1) } catch (e) { log(e.message) }`,
			[]any{"setStorageSync:fail key is required"}},
		{"setStorageSync BigInt", `try { wx.setStorageSync('b', {n: 1n}) } catch (e) { log(e.message.startsWith('setStorageSync:fail parameter error: data cannot be stored')) }`,
			[]any{"true"}},
		{"batchSetStorageSync not an array", `try { wx.batchSetStorageSync({}) } catch (e) { log(e.message) }`,
			[]any{"batchSetStorageSync:fail parameter error: parameter.kvList should be Array instead of Object;"}},
		{"batchSetStorage bad key", `wx.batchSetStorage({kvList: [{key: 'a', value: 1}, {value: 2}], fail: r => log(r.errMsg)})`,
			[]any{"batchSetStorage:fail parameter error: parameter.kvList[1].key should be String instead of Undefined;"}},
		{"batchGetStorageSync bad key", `try { wx.batchGetStorageSync(['a', null]) } catch (e) { log(e.message) }`,
			[]any{"batchGetStorageSync:fail parameter error: parameter.keyList[1] should be String instead of Null;"}},
		{"nothing stored by failures", `log(JSON.stringify(wx.getStorageInfoSync().keys))`, []any{`[]`}},
	}
	for _, tt := range tests {
		if got := a.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRemoveClearInfo(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	tests := []struct {
		name, src string
		want      []any
	}{
		{"info empty", `const i = wx.getStorageInfoSync(); log(JSON.stringify(i.keys), i.currentSize, i.limitSize)`, []any{"[] 0 10240"}},
		{"info sizes in KB", `wx.setStorageSync('b', 'x'.repeat(2000)); wx.setStorageSync('a', 1)
			const i = wx.getStorageInfoSync(); log(JSON.stringify(i.keys), i.currentSize, i.limitSize)`, []any{`["a","b"] 2 10240`}},
		{"info async", `wx.getStorageInfo({success: i => log(i.errMsg, JSON.stringify(i.keys), i.currentSize)})`, []any{`getStorageInfo:ok ["a","b"] 2`}},
		{"removeStorageSync", `wx.removeStorageSync('b'); log(describe(wx.getStorageSync('b')), wx.getStorageInfoSync().currentSize)`, []any{`String "" 1`}},
		{"removeStorage", `wx.removeStorage({key: 'a'}).then(r => { log(r.errMsg, describe(wx.getStorageSync('a'))) })`, []any{`removeStorage:ok String ""`}},
		{"clearStorageSync", `wx.setStorageSync('x', 1); wx.setStorageSync('y', 2); wx.clearStorageSync(); log(wx.getStorageInfoSync().keys.length)`, []any{"0"}},
		{"clearStorage", `wx.setStorageSync('x', 1); wx.clearStorage({success: r => log(r.errMsg, wx.getStorageInfoSync().keys.length)})`, []any{"clearStorage:ok 0"}},
	}
	for _, tt := range tests {
		if got := a.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Asynchronous calls take effect in the order they were made, and a Sync
// call sees the asynchronous calls made before it.
func TestProgramOrder(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	got := a.Run(`for (let i = 0; i < 50; i++) wx.setStorage({key: 'n', data: i})
		wx.removeStorage({key: 'gone'}); wx.setStorage({key: 'gone', data: 1}); wx.removeStorage({key: 'gone'})
		log(wx.getStorageSync('n'), describe(wx.getStorageSync('gone')))
		wx.getStorage({key: 'n', success: r => log('async', r.data)})`)
	if want := []any{`49 String ""`, "async 49"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// Results arrive in the order of the calls.
	got = a.Run(`for (let i = 0; i < 30; i++) wx.setStorageSync('k' + i, i)
		for (let i = 0; i < 30; i++) wx.getStorage({key: 'k' + i, success: r => log(r.data)})`)
	for i, v := range got {
		if v != fmt.Sprint(i) {
			t.Fatalf("results out of order: %q", got)
		}
	}
	if len(got) != 30 {
		t.Errorf("%d results", len(got))
	}
}

func TestBatch(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	tests := []struct {
		name, src string
		want      []any
	}{
		{"sync", `wx.batchSetStorageSync([{key: 'a', value: 1}, {key: 'b', value: new Date(7)}, {key: 'c', value: {x: [1]}}, {key: 'a', value: 'last'}])
			log(wx.batchGetStorageSync(['a', 'b', 'c', 'missing']).map(describe).join('|'))`,
			[]any{`String "last"|Date 7|Object {"x":[1]}|String ""`}},
		{"async", `wx.batchSetStorage({kvList: [{key: 'd', value: true}, {key: 'e'}]}).then(r => {
				log(r.errMsg)
				return wx.batchGetStorage({keyList: ['d', 'e', 'nope']})
			}).then(r => log(r.errMsg, r.dataList.map(describe).join('|')))`,
			[]any{"batchSetStorage:ok", `batchGetStorage:ok Boolean true|Undefined undefined|String ""`}},
		{"empty lists", `wx.batchSetStorageSync([]); log(wx.batchGetStorageSync([]).length)`, []any{"0"}},
	}
	for _, tt := range tests {
		if got := a.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Apps and users sharing one file never see each other's keys.
func TestIsolation(t *testing.T) {
	t.Parallel()
	db := openDB(t, nil)
	apps := map[string]*bridgetest.App{
		"u1/A": launch(t, db, "u1", "wxA"),
		"u1/B": launch(t, db, "u1", "wxB"),
		"u2/A": launch(t, db, "u2", "wxA"),
	}
	for name, a := range apps {
		a.Run(`wx.setStorageSync('who', '` + name + `'); wx.setStorageSync('only-` + strings.ReplaceAll(name, "/", "-") + `', 1)`)
	}
	for name, a := range apps {
		got := a.Run(`log(wx.getStorageSync('who'), JSON.stringify(wx.getStorageInfoSync().keys))`)
		want := []any{name + ` ["only-` + strings.ReplaceAll(name, "/", "-") + `","who"]`}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	apps["u1/A"].Run(`wx.clearStorageSync()`)
	if got := apps["u2/A"].Run(`log(wx.getStorageSync('who'))`); !reflect.DeepEqual(got, []any{"u2/A"}) {
		t.Errorf("after u1/A cleared, u2/A reads %q", got)
	}
	// The host clears one app.
	if err := db.ClearApp("u1", "wxB"); err != nil {
		t.Fatal(err)
	}
	if got := apps["u1/B"].Run(`log(describe(wx.getStorageSync('who')))`); !reflect.DeepEqual(got, []any{`String ""`}) {
		t.Errorf("after ClearApp, u1/B reads %q", got)
	}
}

// Storage survives closing the file and starting the app again.
func TestPersistence(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "storage.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := launch(t, db, "u1", "wxapp")
	a.Run(`wx.setStorageSync('d', new Date(1234)); wx.setStorage({key: 'o', data: {a: [1, 2]}}); wx.batchSetStorageSync([{key: 'u', value: undefined}])`)
	a.Runtime().Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := launch(t, db, "u1", "wxapp")
	got := b.Run(`log(describe(wx.getStorageSync('d')), describe(wx.getStorageSync('o')), describe(wx.getStorageSync('u')))`)
	if want := []any{`Date 1234 Object {"a":[1,2]} Undefined undefined`}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestQuotas(t *testing.T) {
	t.Parallel()
	// Entries are len(key) + len(JSON): 'k' with 'x'.repeat(n) is n + 3 bytes.
	a := launch(t, openDB(t, &storage.Options{KeyQuota: 100, AppQuota: 300}), "u1", "wxapp")
	tests := []struct {
		name, src string
		want      []any
	}{
		{"key at limit", `wx.setStorageSync('k', 'x'.repeat(97)); log(wx.getStorageSync('k').length)`, []any{"97"}},
		{"key over limit sync", `try { wx.setStorageSync('big', 'x'.repeat(200)) } catch (e) { log(e.message) }`,
			[]any{`setStorageSync:fail key "big": entry of 205 bytes (key + value) exceeds the 100 bytes limit per key`}},
		{"key over limit async", `wx.setStorage({key: 'big', data: 'x'.repeat(200), fail: r => log(r.errMsg)})`,
			[]any{`setStorage:fail key "big": entry of 205 bytes (key + value) exceeds the 100 bytes limit per key`}},
		{"old value kept", `wx.setStorage({key: 'k', data: 'y'.repeat(98)}).catch(r => log(r.errMsg, wx.getStorageSync('k').length, wx.getStorageSync('k')[0]))`,
			[]any{`setStorage:fail key "k": entry of 101 bytes (key + value) exceeds the 100 bytes limit per key 97 x`}},
		{"app over limit", `wx.setStorageSync('k2', 'x'.repeat(90)); wx.setStorageSync('k3', 'x'.repeat(90))
			try { wx.setStorageSync('k4', 'x'.repeat(90)) } catch (e) { log(e.message) }
			log(JSON.stringify(wx.getStorageInfoSync().keys))`,
			[]any{`setStorageSync:fail key "k4": storage of 382 bytes would exceed the 300 bytes limit per app`, `["k","k2","k3"]`}},
		{"batch over limit writes nothing", `wx.removeStorageSync('k3')
			wx.batchSetStorage({kvList: [{key: 'b1', value: 'x'.repeat(50)}, {key: 'b2', value: 'x'.repeat(90)}], fail: r => log(r.errMsg, JSON.stringify(wx.getStorageInfoSync().keys))})`,
			[]any{`batchSetStorage:fail key "b2": storage of 342 bytes would exceed the 300 bytes limit per app ["k","k2"]`}},
	}
	for _, tt := range tests {
		if got := a.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// The real limit: 1 MB per key, key and JSON included.
func TestRealKeyQuota(t *testing.T) {
	t.Parallel()
	a := launch(t, openDB(t, nil), "u1", "wxapp")
	got := a.Run(`const n = 1024 * 1024 - 'key'.length - 2
		wx.setStorageSync('key', 'x'.repeat(n)); log(wx.getStorageSync('key').length === n)
		try { wx.setStorageSync('key', 'x'.repeat(n + 1)) } catch (e) { log(e.message) }
		log(wx.getStorageSync('key').length === n, wx.getStorageInfoSync().currentSize)`)
	want := []any{"true", `setStorageSync:fail key "key": entry of 1048577 bytes (key + value) exceeds the 1 MB limit per key`, "true 1024"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A closed storage file fails calls with a reason, not a crash.
func TestClosedDB(t *testing.T) {
	t.Parallel()
	db := openDB(t, nil)
	a := launch(t, db, "u1", "wxapp")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	got := a.Run(`try { wx.getStorageSync('k') } catch (e) { log(e.message) }
		wx.setStorage({key: 'k', data: 1, fail: r => log(r.errMsg)})`)
	if len(got) != 2 || !strings.Contains(got[0].(string), "storage is closed") || !strings.HasPrefix(got[1].(string), "setStorage:fail ") {
		t.Errorf("got %q", got)
	}
	if !errors.Is(db.App("u1", "wxapp").Set("k", storage.Value{Kind: storage.KindNull, Data: []byte("null")}), storage.ErrClosed) {
		t.Error("storage not closed")
	}
}
