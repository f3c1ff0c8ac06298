// Package transcript writes what happens in a running mini program as JSON
// lines: one object per line, each with a "type". It is the output format
// of "minihost run" and of the golden files of package apptest, and a public
// contract: fields are only ever added, never renamed or removed.
//
// Line types:
//
//	{"type":"start","code":0,"appId":"...","version":"...","source":"cache"}
//	{"type":"lifecycle","target":"app"|"<route>","hook":"onLaunch"}
//	{"type":"setData","route":"<route>","patch":{...},"data":{...}}
//	{"type":"api","name":"navigateTo","route":"<route>","args":{...},"result":{"errMsg":"navigateTo:ok"}}
//	{"type":"host","name":"<api>","params":{...}}
//	{"type":"console","level":"log","args":[...]}
//	{"type":"error","message":"...","stack":"...","source":"..."}
//	{"type":"step","index":0,"step":{...}}
//	{"type":"render","route":"<route>","tree":"<text snapshot of the page's view>"}
//	{"type":"done","stack":["<route>",...],"data":{"<route>":{...}}}
//
// Objects are written with their keys in sorted order, so a transcript of a
// run on the virtual clock is byte-for-byte reproducible.
package transcript

import (
	"encoding/json"
	"io"
	"sync"

	"github.com/minihost/minihost/runtime"
)

// Writer writes transcript lines. It is safe for concurrent use; the first
// write error is kept and later writes are skipped.
type Writer struct {
	mu   sync.Mutex
	enc  *json.Encoder
	err  error
	done bool
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{enc: enc}
}

// Err returns the first write error.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Line writes one line; v must marshal to a JSON object. Nothing is written
// after a Done line.
func (w *Writer) Line(v any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil || w.done {
		return
	}
	w.err = w.enc.Encode(v)
	if _, last := v.(Done); last {
		w.done = true
	}
}

// Lifecycle is a "lifecycle" line.
type Lifecycle struct {
	Type   string `json:"type"`
	AppID  string `json:"appId,omitempty"` // set when several apps share a transcript (the launcher)
	Target string `json:"target"`
	Hook   string `json:"hook"`
}

// SetData is a "setData" line.
type SetData struct {
	Type  string         `json:"type"`
	AppID string         `json:"appId,omitempty"`
	Route string         `json:"route"`
	Patch map[string]any `json:"patch"`
	Data  map[string]any `json:"data"`
}

// API is an "api" line.
type API struct {
	Type   string         `json:"type"`
	AppID  string         `json:"appId,omitempty"`
	Name   string         `json:"name"`
	Route  string         `json:"route,omitempty"`
	Args   map[string]any `json:"args"`
	Result map[string]any `json:"result"`
}

// Host is a "host" line: a call that reached a host handler, with exactly
// the parameters the handler received.
type Host struct {
	Type   string `json:"type"`
	AppID  string `json:"appId,omitempty"`
	Name   string `json:"name"`
	Params any    `json:"params"`
}

// Console is a "console" line.
type Console struct {
	Type  string `json:"type"`
	AppID string `json:"appId,omitempty"`
	Level string `json:"level"`
	Args  []any  `json:"args"`
}

// Error is an "error" line.
type Error struct {
	Type    string `json:"type"`
	AppID   string `json:"appId,omitempty"`
	Message string `json:"message"`
	Stack   string `json:"stack,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Done is the last line of a run.
type Done struct {
	Type  string                    `json:"type"`
	AppID string                    `json:"appId,omitempty"`
	Stack []string                  `json:"stack"`
	Data  map[string]map[string]any `json:"data"`
}

// Event writes the line for a runtime event.
func (w *Writer) Event(ev runtime.Event) { w.AppEvent("", ev) }

// AppEvent writes the line for a runtime event of the app appID; the line
// carries "appId" when it is not "".
func (w *Writer) AppEvent(appID string, ev runtime.Event) {
	switch e := ev.(type) {
	case *runtime.LifecycleEvent:
		w.Line(Lifecycle{Type: "lifecycle", AppID: appID, Target: e.Target, Hook: e.Hook})
	case *runtime.SetDataEvent:
		w.Line(SetData{Type: "setData", AppID: appID, Route: e.Route, Patch: e.Patch, Data: e.Data})
	case *runtime.APIEvent:
		w.Line(API{Type: "api", AppID: appID, Name: e.Name, Route: e.Route, Args: e.Args, Result: e.Result})
	case *runtime.ConsoleEvent:
		w.Line(Console{Type: "console", AppID: appID, Level: e.Level, Args: e.Args})
	case *runtime.ErrorEvent:
		w.Line(Error{Type: "error", AppID: appID, Message: e.Err.Message, Stack: e.Err.Stack, Source: e.Err.Source})
	}
}

// RenderLine is a "render" line: the text snapshot of a page's view.
type RenderLine struct {
	Type  string `json:"type"`
	AppID string `json:"appId,omitempty"`
	Route string `json:"route"`
	Tree  string `json:"tree"`
}

// Render writes a "render" line.
func (w *Writer) Render(route, tree string) { w.RenderApp("", route, tree) }

// RenderApp writes a "render" line of the app appID ("" leaves it out).
func (w *Writer) RenderApp(appID, route, tree string) {
	w.Line(RenderLine{Type: "render", AppID: appID, Route: route, Tree: tree})
}

// HostCall writes a "host" line.
func (w *Writer) HostCall(name string, params any) { w.HostCallApp("", name, params) }

// HostCallApp writes a "host" line of the app appID ("" leaves it out).
func (w *Writer) HostCallApp(appID, name string, params any) {
	w.Line(Host{Type: "host", AppID: appID, Name: name, Params: params})
}

// Done writes the "done" line from the final page stack. It is the last
// line: the writer drops anything written after it.
func (w *Writer) Done(pages []runtime.PageState) { w.DoneApp("", pages) }

// DoneApp writes the "done" line of the app appID ("" leaves it out).
func (w *Writer) DoneApp(appID string, pages []runtime.PageState) {
	d := Done{Type: "done", AppID: appID, Stack: make([]string, 0, len(pages)), Data: make(map[string]map[string]any, len(pages))}
	for _, p := range pages {
		d.Stack = append(d.Stack, p.Route)
		d.Data[p.Route] = p.Data
	}
	w.Line(d)
}
