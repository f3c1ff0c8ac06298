package wxnet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/wxapi/wxfs"
)

// progress throttles progress events: one per whole percent, or per 64 KB
// when the total is unknown, and always the last.
type progress struct {
	b         *binding
	t         *task
	total     int64
	done      int64
	lastPct   int64
	lastBytes int64
	upload    bool // name the fields totalBytesSent/ExpectedToSend instead of Written/ExpectedToWrite
	mu        sync.Mutex
}

func (pr *progress) add(n int64, final bool) {
	pr.mu.Lock()
	pr.done += n
	done, total := pr.done, pr.total
	pct := int64(0)
	if total > 0 {
		pct = min(100, done*100/total)
	}
	if final && total <= 0 {
		pct = 100
	}
	emit := (total > 0 && pct != pr.lastPct) || (total <= 0 && done-pr.lastBytes >= 64<<10)
	if final {
		emit = pct != pr.lastPct || done != pr.lastBytes
	}
	if emit {
		pr.lastPct, pr.lastBytes = pct, done
	}
	pr.mu.Unlock()
	if !emit {
		return
	}
	ev := map[string]any{"progress": float64(pct), "totalBytesWritten": float64(done), "totalBytesExpectedToWrite": float64(max(total, 0))}
	if pr.upload {
		ev = map[string]any{"progress": float64(pct), "totalBytesSent": float64(done), "totalBytesExpectedToSend": float64(max(total, 0))}
	}
	t, env := pr.t, pr.b.env
	env.Enqueue(func() {
		if len(t.onProg) > 0 {
			t.onProg.emit(env, env.ToJS(ev))
		}
	})
}

// sandbox returns the app's sandbox, or ErrNoFS.
func (b *binding) sandbox() (*wxfs.Sandbox, error) {
	if b.sb == nil {
		return nil, ErrNoFS
	}
	return b.sb()
}

// downloadFile is wx.downloadFile: the body goes to a temporary file of the
// app's sandbox (tempFilePath) or, with filePath, to that user file.
func (b *binding) downloadFile(p *bridge.Pending) goja.Value {
	t := b.newTask(true)
	raw, err := requireString(p, "url")
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	u, err := b.parseURL(raw)
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	var filePath string
	if v := arg(p, "filePath"); !goja.IsUndefined(v) && !goja.IsNull(v) {
		filePath = v.String()
		if k, err := wxfs.PathKind(filePath); err != nil || k != wxfs.KindUser || filePath == wxfs.UserDataPath {
			p.Fail(&wxfs.PathError{Op: "open", Path: filePath, Err: wxfs.ErrPermission})
			return t.obj
		}
	}
	sb, err := b.sandbox()
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	req, err := http.NewRequest("GET", u.String(), http.NoBody)
	if err != nil {
		p.Fail(fmt.Errorf("invalid url %q", raw))
		return t.obj
	}
	req.Header = b.headers(p)
	ctx := b.start(t, "downloadFile", arg(p, "timeout"))
	complete := b.env.Reserve()
	go func() {
		defer t.cancel(nil)
		res, err := b.download(ctx, t, req, sb, path.Ext(u.Path), filePath)
		complete(func() { p.Settle(res, err) })
	}()
	return t.obj
}

// download runs a download off the loop.
func (b *binding) download(ctx context.Context, t *task, req *http.Request, sb *wxfs.Sandbox, ext, filePath string) (map[string]any, error) {
	if err := b.sem.Acquire(ctx, 1); err != nil {
		return nil, reason(ctx, err)
	}
	defer b.sem.Release(1)
	resp, err := b.g.client.Do(req.WithContext(ctx))
	if err != nil {
		return nil, reason(ctx, err)
	}
	defer resp.Body.Close()
	b.headersEvent(t, resp)
	tmp, f, err := sb.CreateTemp(ext)
	if err != nil {
		return nil, err
	}
	written, err := b.save(ctx, t, resp, sb, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		_ = sb.Remove(tmp)
		return nil, err
	}
	res := map[string]any{"statusCode": float64(resp.StatusCode), "dataLength": float64(written)}
	if filePath == "" {
		res["tempFilePath"] = tmp
		return res, nil
	}
	if err := sb.Rename(tmp, filePath); err != nil {
		_ = sb.Remove(tmp)
		var pe *wxfs.PathError
		if errors.As(err, &pe) {
			return nil, &wxfs.PathError{Op: "open", Path: filePath, Err: pe.Err}
		}
		return nil, err
	}
	res["filePath"] = filePath
	return res, nil
}

