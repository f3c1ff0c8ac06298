package wxnet_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minihost/minihost/wxapi/wxnet"
)

// echo answers with what it received, as JSON.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"method": r.Method, "uri": r.RequestURI, "contentType": r.Header.Get("Content-Type"),
		"body": string(body), "bodyHex": hex.EncodeToString(body), "xTest": r.Header.Get("X-Test"), "referer": r.Header.Get("Referer"),
	})
}

func TestRequestEncodings(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	a := launch(t, "", insecure(wxnet.Options{}))
	S := srv.URL
	tests := []struct {
		name, call, show string
		want             string
	}{
		{"GET default, object data", `{url: '` + S + `/echo', data: {a: 1, b: 'x y', c: {d: true}, e: undefined, f: null}}`, `r.data.method + ' ' + r.data.uri`,
			`GET /echo?a=1&b=x%20y&c=%7B%22d%22%3Atrue%7D&f=null`},
		{"GET appends to a query", `{url: '` + S + `/echo?z=0', data: {a: "é&"}}`, `r.data.uri`, `/echo?z=0&a=%C3%A9%26`},
		{"GET string data", `{url: '` + S + `/echo', data: 'k=v'}`, `r.data.uri`, `/echo?k=v`},
		{"GET has no body", `{url: '` + S + `/echo', data: {a: 1}}`, `JSON.stringify(r.data.body)`, `""`},
		{"method upper-cased, JSON body", `{url: '` + S + `/echo', method: 'post', data: {a: 1, b: [1, 'x'], d: new Date(0), s: '<&>'}}`,
			`r.data.method + ' ' + r.data.contentType + ' ' + r.data.body`, `POST application/json {"a":1,"b":[1,"x"],"d":"1970-01-01T00:00:00.000Z","s":"<&>"}`},
		{"form body", `{url: '` + S + `/echo', method: 'POST', header: {'content-type': 'application/x-www-form-urlencoded'}, data: {a: 'x&y z', b: 2}}`,
			`r.data.contentType + ' ' + r.data.body`, `application/x-www-form-urlencoded a=x%26y%20z&b=2`},
		{"string body", `{url: '` + S + `/echo', method: 'PUT', header: {'Content-Type': 'text/plain'}, data: 'raw text'}`, `r.data.method + ' ' + r.data.contentType + ' ' + r.data.body`, `PUT text/plain raw text`},
		{"ArrayBuffer body", `{url: '` + S + `/echo', method: 'POST', data: new Uint8Array([0, 1, 254]).buffer}`, `r.data.bodyHex`, `0001fe`},
		{"DELETE", `{url: '` + S + `/echo', method: 'DELETE'}`, `r.data.method + ' ' + JSON.stringify(r.data.body)`, `DELETE ""`},
		{"headers", `{url: '` + S + `/echo', header: {'X-Test': 42, Referer: 'https://evil.example'}}`, `r.data.xTest + ' ' + r.data.referer`,
			`42 https://servicewechat.com/wxnet/1.0.0/page-frame.html`},
	}
	for _, tt := range tests {
		got := a.Run(`const o = ` + tt.call + `; o.success = r => log(r.errMsg, ` + tt.show + `); o.fail = r => log(r.errMsg); wx.request(o)`)
		if want := []any{"request:ok " + tt.want}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, want)
		}
	}
}

