package apptest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/apptest"
)

var counter = fstest.MapFS{
	"app.json": {Data: []byte(`{"pages":["pages/index/index","pages/detail/detail"]}`)},
	"app.js":   {Data: []byte(`App({ globalData: { user: null } })`)},
	"pages/index/index.js": {Data: []byte(`
Page({
  data: { count: 0, items: [{ price: 3 }], token: '' },
  onLoad(q) { this.setData({ from: q.from || '' }) },
  inc(e) { this.setData({ count: this.data.count + (e.currentTarget.dataset.step || 1) }) },
  async login() {
    try {
      const { code } = await wx.login()
      getApp().globalData.user = code
      wx.setStorageSync('code', code)
    } catch (e) {
      this.setData({ error: e.errMsg })
    }
  },
  async token() {
    const r = await wx.invokeNativePlugin({ api_name: 'getToken', data: { scope: 'x' } })
    this.setData({ token: r.token })
  },
  later() { setTimeout(() => this.setData({ late: true }), 30000) },
  boom() { null.x },
  open() { wx.navigateTo({ url: '/pages/detail/detail?id=7' }) },
})`)},
	"pages/detail/detail.js": {Data: []byte(`Page({ onLoad(q) { this.setData({ id: q.id }) } })`)},
}

func TestDrivingAndReading(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, counter, apptest.WithPath("pages/index/index?from=test"))
	if app.Data("from") != "test" {
		t.Errorf("from = %v", app.Data("from"))
	}
	app.Tap("inc", apptest.Event{Dataset: map[string]any{"step": 2}})
	app.Tap("inc", apptest.Event{})
	if got := app.Data("count"); got != 3.0 {
		t.Errorf("count = %v, want 3", got)
	}
	if got := app.Data("items[0].price"); got != 3.0 {
		t.Errorf("items[0].price = %v", got)
	}

	app.OpenAPI.Login.ReturnsOnce(map[string]any{"code": "c-1"})
	app.Tap("login", apptest.Event{})
	if got := app.GlobalData("user"); got != "c-1" {
		t.Errorf("user = %v", got)
	}
	if v, ok := app.Storage("code"); !ok || v != "c-1" {
		t.Errorf("storage code = %v, %v", v, ok)
	}
	app.OpenAPI.Login.FailsOnce("no network")
	app.Tap("login", apptest.Event{})
	if got := app.Data("error"); got != "login:fail no network" {
		t.Errorf("error = %v", got)
	}
	if n := len(app.OpenAPI.Login.Calls()); n != 2 {
		t.Errorf("login calls = %d", n)
	}
	if c := app.LastCall("login"); c.OK() || c.ErrMsg() != "login:fail no network" || c.Route != "pages/index/index" {
		t.Errorf("last login call = %+v", c)
	}

	app.Plugins.Handle("getToken").Returns(map[string]any{"token": "t-9"})
	app.Tap("token", apptest.Event{})
	if got := app.Data("token"); got != "t-9" {
		t.Errorf("token = %v", got)
	}
	if got := app.Plugins.Handle("getToken").Calls(); len(got) != 1 || !reflect.DeepEqual(got[0]["data"], map[string]any{"scope": "x"}) {
		t.Errorf("plugin calls = %v", got)
	}

	// Time: a 30 s timer runs only when the clock moves.
	app.Tap("later", apptest.Event{})
	app.Advance(29 * time.Second)
	if got := app.Data(""); got.(map[string]any)["late"] != nil {
		t.Error("timer fired early")
	}
	app.Advance(time.Second)
	if got := app.Data("late"); got != true {
		t.Error("timer did not fire")
	}

	app.Tap("open", apptest.Event{})
	if got := app.Stack(); !reflect.DeepEqual(got, []string{"pages/index/index", "pages/detail/detail"}) {
		t.Errorf("stack = %v", got)
	}
	if app.Data("id") != "7" {
		t.Errorf("detail id = %v", app.Data("id"))
	}
	app.Back(1)
	if app.Page() != "pages/index/index" {
		t.Errorf("page = %v", app.Page())
	}

	app.ExpectError("Cannot read property")
	app.Tap("boom", apptest.Event{})
	if len(app.Errors()) != 1 {
		t.Errorf("errors = %v", app.Errors())
	}
	if !strings.Contains(app.Transcript(), `"type":"error"`) {
		t.Error("transcript lacks the error line")
	}
}

// fakeTB records failures instead of failing the real test.
type fakeTB struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	goruntime.Goexit()
}

// runFake runs fn with a fake TB on its own goroutine, so that Fatalf
// ends only fn.
func runFake(t *testing.T, fn func(tb testing.TB)) []string {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.msgs
}

func TestUnexpectedErrorFailsWithTranscript(t *testing.T) {
	t.Parallel()
	msgs := runFake(t, func(tb testing.TB) {
		app := apptest.New(tb, counter)
		app.Tap("boom", apptest.Event{})
		tb.Errorf("not reached")
	})
	if len(msgs) != 1 {
		t.Fatalf("failures = %q, want one", msgs)
	}
	for _, want := range []string{"uncaught error after tap boom", "Cannot read property", "transcript:", `"hook":"onLoad"`} {
		if !strings.Contains(msgs[0], want) {
			t.Errorf("failure lacks %q:\n%s", want, msgs[0])
		}
	}
}