// save copies a response body into f, taking the space from the sandbox's
// quota as bytes arrive, and reports progress.
func (b *binding) save(ctx context.Context, t *task, resp *http.Response, sb *wxfs.Sandbox, f io.Writer) (int64, error) {
	pr := &progress{b: b, t: t, total: resp.ContentLength, lastPct: -1}
	buf := make([]byte, 32<<10)
	var written int64
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if err := sb.Reserve(int64(n)); err != nil {
				return written, err
			}
			m, werr := f.Write(buf[:n])
			written += int64(m)
			if m < n {
				sb.Release(int64(n - m))
			}
			if werr != nil {
				return written, werr
			}
			pr.add(int64(m), false)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return written, reason(ctx, rerr)
		}
	}
	pr.add(0, true)
	return written, nil
}

// uploadFile is wx.uploadFile: a multipart/form-data POST of formData and
// the sandbox file filePath under name.
func (b *binding) uploadFile(p *bridge.Pending) goja.Value {
	t := b.newTask(true)
	raw, err := requireString(p, "url")
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	filePath, err := requireString(p, "filePath")
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	name, err := requireString(p, "name")
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	u, err := b.parseURL(raw)
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	sb, err := b.sandbox()
	if err != nil {
		p.Fail(err)
		return t.obj
	}
	var fields [][2]string
	if obj, ok := arg(p, "formData").(*goja.Object); ok {
		for _, k := range obj.Keys() {
			v := obj.Get(k)
			if v == nil || goja.IsUndefined(v) {
				continue
			}
			s := v.String()
			if o, ok := v.(*goja.Object); ok {
				if s, err = b.stringify(o); err != nil {
					p.Fail(err)
					return t.obj
				}
			}
			fields = append(fields, [2]string{k, s})
		}
	}
	header := b.headers(p)
	ctx := b.start(t, "uploadFile", arg(p, "timeout"))
	complete := b.env.Reserve()
	go func() {
		defer t.cancel(nil)
		res, err := b.upload(ctx, t, u.String(), header, sb, filePath, name, fields)
		complete(func() { p.Settle(res, err) })
	}()
	return t.obj
}

// upload runs an upload off the loop.
func (b *binding) upload(ctx context.Context, t *task, url string, header http.Header, sb *wxfs.Sandbox, filePath, name string, fields [][2]string) (map[string]any, error) {
	f, err := sb.Open(filePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// The multipart body is a head (the fields and the file part's header),
	// the file, and a tail, so that its length is known in advance.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range fields {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	if _, err := mw.CreateFormFile(name, path.Base(filePath)); err != nil {
		return nil, err
	}
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := mw.Close(); err != nil {
		return nil, err
	}
	tail := bytes.Clone(buf.Bytes())
	total := int64(len(head)) + fi.Size() + int64(len(tail))
	pr := &progress{b: b, t: t, total: total, lastPct: -1, upload: true}
	body := &countingReader{r: io.MultiReader(bytes.NewReader(head), io.LimitReader(f, fi.Size()), bytes.NewReader(tail)), pr: pr}
	req, err := http.NewRequestWithContext(ctx, "POST", url, body)
	if err != nil {
		return nil, err
	}
	req.Header = header
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.ContentLength = total
	if err := b.sem.Acquire(ctx, 1); err != nil {
		return nil, reason(ctx, err)
	}
	defer b.sem.Release(1)
	resp, err := b.g.client.Do(req)
	if err != nil {
		return nil, reason(ctx, err)
	}
	defer resp.Body.Close()
	b.headersEvent(t, resp)
	max := b.g.opts.MaxResponseBytes
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, reason(ctx, err)
	}
	if int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	pr.add(0, true)
	return map[string]any{"data": string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), "statusCode": float64(resp.StatusCode)}, nil
}

// countingReader reports the bytes read through it as upload progress.
type countingReader struct {
	r  io.Reader
	pr *progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.pr.add(int64(n), false)
	}
	return n, err
}
