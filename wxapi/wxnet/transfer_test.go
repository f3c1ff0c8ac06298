package wxnet_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
)

// payload is 200 KB of non-trivial bytes.
var payload = func() []byte {
	b := make([]byte, 200<<10)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}()

func fileServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/file.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.Write(payload)
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(payload); i += 50 << 10 {
			w.Write(payload[i : i+50<<10])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/missing.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f, fh, err := r.FormFile("photo")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		data, _ := io.ReadAll(f)
		json.NewEncoder(w).Encode(map[string]any{
			"user": r.FormValue("user"), "meta": r.FormValue("meta"), "filename": fh.Filename, "size": len(data),
			"same": bytes.Equal(data, payload), "length": r.ContentLength, "type": strings.Split(r.Header.Get("Content-Type"), ";")[0],
		})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestDownloadFile(t *testing.T) {
	t.Parallel()
	srv := fileServer(t)
	files := wxfs.New(t.TempDir(), &wxfs.Options{UserID: "u1"})
	a := launch(t, "", insecure(wxnet.Options{FS: files}), files)
	sb, err := files.Sandbox("u1", "wxnet")
	if err != nil {
		t.Fatal(err)
	}
	S := srv.URL
	got := a.Run(`const t = wx.downloadFile({url: '` + S + `/file.bin', success: r => {
			log(r.errMsg, r.statusCode, /^wxfile:\/\/tmp_[0-9a-f]+\.bin$/.test(r.tempFilePath), r.dataLength)
			const fs = wx.getFileSystemManager()
			log(fs.readFileSync(r.tempFilePath).byteLength)
		}, fail: r => log(r.errMsg)})
		const seen = []
		t.onProgressUpdate(p => seen.push(p))
		t.onHeadersReceived(h => log('headers', h.statusCode, h.header['Content-Length']))
		getApp().globalData.seen = seen`)
	want := []any{"headers 200 204800", "downloadFile:ok 200 true 204800", "204800"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	v, err := a.Runtime().Eval(t.Context(), `JSON.stringify(getApp().globalData.seen)`)
	if err != nil {
		t.Fatal(err)
	}
	var seen []struct{ Progress, TotalBytesWritten, TotalBytesExpectedToWrite int64 }
	if err := json.Unmarshal([]byte(v.(string)), &seen); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 2 {
		t.Fatalf("progress events: %v", seen)
	}
	last := seen[len(seen)-1]
	if last.Progress != 100 || last.TotalBytesWritten != int64(len(payload)) || last.TotalBytesExpectedToWrite != int64(len(payload)) {
		t.Errorf("last progress %+v", last)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Progress <= seen[i-1].Progress || seen[i].TotalBytesWritten < seen[i-1].TotalBytesWritten {
			t.Errorf("progress not increasing: %+v then %+v", seen[i-1], seen[i])
		}
	}

	steps := []struct {
		name, src string
		want      []any
	}{
		{"filePath", `wx.downloadFile({url: '` + S + `/file.bin', filePath: wx.env.USER_DATA_PATH + '/got.bin', success: r => log(r.errMsg, r.filePath, r.tempFilePath)})`,
			[]any{"downloadFile:ok wxfile://usr/got.bin "}},
		{"unknown length", `const t = wx.downloadFile({url: '` + S + `/chunked', success: r => log(r.errMsg, r.dataLength)}); let last; t.onProgressUpdate(p => last = p); t.onProgressUpdate(p => { if (p.progress === 100) log('last', p.totalBytesWritten, p.totalBytesExpectedToWrite) })`,
			[]any{"last 204800 0", "downloadFile:ok 204800"}},
		{"404 is success", `wx.downloadFile({url: '` + S + `/missing.txt', success: r => log(r.errMsg, r.statusCode, wx.getFileSystemManager().readFileSync(r.tempFilePath, 'utf8').trim())})`,
			[]any{"downloadFile:ok 404 gone"}},
		{"filePath outside usr", `wx.downloadFile({url: '` + S + `/file.bin', filePath: 'wxfile://usr/../x', fail: r => log(r.errMsg)})`,
			[]any{"downloadFile:fail permission denied, open wxfile://usr/../x"}},
		{"filePath in a missing directory", `wx.downloadFile({url: '` + S + `/file.bin', filePath: wx.env.USER_DATA_PATH + '/no/x.bin', fail: r => log(r.errMsg)})`,
			[]any{"downloadFile:fail no such file or directory, open wxfile://usr/no/x.bin"}},
		{"abort", `wx.downloadFile({url: '` + S + `/file.bin', fail: r => log(r.errMsg)}).abort()`, []any{"downloadFile:fail abort"}},
	}
	for _, s := range steps {
		if got := a.Run(s.src); !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s: got %q, want %q", s.name, got, s.want)
		}
	}
	data, err := sb.ReadFile("wxfile://usr/got.bin")
	if err != nil || !bytes.Equal(data, payload) {
		t.Errorf("downloaded file: %d bytes, %v", len(data), err)
	}
}

// A download over the app's file quota fails and leaves nothing behind.
func TestDownloadQuota(t *testing.T) {
	t.Parallel()
	srv := fileServer(t)
	files := wxfs.New(t.TempDir(), &wxfs.Options{Quota: 100 << 10})
	a := launch(t, "", insecure(wxnet.Options{FS: files}), files)
	got := a.Run(`wx.downloadFile({url: '` + srv.URL + `/file.bin', fail: r => log(r.errMsg)})`)
	if want := []any{"downloadFile:fail the maximum size of the file storage limit is exceeded"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	sb, _ := files.Sandbox("", "wxnet")
	if u := sb.Usage(); u != 0 {
		t.Errorf("Usage = %d after a refused download", u)
	}
	if err := sb.Rescan(); err != nil || sb.Usage() != 0 {
		t.Errorf("files left on disk: %d bytes, %v", sb.Usage(), err)
	}
}

func TestUploadFile(t *testing.T) {
	t.Parallel()
	srv := fileServer(t)
	files := wxfs.New(t.TempDir(), nil)
	a := launch(t, "", insecure(wxnet.Options{FS: files}), files)
	sb, _ := files.Sandbox("", "wxnet")
	if err := sb.WriteFile("wxfile://usr/photo.jpg", payload, false); err != nil {
		t.Fatal(err)
	}
	got := a.Run(`const t = wx.uploadFile({url: '` + srv.URL + `/upload', filePath: wx.env.USER_DATA_PATH + '/photo.jpg', name: 'photo',
			formData: {user: 'ann', meta: {n: 1}}, success: r => {
				const d = JSON.parse(r.data)
				log(r.errMsg, r.statusCode, typeof r.data, d.user, d.meta, d.filename, d.size, d.same, d.type, d.length === last.totalBytesSent)
			}, fail: r => log(r.errMsg)})
		let last, n = 0
		t.onProgressUpdate(p => { last = p; n++ })
		t.onProgressUpdate(p => { if (p.progress === 100) log('sent', p.totalBytesSent === p.totalBytesExpectedToSend) })`)
	want := []any{"sent true", `uploadFile:ok 200 string ann {"n":1} photo.jpg 204800 true multipart/form-data true`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	steps := []struct {
		name, src string
		want      []any
	}{
		{"missing file", `wx.uploadFile({url: '` + srv.URL + `/upload', filePath: wx.env.USER_DATA_PATH + '/none.jpg', name: 'photo', fail: r => log(r.errMsg)})`,
			[]any{"uploadFile:fail no such file or directory, open wxfile://usr/none.jpg"}},
		{"outside the sandbox", `wx.uploadFile({url: '` + srv.URL + `/upload', filePath: '/etc/passwd', name: 'photo', fail: r => log(r.errMsg)})`,
			[]any{"uploadFile:fail permission denied, open /etc/passwd"}},
		{"no name", `wx.uploadFile({url: '` + srv.URL + `/upload', filePath: wx.env.USER_DATA_PATH + '/photo.jpg', fail: r => log(r.errMsg)})`,
			[]any{"uploadFile:fail parameter error: parameter.name should be String instead of Undefined;"}},
		{"abort", `wx.uploadFile({url: '` + srv.URL + `/upload', filePath: wx.env.USER_DATA_PATH + '/photo.jpg', name: 'photo', fail: r => log(r.errMsg)}).abort()`,
			[]any{"uploadFile:fail abort"}},
	}
	for _, s := range steps {
		if got := a.Run(s.src); !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s: got %q, want %q", s.name, got, s.want)
		}
	}
}

func TestNoFS(t *testing.T) {
	t.Parallel()
	a := launch(t, "", insecure(wxnet.Options{}))
	got := a.Run(`wx.downloadFile({url: 'http://127.0.0.1:1/x', fail: r => log(r.errMsg)})`)
	if want := []any{fmt.Sprintf("downloadFile:fail %v", wxnet.ErrNoFS)}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