func TestMissingExpectedErrorFails(t *testing.T) {
	t.Parallel()
	// Cleanups run when the outer test ends; use a subtest to see them.
	var f *fakeTB
	t.Run("inner", func(t *testing.T) {
		f = &fakeTB{TB: t}
		app := apptest.New(f, counter)
		app.ExpectError("never happens")
	})
	msgs := f.msgs
	if len(msgs) != 1 || !strings.Contains(msgs[0], `expected an uncaught error containing "never happens"`) {
		t.Errorf("failures = %q", msgs)
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	golden := filepath.Join(t.TempDir(), "run.golden")
	// First run without a golden file: the test fails and says how to fix it.
	var f *fakeTB
	t.Run("missing", func(t *testing.T) {
		f = &fakeTB{TB: t}
		app := apptest.New(f, counter, apptest.WithGolden(golden))
		app.Tap("inc", apptest.Event{})
	})
	if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], "-update") {
		t.Fatalf("failures = %q", f.msgs)
	}
	// Write it as -update would, then a run that does the same matches and
	// a run that does something else differs.
	var transcript string
	t.Run("record", func(t *testing.T) {
		app := apptest.New(t, counter)
		app.Tap("inc", apptest.Event{})
		transcript = app.Transcript()
	})
	if err := os.WriteFile(golden, []byte(transcript), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("same", func(t *testing.T) {
		app := apptest.New(t, counter, apptest.WithGolden(golden))
		app.Tap("inc", apptest.Event{})
	})
	t.Run("different", func(t *testing.T) {
		f = &fakeTB{TB: t}
		app := apptest.New(f, counter, apptest.WithGolden(golden))
		app.Tap("inc", apptest.Event{Dataset: map[string]any{"step": 5}})
	})
	if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], "transcript differs") || !strings.Contains(f.msgs[0], `"count":5`) {
		t.Errorf("failures = %q", f.msgs)
	}
}

var fetcher = fstest.MapFS{
	"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
	"app.js":   {Data: []byte(`App({})`)},
	"pages/index/index.js": {Data: []byte(`
Page({
  data: { items: [], error: '' },
  load() {
    wx.request({
      url: 'https://api.shop.example/items?page=1',
      success: (r) => this.setData({ items: r.data.items, status: r.statusCode }),
      fail: (e) => this.setData({ error: e.errMsg }),
    })
  },
})`)},
}

func TestRequestsGoToTheHandler(t *testing.T) {
	t.Parallel()
	var got []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"items":[{"id":1},{"id":2}]}`)
	})
	app := apptest.New(t, fetcher, apptest.WithHandler(h))
	app.Tap("load", apptest.Event{})
	if n := len(app.Data("items").([]any)); n != 2 || app.Data("status") != 200.0 {
		t.Errorf("items %d, status %v", n, app.Data("status"))
	}
	if len(got) != 1 || got[0] != "GET api.shop.example/items?page=1" {
		t.Errorf("handler saw %v", got)
	}

	// Without a handler the request fails and says why.
	bare := apptest.New(t, fetcher)
	bare.Tap("load", apptest.Event{})
	if e := bare.Data("error").(string); !strings.Contains(e, "apptest.WithHandler") {
		t.Errorf("error = %q", e)
	}
	// With an allow-list, other hosts are refused as on the device.
	strict := apptest.New(t, fetcher, apptest.WithHandler(h), apptest.WithDomains("api.other.example"))
	strict.Tap("load", apptest.Event{})
	if e := strict.Data("error"); e != "request:fail url not in domain list" {
		t.Errorf("error = %v", e)
	}
}

func TestViewDriving(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, "testdata/form")
	if got := app.Text("#greeting"); got != "Hello, stranger!" {
		t.Errorf("greeting = %q", got)
	}
	app.Input("#name", "Ann")
	if got := app.Text("#greeting"); got != "Hello, Ann!" {
		t.Errorf("greeting after input = %q", got)
	}
	app.Fire("#name", "confirm", map[string]any{"value": "Ann"})
	app.Tap(".row", 2)
	app.Tap("#share")
	if app.Data("confirmed") != "Ann" || app.Data("picked") != "c" || app.Data("shared") != "button share" {
		t.Errorf("data = %v", app.Data(""))
	}
	if n := len(app.Query(".row")); n != 3 {
		t.Errorf("rows = %d", n)
	}
	if snap := app.Snapshot(); !strings.Contains(snap, `"Hello, Ann!"`) {
		t.Errorf("snapshot:\n%s", snap)
	}
}

func TestLateErrorFailsAtTheEnd(t *testing.T) {
	t.Parallel()
	var f *fakeTB
	t.Run("inner", func(t *testing.T) {
		f = &fakeTB{TB: t}
		app := apptest.New(f, counter)
		app.Runtime().Eval(context.Background(), `Promise.resolve().then(() => { null.x })`)
	})
	if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], "uncaught error at the end of the test") {
		t.Errorf("failures = %q", f.msgs)
	}
}

func TestExpectErrorAtLaunch(t *testing.T) {
	t.Parallel()
	bundle := fstest.MapFS{
		"app.json":     {Data: []byte(`{"pages":["pages/a/a"]}`)},
		"app.js":       {Data: []byte(`App({ onLaunch() { throw new Error('launch went wrong') } })`)},
		"pages/a/a.js": {Data: []byte(`Page({})`)},
	}
	app := apptest.New(t, bundle, apptest.WithExpectError("launch went wrong"))
	if len(app.Errors()) != 1 {
		t.Errorf("errors = %v", app.Errors())
	}
}

func TestTapRejectsWrongArguments(t *testing.T) {
	t.Parallel()
	msgs := runFake(t, func(tb testing.TB) {
		app := apptest.New(tb, counter)
		app.Tap("inc", &apptest.Event{})
	})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "takes an apptest.Event") {
		t.Errorf("failures = %q", msgs)
	}
}