func TestRequestResponses(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(r.PathValue("code"), &code)
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"code":%d}`, code)
	})
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "not json {") })
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "\uFEFF"+`{"z":1,"a":[true,null],"__proto__":{"x":1}}`)
	})
	mux.HandleFunc("/number", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `12.5`) })
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte{0xff, 0x00, 0x41}) })
	mux.HandleFunc("/cookies", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "1"})
		http.SetCookie(w, &http.Cookie{Name: "b", Value: "2", Path: "/"})
		w.Header().Add("X-Multi", "one")
		w.Header().Add("X-Multi", "two")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	a := launch(t, "", insecure(wxnet.Options{}))
	S := srv.URL
	tests := []struct {
		name, src string
		want      []any
	}{
		{"4xx and 5xx are success", `for (const c of [200, 201, 404, 500]) wx.request({url: '` + S + `/status/' + c, success: r => log(r.errMsg, r.statusCode, r.data.code), fail: r => log(r.errMsg)})`,
			[]any{"request:ok 200 200", "request:ok 201 201", "request:ok 404 404", "request:ok 500 500"}},
		{"json that does not parse stays text", `wx.request({url: '` + S + `/text', success: r => log(typeof r.data, r.data)})`, []any{"string not json {"}},
		{"json with BOM, key order and __proto__ as JSON.parse", `wx.request({url: '` + S + `/json', success: r => log(Object.keys(r.data).join(','), Object.getPrototypeOf(r.data) === Object.prototype, r.data.__proto__.x)})`,
			[]any{"z,a,__proto__ true 1"}},
		{"json scalar", `wx.request({url: '` + S + `/number', success: r => log(typeof r.data, r.data)})`, []any{"number 12.5"}},
		{"dataType other", `wx.request({url: '` + S + `/number', dataType: 'text', success: r => log(typeof r.data, r.data)})`, []any{"string 12.5"}},
		{"arraybuffer", `wx.request({url: '` + S + `/bytes', responseType: 'arraybuffer', success: r => log(r.data instanceof ArrayBuffer, hex(r.data))})`, []any{"true ff0041"}},
		{"header and cookies", `wx.request({url: '` + S + `/cookies', success: r => log(r.header['X-Multi'], JSON.stringify(r.cookies))})`, []any{`one, two ["a=1","b=2; Path=/"]`}},
		{"promise form is not offered", `const t = wx.request({url: '` + S + `/text'}); log(typeof t.abort, typeof t.then)`, []any{"function undefined"}},
		{"no url", `wx.request({fail: r => log(r.errMsg)})`, []any{"request:fail parameter error: parameter.url should be String instead of Undefined;"}},
		{"bad method", `wx.request({url: '` + S + `/text', method: 'BREW', fail: r => log(r.errMsg)})`,
			[]any{`request:fail parameter error: parameter.method should be one of OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT instead of "BREW";`}},
		{"bad url", `wx.request({url: 'not a url', fail: r => log(r.errMsg)})`, []any{`request:fail invalid url "not a url"`}},
		{"connection refused", `wx.request({url: 'http://127.0.0.1:1/', fail: r => log(r.errMsg.startsWith('request:fail '), r.errMsg.includes('refused'))})`, []any{"true true"}},
	}
	for _, tt := range tests {
		got := a.Run(tt.src)
		slices.SortFunc(got, func(x, y any) int { return strings.Compare(x.(string), y.(string)) }) // concurrent requests end in any order
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// slow answers after the request's context ends or a second passes.
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(time.Second):
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(slow))
	t.Cleanup(srv.Close)
	tests := []struct {
		name, appJSON, call string
		max                 time.Duration
	}{
		{"call timeout", "", `{timeout: 50}`, 900 * time.Millisecond},
		{"app.json default", `{"pages":["pages/a/a"],"networkTimeout":{"request":50}}`, `{}`, 900 * time.Millisecond},
		{"app.json caps the call", `{"pages":["pages/a/a"],"networkTimeout":{"request":50}}`, `{timeout: 5000}`, 900 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := launch(t, tt.appJSON, insecure(wxnet.Options{}))
			start := time.Now()
			got := a.Run(`const o = ` + tt.call + `; o.url = '` + srv.URL + `'; o.fail = r => log(r.errMsg); o.success = r => log(r.errMsg); wx.request(o)`)
			if want := []any{"request:fail timeout"}; !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if d := time.Since(start); d > tt.max {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestAbortAndHeaders(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Stage", "headers")
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		w.WriteHeader(202)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
			fmt.Fprint(w, `{"done":true}`)
		}
	}))
	defer srv.Close()
	defer close(release)
	a := launch(t, "", insecure(wxnet.Options{}))
	S := srv.URL
	tests := []struct {
		name, src string
		want      []any
	}{
		{"abort at once", `const t = wx.request({url: '` + S + `', fail: r => log(r.errMsg), complete: r => log('complete')}); t.abort(); t.abort()`,
			[]any{"request:fail abort", "complete"}},
		{"abort from onHeadersReceived", `const t = wx.request({url: '` + S + `', fail: r => log(r.errMsg)})
			t.onHeadersReceived(h => { log('headers', h.statusCode, h.header['X-Stage'], JSON.stringify(h.cookies)); t.abort() })`,
			[]any{`headers 202 headers ["s=1"]`, "request:fail abort"}},
		{"offHeadersReceived", `const t = wx.request({url: '` + S + `', fail: r => log(r.errMsg)})
			const f = h => log('f'), g = h => { log('g'); t.abort() }
			t.onHeadersReceived(f); t.onHeadersReceived(g); t.offHeadersReceived(f)`,
			[]any{"g", "request:fail abort"}},
		{"abort after the end does nothing", `wx.request({url: '` + S + `/bad', fail: r => log(r.errMsg)}).abort()
			const t = wx.request({url: 'http://127.0.0.1:1/', fail: r => { log(r.errMsg.includes('refused')); t.abort() }})`,
			[]any{"request:fail abort", "true"}},
	}
	for _, tt := range tests {
		if got := a.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestDomainList(t *testing.T) {
	t.Parallel()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "https://evil.com/steal", http.StatusFound)
			return
		}
		if r.URL.Path == "/home" {
			http.Redirect(w, r, "https://example.com/ok", http.StatusFound)
			return
		}
		fmt.Fprint(w, r.Host+r.URL.Path)
	}))
	defer tlsSrv.Close()
	secure := wxnet.New(wxnet.Options{
		Client: tlsClient(tlsSrv),
		Domains: func(appID string) []string {
			return []string{"https://Example.com", "api.example.com:8443", "wrong app " + appID}
		},
	})
	a := launch(t, "", secure)
	tests := []struct {
		url, want string
	}{
		{"https://example.com/ok", "request:ok example.com/ok"},
		{"https://EXAMPLE.com:443/ok", "request:ok EXAMPLE.com:443/ok"},
		{"https://api.example.com:8443/ok", "request:ok api.example.com:8443/ok"},
		{"https://example.com/home", "request:ok example.com/ok"},
		{"https://example.com/away", "request:fail url not in domain list"},
		{"https://api.example.com/ok", "request:fail url not in domain list"},
		{"https://example.com:8443/ok", "request:fail url not in domain list"},
		{"https://sub.example.com/ok", "request:fail url not in domain list"},
		{"https://example.com.evil.com/ok", "request:fail url not in domain list"},
		{"http://example.com/ok", "request:fail url not in domain list"},
		{"https://127.0.0.1/ok", "request:fail url not in domain list"},
		{"https://[::1]/ok", "request:fail url not in domain list"},
		{"https://localhost/ok", "request:fail url not in domain list"},
		{"ftp://example.com/ok", "request:fail url not in domain list"},
	}
	for _, tt := range tests {
		got := a.Run(`wx.request({url: '` + tt.url + `', success: r => log(r.errMsg, r.data), fail: r => log(r.errMsg)})`)
		if want := []any{tt.want}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", tt.url, got, want)
		}
	}
	for _, api := range []string{"downloadFile", "uploadFile"} {
		got := a.Run(`wx.` + api + `({url: 'https://evil.com/x', filePath: 'wxfile://usr/x', name: 'f', fail: r => log(r.errMsg)})`)
		if want := []any{api + ":fail url not in domain list"}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", api, got, want)
		}
	}
	// Without a list, any https host (but no IP or localhost) is allowed.
	open := launch(t, "", wxnet.New(wxnet.Options{Client: tlsClient(tlsSrv)}))
	got := open.Run(`wx.request({url: 'https://example.com/x', success: r => log(r.data)}); wx.request({url: 'https://10.0.0.1/x', fail: r => log(r.errMsg)})`)
	if want := []any{"request:fail url not in domain list", "example.com/x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("no list: got %q, want %q", got, want)
	}
}

// A redirect to a host off the list is refused even in develop mode.
func TestRedirectOffList(t *testing.T) {
	t.Parallel()
	var reached atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Store(true) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/self" {
			http.Redirect(w, r, "/end", http.StatusFound)
			return
		}
		if r.URL.Path == "/end" {
			fmt.Fprint(w, "end")
			return
		}
		http.Redirect(w, r, other.URL+"/x", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	a := launch(t, "", insecure(wxnet.Options{Domains: func(string) []string { return []string{host} }}))
	got := a.Run(`wx.request({url: '` + srv.URL + `/go', fail: r => log(r.errMsg)}); wx.request({url: '` + srv.URL + `/self', success: r => log(r.data)})
		wx.request({url: '` + other.URL + `', fail: r => log(r.errMsg)})`)
	if len(got) != 3 || !contains(got, "request:fail url not in domain list") || !contains(got, "end") {
		t.Errorf("got %q", got)
	}
	if reached.Load() {
		t.Error("the host off the list was reached")
	}
}

func contains(list []any, s string) bool {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n > 0
}

// At most MaxConcurrent requests of an app are in flight; the rest wait.
func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	var inFlight, peak, arrived atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		arrived.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	a := launch(t, "", insecure(wxnet.Options{}))
	a.Start(`for (let i = 0; i < 11; i++) wx.request({url: '` + srv.URL + `/' + i, success: r => log(r.data)})`)
	var log []any
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); log = a.Wait() }()
	deadline := time.Now().Add(5 * time.Second)
	for arrived.Load() < 10 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := arrived.Load(); n != 10 {
		t.Errorf("%d requests reached the server before any finished, want 10", n)
	}
	release <- struct{}{} // one finishes: the 11th starts
	for arrived.Load() < 11 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if len(log) != 11 || peak.Load() != 10 {
		t.Errorf("%d requests finished, peak %d in flight; want 11 and 10", len(log), peak.Load())
	}
}

func TestConnectSocket(t *testing.T) {
	t.Parallel()
	a := launch(t, "", wxnet.New(wxnet.Options{}))
	got := a.Run(`const t = wx.connectSocket({url: 'wss://example.com', fail: r => log(r.errMsg)})
		t.onError(e => log('onError', e.errMsg)); t.onOpen(() => log('open'))
		t.send({data: 'x', fail: r => log(r.errMsg)})
		log(typeof t.close, typeof t.onMessage, typeof t.onClose)`)
	want := []any{"sendSocketMessage:fail not supported", "function function function", "onError connectSocket:fail not supported", "connectSocket:fail not supported"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// When the app finishes, its requests in flight are cancelled.
func TestAppFinishCancels(t *testing.T) {
	t.Parallel()
	arrived, cancelled := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	a := launch(t, "", insecure(wxnet.Options{}))
	a.Start(`wx.request({url: '` + srv.URL + `'})`)
	go a.Runtime().RunUntilIdle(t.Context(), 0)
	<-arrived
	a.Runtime().Close()
	select {
	case <-cancelled:
	case <-time.After(3 * time.Second):
		t.Error("the request was not cancelled when the app finished")
	}
}

// IP literals in every form a resolver accepts, and localhost, are refused
// without AllowInsecure.
func TestIPLiteralsRefused(t *testing.T) {
	t.Parallel()
	a := launch(t, "", wxnet.New(wxnet.Options{}))
	for _, host := range []string{"127.0.0.1", "[::1]", "[::1%25lo]", "[fe80::1%25lo]", "2130706433", "0x7f.1", "127.1", "0177.0.0.1", "localhost.", "a.localhost"} {
		got := a.Run(`wx.request({url: 'https://` + host + `/x', fail: r => log(r.errMsg), success: () => log('reached')})`)
		if len(got) != 1 || got[0] != "request:fail url not in domain list" {
			t.Errorf("%s: %v", host, got)
		}
	}
}
