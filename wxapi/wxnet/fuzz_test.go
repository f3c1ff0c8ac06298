package wxnet

import (
	"net"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckURL checks that an accepted URL is https, names a listed host
// (and port) exactly, and is no IP literal or localhost.
func FuzzCheckURL(f *testing.F) {
	for _, seed := range []string{"https://api.example.com/x", "https://api.example.com:443/x", "https://API.example.com./x", "https://api.example.com:8443/",
		"https://evil.com#@api.example.com", "https://api.example.com@evil.com/", "http://api.example.com/", "https://127.0.0.1/", "https://[::1]:443/",
		"https://localhost/", "https://a.localhost/", "//api.example.com/x", "https://api.example.com%2f@evil.com/", "https://0x7f000001/"} {
		f.Add(seed)
	}
	b := &binding{g: New(Options{}), listed: true, domains: []string{normDomain("api.example.com"), normDomain("https://cdn.example.com:8443")}}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := b.parseURL(raw)
		if err != nil {
			return
		}
		if u.Scheme != "https" {
			t.Fatalf("%q accepted with scheme %q", raw, u.Scheme)
		}
		host := strings.ToLower(u.Hostname())
		if net.ParseIP(host) != nil || host == "localhost" {
			t.Fatalf("%q accepted with host %q", raw, host)
		}
		port := u.Port()
		switch {
		case host == "api.example.com" && (port == "" || port == "443"):
		case host == "cdn.example.com" && port == "8443":
		default:
			t.Fatalf("%q accepted: host %q port %q", raw, host, port)
		}
		// What the client dials is what was checked.
		again, err := url.Parse(u.String())
		if err != nil || again.Host != u.Host {
			t.Fatalf("%q: re-parsed host %q != %q (%v)", raw, again.Host, u.Host, err)
		}
	})
}

// FuzzEncodeURIComponent checks that the escaping decodes back and leaves
// only the characters encodeURIComponent keeps.
func FuzzEncodeURIComponent(f *testing.F) {
	for _, seed := range []string{"", "a b&c=d", "é", "~!*()'", "%", "\x00\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := encodeURIComponent(s)
		back, err := url.PathUnescape(e)
		if err != nil || back != s {
			t.Fatalf("%q -> %q -> %q, %v", s, e, back, err)
		}
		for _, c := range e {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.!~*'()%", c)) {
				t.Fatalf("%q -> %q keeps %q", s, e, c)
			}
		}
	})
}
