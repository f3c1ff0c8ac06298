package apptest_test

import (
	"fmt"
	"os"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/apptest"
)

// A page test: tap, then read the page data and the wx calls. In a real test
// the first argument of New is the test's *testing.T.
func Example() {
	t := newExampleTB()
	defer t.finish()

	bundle := fstest.MapFS{
		"app.json": {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({})`)},
		"pages/index/index.js": {Data: []byte(`Page({
			data: { user: '' },
			async onLogin() {
				const { code } = await wx.login()
				this.setData({ user: code })
			},
		})`)},
	}
	app := apptest.New(t, bundle)
	app.OpenAPI.Login.Returns(map[string]any{"code": "c-42"})
	app.Tap("onLogin", apptest.Event{})
	fmt.Println(app.Data("user"))
	fmt.Println(app.LastCall("login").ErrMsg())
	// Output:
	// c-42
	// login:ok
}

// exampleTB stands in for *testing.T outside a test function, so that the
// example can run: it has a temporary directory and runs cleanups.
type exampleTB struct {
	testing.TB
	dir      string
	cleanups []func()
}

func newExampleTB() *exampleTB {
	dir, err := os.MkdirTemp("", "apptest-example-*")
	if err != nil {
		panic(err)
	}
	return &exampleTB{dir: dir}
}

func (e *exampleTB) Helper()                        {}
func (e *exampleTB) TempDir() string                { return e.dir }
func (e *exampleTB) Cleanup(f func())               { e.cleanups = append(e.cleanups, f) }
func (e *exampleTB) Errorf(format string, a ...any) { fmt.Printf(format+"\n", a...) }
func (e *exampleTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (e *exampleTB) finish() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
	os.RemoveAll(e.dir)
}
