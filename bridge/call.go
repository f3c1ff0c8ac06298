package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/minihost/minihost/openapi"
)

// Call is one API call as a handler sees it. Handlers may read it from any
// goroutine; they must not change it.
type Call struct {
	// API is the name the handler is registered under: the wx API name, or
	// for a custom API the api_name passed to wx.invokeNativePlugin.
	API string
	// App is the calling mini program.
	App openapi.AppInfo
	// PageID is the WebView id of the page on top of the stack when the
	// call was made (0 before the first page opens), and Route its route.
	PageID int
	Route  string
	// Args is the object the mini program passed, converted as JSON would,
	// without its callbacks.
	Args map[string]any
	// Params is, for custom APIs, what the reference SDK (2.2.17+) gives a
	// host: {"stateEvent": "requestCustomApi", "api_name", "data",
	// "webviewId"}. It is nil for other APIs.
	Params map[string]any

	progress func(map[string]any) bool
	finished atomic.Bool
}

// Data returns Params["data"] for a custom API (an empty map if absent).
func (c *Call) Data() map[string]any {
	if m, ok := c.Params["data"].(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// Progress sends an intermediate result to the mini program before the
// final one: the call's "progress" callback and the listeners of
// wx.onNativePluginEvent receive {api_name, data: ev}. It reports false if
// the call has already finished (the event is dropped). Safe from any
// goroutine.
func (c *Call) Progress(ev map[string]any) bool {
	if c.progress == nil || c.finished.Load() {
		return false
	}
	return c.progress(ev)
}

// DecodeError reports an argument that does not fit what a handler expects.
type DecodeError struct {
	API   string
	Field string // dotted path of the field, "" for the whole argument
	Err   error
}

func (e *DecodeError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: invalid argument: %v", e.API, e.Err)
	}
	return fmt.Sprintf("%s: invalid argument %q: %v", e.API, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// Decode stores the call's arguments (Args; for a custom API, its data) in
// the value pointed to by dst: a struct with json tags, a map, or anything
// encoding/json can decode into. Errors are *DecodeError naming the API and
// the field.
func (c *Call) Decode(dst any) error {
	src := c.Args
	if c.Params != nil {
		src = c.Data()
	}
	return decode(c.API, src, dst)
}

func decode(api string, src map[string]any, dst any) error {
	raw, err := json.Marshal(src)
	if err != nil {
		return &DecodeError{API: api, Err: err}
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &DecodeError{API: api, Field: te.Field, Err: fmt.Errorf("expected %s, got %s", te.Type, te.Value)}
		}
		return &DecodeError{API: api, Err: err}
	}
	return nil
}
