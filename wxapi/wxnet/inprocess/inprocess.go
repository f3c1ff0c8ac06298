// Package inprocess serves HTTP requests with an http.Handler in the same
// process, without a network: the transport behind wx.request in tests
// (package apptest) and in "minihost check".
package inprocess

import (
	"net/http"
	"net/http/httptest"
	"net/url"
)

// Transport is an http.RoundTripper that serves every request with Handler
// and returns what it wrote. The request's context reaches the handler.
type Transport struct {
	Handler http.Handler
}

// RoundTrip serves req with t.Handler.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, in)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	res := rec.Result()
	res.Request = req
	return res, nil
}

// Client returns an http.Client whose requests h serves.
func Client(h http.Handler) *http.Client {
	return &http.Client{Transport: Transport{Handler: h}}
}

// Redirect is an http.RoundTripper that sends every request to the server
// at Base (scheme and host replaced, path and query kept) through Next (nil
// means http.DefaultTransport): wx.request against a local test server
// whatever host the app names.
type Redirect struct {
	Base *url.URL
	Next http.RoundTripper
}

// RoundTrip rewrites req's URL to t.Base and sends it.
func (t Redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = t.Base.Scheme, t.Base.Host
	out.URL = &u
	out.Host = t.Base.Host
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(out)
}
