// Package wxnet implements the network APIs of mini programs: wx.request,
// wx.downloadFile and wx.uploadFile over an http.Client the host supplies,
// with the reference platforms' domain rules, and wx.connectSocket, which
// fails with "not supported".
//
// # Basics
//
//	files := wxfs.New(filesDir, &wxfs.Options{UserID: userID})
//	network := wxnet.New(wxnet.Options{
//		Domains: func(appID string) []string { return allowList[appID] },
//		FS:      files,
//	})
//	br := bridge.New(bridge.Config{Groups: []bridge.Group{files, network}})
//
// wx.request({url, method, header, data, dataType, responseType, timeout})
// returns a RequestTask (abort, onHeadersReceived, offHeadersReceived); it
// has no Promise form. As in the base library:
//
//   - method defaults to GET and is upper-cased; it must be one of OPTIONS,
//     GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT.
//   - header's content-type defaults to application/json. The Referer is
//     the device's, https://servicewechat.com/<appId>/<version>/page-frame.html
//     ("devtools" for an app without a version); the app cannot set it.
//   - data of a GET: an object becomes encodeURIComponent(k)=
//     encodeURIComponent(v) pairs appended to the URL's query (nested
//     objects as JSON, undefined members dropped); a string is appended as
//     it is. Other methods send a string as it is, an ArrayBuffer as its
//     bytes, and an object as a form when the content-type is
//     application/x-www-form-urlencoded, else as JSON.
//   - success receives {data, statusCode, header, cookies} for every HTTP
//     status, 4xx and 5xx included. data is an ArrayBuffer with
//     responseType "arraybuffer"; otherwise, with dataType "json" (the
//     default), what JSON.parse makes of the body (a leading BOM dropped),
//     or the body text when it does not parse; with another dataType, the
//     text. header has one value per name (repeated names joined with ", "),
//     cookies the Set-Cookie values.
//   - fail: "request:fail timeout", "request:fail abort", "request:fail url
//     not in domain list", "request:fail parameter error: ...", or the
//     transport error ("request:fail dial tcp ...: connection refused").
//   - enableCache, enableHttp2, enableQuic and the like are ignored.
//
// wx.downloadFile({url, header, timeout, filePath}) writes the body into the
// app's sandbox (package wxfs): a new temporary file (success gets
// tempFilePath, wxfile://tmp_<random><ext of the URL path>) or filePath
// under wx.env.USER_DATA_PATH (success gets filePath); also statusCode and
// dataLength. Its DownloadTask has abort, onProgressUpdate /
// offProgressUpdate ({progress, totalBytesWritten,
// totalBytesExpectedToWrite}, at most one event per percent, or per 64 KB
// when the length is unknown, and always a last one) and the header
// listeners. The space comes from the app's file quota as bytes arrive; a
// download that goes over fails with "downloadFile:fail the maximum size of
// the file storage limit is exceeded" and leaves no file.
//
// wx.uploadFile({url, filePath, name, header, formData, timeout}) POSTs a
// multipart/form-data body with the formData fields and the sandbox file
// under name (with a Content-Length); success gets {data (text),
// statusCode}; the UploadTask reports {progress, totalBytesSent,
// totalBytesExpectedToSend}.
//
// # Rules
//
//   - Domains: https only, the host exactly as listed (case aside: no
//     subdomains), and the port too (a listed host without port allows only
//     the default port); IP literals and localhost are refused. Every
//     redirect is checked the same way before it is followed. A refused URL
//     fails with "<api>:fail url not in domain list". Options.AllowInsecure
//     (develop mode, tests) also allows http, IP literals and localhost;
//     the list, if any, still applies. One list serves request,
//     downloadFile and uploadFile.
//   - Timeouts: the call's timeout (milliseconds) if smaller than the
//     limit, which is app.json's networkTimeout for the API (request,
//     downloadFile, uploadFile), else 60 s. The time spent waiting for a
//     slot counts.
//   - Concurrency: at most Options.MaxConcurrent (10) calls of one running
//     app are in flight; the others wait, in order, for a slot.
//   - Every call runs with a context that ends with the app (so a
//     finished app's calls stop), on abort, or at the timeout.
//
// # Performance
//
// One wx.request round trip on loopback, from the JavaScript call to the
// success callback (GET with object data, small JSON answer; go test -bench
// . ./wxapi/wxnet on a busy 2-core Intel Xeon):
//
//	BenchmarkRequest      150-270 µs/op  24.6 KB/op  370 allocs/op
//	BenchmarkBaselineGo    64-85 µs/op    7.3 KB/op   93 allocs/op  (net/http + encoding/json alone)
//
// # Caveats
//
//   - connectSocket fails with "connectSocket:fail not supported": a
//     WebSocket client needs a library this module does not depend on. It
//     still returns a SocketTask-shaped object: send and close fail with
//     "not supported" (sendSocketMessage:fail, closeSocket:fail), onError
//     listeners hear the failure, onOpen/onClose/onMessage accept
//     listeners that are never called.
//   - wx.request bodies are read into memory, up to
//     Options.MaxResponseBytes (50 MB); larger ones fail with "response
//     too large". Use downloadFile for big files.
//   - The JSON of a response is parsed by goja's JSON.parse, which refuses
//     a few documents V8 accepts (numbers beyond float64 such as 1e400);
//     those come back as text.
//   - The concurrency limit is per running app (per runtime): two runtimes
//     of one app have a limit each.
//   - onChunkReceived (enableChunked) is not offered.
package wxnet
