package wxnet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/minihost/minihost/wxapi/wxnet"
)

// BenchmarkRequest measures one wx.request round trip on loopback, from the
// JavaScript call to the success callback: a GET with object data answered
// with a small JSON object.
func BenchmarkRequest(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":1,"name":"widget","tags":["a","b"]}`)
	}))
	defer srv.Close()
	a := launch(b, "", insecure(wxnet.Options{}))
	ctx := context.Background()
	if _, err := a.Runtime().Eval(ctx, `var done = 0; function one() { wx.request({url: '`+srv.URL+`/item', data: {id: 1}, success: r => { if (r.data.id === 1) done++ }}) }`); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := a.Runtime().Eval(ctx, `one()`); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Runtime().RunUntilIdle(ctx, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if v, _ := a.Runtime().Eval(ctx, `done`); fmt.Sprint(v) != fmt.Sprint(b.N) {
		b.Fatalf("%v of %d requests succeeded", v, b.N)
	}
}

// BenchmarkBaselineGo is the same round trip in plain Go (net/http and
// encoding/json), to show what the JavaScript call costs on top.
func BenchmarkBaselineGo(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":1,"name":"widget","tags":["a","b"]}`)
	}))
	defer srv.Close()
	c := &http.Client{}
	b.ReportAllocs()
	for range b.N {
		resp, err := c.Get(srv.URL + "/item?id=1")
		if err != nil {
			b.Fatal(err)
		}
		var v map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
