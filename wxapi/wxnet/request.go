package wxnet

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
)

// methods are the methods wx.request accepts.
var methods = []string{"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"}

// task is the state shared by a task object and its goroutine.
type task struct {
	obj       *goja.Object
	onHeaders listeners
	onProg    listeners
	cancel    context.CancelCauseFunc
}

// newTask makes a task object with abort and the header listeners (and
// the progress listeners) (loop only).
func (b *binding) newTask(progress bool) *task {
	t := &task{obj: b.rt.NewObject()}
	t.cancel = func(error) {} // until the call starts
	_ = t.obj.Set("abort", func(goja.FunctionCall) goja.Value {
		t.cancel(ErrAbort)
		return goja.Undefined()
	})
	_ = t.obj.Set("onHeadersReceived", t.onHeaders.on)
	_ = t.obj.Set("offHeadersReceived", t.onHeaders.off)
	if progress {
		_ = t.obj.Set("onProgressUpdate", t.onProg.on)
		_ = t.obj.Set("offProgressUpdate", t.onProg.off)
	}
	return t
}

// start gives the task its context (loop only).
func (b *binding) start(t *task, api string, timeout goja.Value) context.Context {
	ctx, cancel := b.callContext(b.callTimeout(api, timeout))
	t.cancel = cancel
	return ctx
}

// headersEvent delivers a response's headers to the task's listeners (any
// goroutine).
func (b *binding) headersEvent(t *task, resp *http.Response) {
	h, c, status := respHeader(resp.Header), cookies(resp.Header), resp.StatusCode
	b.env.Enqueue(func() {
		if len(t.onHeaders) == 0 {
			return
		}
		t.onHeaders.emit(b.env, b.env.ToJS(map[string]any{"header": h, "statusCode": float64(status), "cookies": c}))
	})
}

// request is wx.request.
func (b *binding) request(p *bridge.Pending) goja.Value {
	t := b.newTask(false)
	req, dataType, responseType, err := b.buildRequest(p)
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	ctx := b.start(t, "request", arg(p, "timeout"))
	complete := b.env.Reserve()
	go func() {
		defer t.cancel(nil)
		status, header, body, err := b.roundTrip(ctx, t, req)
		complete(func() {
			if err != nil {
				p.Settle(nil, err)
				return
			}
			data, err := b.responseData(body, dataType, responseType)
			if err != nil {
				p.Settle(nil, err)
				return
			}
			p.Settle(map[string]any{
				"data":       data,
				"statusCode": float64(status),
				"header":     respHeader(header),
				"cookies":    cookies(header),
			}, nil)
		})
	}()
	return t.obj
}

// roundTrip sends req within the app's concurrency limit and reads the
// response (off the loop).
func (b *binding) roundTrip(ctx context.Context, t *task, req *http.Request) (int, http.Header, []byte, error) {
	if err := b.sem.Acquire(ctx, 1); err != nil {
		return 0, nil, nil, reason(ctx, err)
	}
	defer b.sem.Release(1)
	resp, err := b.g.client.Do(req.WithContext(ctx))
	if err != nil {
		return 0, nil, nil, reason(ctx, err)
	}
	defer resp.Body.Close()
	b.headersEvent(t, resp)
	max := b.g.opts.MaxResponseBytes
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return 0, nil, nil, reason(ctx, err)
	}
	if int64(len(body)) > max {
		return 0, nil, nil, ErrTooLarge
	}
	return resp.StatusCode, resp.Header, body, nil
}

// buildRequest decodes wx.request's arguments (loop only).
func (b *binding) buildRequest(p *bridge.Pending) (req *http.Request, dataType, responseType string, err error) {
	raw, err := requireString(p, "url")
	if err != nil {
		return nil, "", "", err
	}
	method := "GET"
	if v := arg(p, "method"); !goja.IsUndefined(v) && !goja.IsNull(v) {
		method = strings.ToUpper(v.String())
		if !slices.Contains(methods, method) {
			return nil, "", "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.method should be one of %s instead of %q;", strings.Join(methods, ", "), v.String())}
		}
	}
	dataType, responseType = "json", "text"
	if v := arg(p, "dataType"); !goja.IsUndefined(v) && !goja.IsNull(v) {
		dataType = v.String()
	}
	if v := arg(p, "responseType"); !goja.IsUndefined(v) && !goja.IsNull(v) && v.String() == "arraybuffer" {
		responseType = "arraybuffer"
	}
	u, err := b.parseURL(raw)
	if err != nil {
		return nil, "", "", err
	}
	header := b.headers(p)
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	var body []byte
	data := arg(p, "data")
	if method == "GET" {
		if q, err := b.queryOf(data); err != nil {
			return nil, "", "", err
		} else if q != "" {
			if u.RawQuery == "" {
				u.RawQuery = q
			} else {
				u.RawQuery = strings.TrimSuffix(u.RawQuery, "&") + "&" + q
			}
		}
	} else if body, err = b.bodyOf(data, header.Get("Content-Type")); err != nil {
		return nil, "", "", err
	}
	req, err = http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, "", "", fmt.Errorf("invalid url %q", raw)
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	req.Header = header
	return req, dataType, responseType, nil
}

