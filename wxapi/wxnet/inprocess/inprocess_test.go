package inprocess_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/minihost/minihost/wxapi/wxnet/inprocess"
)

func TestClient(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Path", r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, r.Method+" "+r.Host+" "+r.URL.RawQuery+" "+string(body))
	})
	c := inprocess.Client(h)
	res, err := c.Post("https://api.example.com/v1/x?a=1", "text/plain", strings.NewReader("hi"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusTeapot || res.Header.Get("X-Path") != "/v1/x" || string(body) != "POST api.example.com a=1 hi" {
		t.Errorf("response %d %v %q", res.StatusCode, res.Header, body)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://api.example.com/", nil)
	if _, err := c.Do(req); err == nil {
		t.Error("a cancelled request was served")
	}
}

func TestRedirect(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.URL.Path+"?"+r.URL.RawQuery)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	c := &http.Client{Transport: inprocess.Redirect{Base: base}}
	res, err := c.Get("https://shop.example.com/api/items?page=2")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if string(body) != "/api/items?page=2" {
		t.Errorf("body = %q", body)
	}
}