// queryOf encodes GET data: an object becomes
// encodeURIComponent(k)=encodeURIComponent(v) pairs joined with "&"
// (objects as JSON, undefined members dropped); a string is appended as it
// is; an ArrayBuffer is ignored.
func (b *binding) queryOf(data goja.Value) (string, error) {
	switch {
	case data == nil || goja.IsUndefined(data) || goja.IsNull(data):
		return "", nil
	}
	obj, ok := data.(*goja.Object)
	if !ok {
		return data.String(), nil
	}
	if _, isAB := obj.Export().(goja.ArrayBuffer); isAB {
		return "", nil
	}
	return b.pairs(obj)
}

// pairs is the query-string form of an object's own enumerable members.
func (b *binding) pairs(obj *goja.Object) (string, error) {
	var parts []string
	for _, k := range obj.Keys() {
		v := obj.Get(k)
		if v == nil || goja.IsUndefined(v) {
			continue
		}
		s := v.String()
		if o, ok := v.(*goja.Object); ok {
			if _, fn := goja.AssertFunction(o); fn {
				continue
			}
			j, err := b.stringify(o)
			if err != nil {
				return "", err
			}
			s = j
		}
		parts = append(parts, encodeURIComponent(k)+"="+encodeURIComponent(s))
	}
	return strings.Join(parts, "&"), nil
}

// stringify is JSON.stringify (loop only).
func (b *binding) stringify(v goja.Value) (string, error) {
	g, ok, err := b.env.ToGo(v)
	if err != nil {
		return "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.data cannot be serialized: %v", err)}
	}
	if !ok {
		return "", nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(g); err != nil {
		return "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.data cannot be serialized: %v", err)}
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// bodyOf encodes the data of a request other than GET: a string as it is,
// an ArrayBuffer as its bytes, an object as a form (content-type
// application/x-www-form-urlencoded) or as JSON (any other content-type).
func (b *binding) bodyOf(data goja.Value, contentType string) ([]byte, error) {
	switch {
	case data == nil || goja.IsUndefined(data) || goja.IsNull(data):
		return nil, nil
	}
	obj, ok := data.(*goja.Object)
	if !ok {
		return []byte(data.String()), nil
	}
	if ab, isAB := obj.Export().(goja.ArrayBuffer); isAB {
		return append([]byte{}, ab.Bytes()...), nil
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/x-www-form-urlencoded") {
		s, err := b.pairs(obj)
		return []byte(s), err
	}
	s, err := b.stringify(obj)
	return []byte(s), err
}

// responseData converts a response body for success (loop only): an
// ArrayBuffer, the value JSON.parse gives (dataType "json", when the body
// parses), or the text.
func (b *binding) responseData(body []byte, dataType, responseType string) (any, error) {
	if responseType == "arraybuffer" {
		return b.rt.ToValue(b.rt.NewArrayBuffer(body)), nil
	}
	text := string(body)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if dataType != "json" {
		return text, nil
	}
	trimmed := strings.TrimPrefix(text, "\uFEFF")
	if !json.Valid([]byte(trimmed)) {
		return text, nil
	}
	parse, _ := goja.AssertFunction(b.rt.Get("JSON").ToObject(b.rt).Get("parse"))
	v, err := parse(goja.Undefined(), b.rt.ToValue(trimmed))
	if err != nil {
		return text, nil // goja refuses some JSON V8 accepts (1e400): keep the text
	}
	if _, isObj := v.(*goja.Object); !isObj {
		return v.Export(), nil
	}
	return v, nil
}

// encodeURIComponent escapes s as JavaScript's encodeURIComponent does.
func encodeURIComponent(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
