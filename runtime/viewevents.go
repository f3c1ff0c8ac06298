package runtime

import (
	"context"
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/runtime/datapath"
	"github.com/minihost/minihost/runtime/jsvalue"
	"github.com/minihost/minihost/view"
)

// Errors of the view-driving methods.
var (
	// ErrNoView is returned for a page that has no WXML.
	ErrNoView = errors.New("page has no view")
	// ErrNoMatch is returned when a selector matches no element (or fewer
	// than the index asked for).
	ErrNoMatch = errors.New("no element matches")
)

// bubbling events cross element and component boundaries, as the base
// library's touch events do; the others reach only their target.
var bubbling = map[string]bool{
	"tap": true, "longpress": true, "longtap": true, "touchstart": true, "touchmove": true,
	"touchend": true, "touchcancel": true, "transitionend": true, "animationstart": true,
	"animationiteration": true, "animationend": true, "touchforcechange": true,
}

// uiEvent is an event travelling through a page's tree.
type uiEvent struct {
	typ      string
	detail   any
	target   *view.Node
	bubbles  bool
	composed bool // crosses component boundaries
	capture  bool // has a capture phase
	gesture  bool
}

// ownerScope returns the page or component whose methods handle the
// bindings of nodes made by owner.
func (r *Runtime) ownerScope(p *page, owner view.Component) *scope {
	if c, ok := owner.(*compInst); ok && c != nil {
		return &c.scope
	}
	return &p.scope
}

func nodeInfo(n *view.Node) map[string]any {
	ds := n.Dataset
	if ds == nil {
		ds = map[string]any{}
	}
	return map[string]any{"id": n.ID, "dataset": ds}
}

// dispatch sends ev through the tree: a capture phase from the root down
// to the target, then a bubbling phase back up, calling bound handlers on
// the page or component that made each node. catch bindings stop the
// event; among mut-bind handlers only the first runs.
func (r *Runtime) dispatch(p *page, ev uiEvent) error {
	// The path from the target to the root, within the owner's tree unless
	// the event is composed.
	// A composed event travels the rendered tree, through component
	// boundaries; a non-composed one stays in the tree of the page or
	// component that made its target, where a slotted node's parent is the
	// component element it was passed to.
	next := func(n *view.Node) *view.Node {
		if !ev.composed {
			return n.LogicalParent()
		}
		// A virtual host's element holds no node of its own: leaving the
		// component's template, the event still passes through it.
		if c, ok := n.Owner.(*compInst); ok && c.def.virtualHost && c.host != nil && n != c.host &&
			(n.Parent == nil || n.Parent.Owner != n.Owner) {
			return c.host
		}
		return n.Parent
	}
	var path []*view.Node
	for n := ev.target; n != nil; n = next(n) {
		if n != ev.target && !ev.composed && n.Owner != ev.target.Owner {
			break // a non-composed event stays in its component's tree
		}
		path = append(path, n)
		if !ev.bubbles && !ev.capture {
			break
		}
	}
	marks := map[string]any{}
	for i := len(path) - 1; i >= 0; i-- {
		for k, v := range path[i].Marks {
			marks[k] = v
		}
	}
	stopped, mutDone := false, false
	call := func(n *view.Node, b view.Binding) error {
		if b.Mutated {
			if mutDone {
				return nil
			}
			mutDone = true
		}
		s := r.ownerScope(p, n.Owner)
		fnV := s.obj.Get(b.Handler)
		if _, ok := goja.AssertFunction(fnV); !ok {
			return nil // the base library warns and goes on
		}
		// target is retargeted to the host element of the component the
		// handler's node belongs to, when the event came from inside it.
		target := ev.target
		for target.Owner != n.Owner && target.Owner != nil {
			c, _ := target.Owner.(*compInst)
			if c == nil || c.host == nil {
				break
			}
			target = c.host
		}
		e := map[string]any{
			"type":          ev.typ,
			"timeStamp":     float64(r.opts.Clock.Now().UnixMilli()),
			"target":        nodeInfo(target),
			"currentTarget": nodeInfo(n),
			"detail":        ev.detail,
			"mark":          marks,
		}
		if ev.detail == nil {
			e["detail"] = map[string]any{}
		}
		prev := r.gesture // an event triggered inside a tap keeps the tap's gesture
		r.gesture = ev.gesture || prev
		_, err := r.gestureCall(goja.Undefined(), fnV, s.obj, jsvalue.ToJS(r.rt, e), r.rt.ToValue(func() { r.gesture = false }))
		r.gesture = prev
		if err != nil {
			se := newScriptError(err, "event")
			r.reportError(se)
			if s.comp != nil { // a component hears its own errors
				r.componentLifetime(s.comp, "error", r.rt.ToValue(se.Error()))
			}
			return se
		}
		return nil
	}
	var firstErr error
	run := func(n *view.Node, capture bool) {
		for _, b := range n.Events {
			if stopped || b.Event != ev.typ || b.Capture != capture {
				continue
			}
			if err := call(n, b); err != nil && firstErr == nil {
				firstErr = err
			}
			if b.Catch {
				stopped = true
			}
		}
	}
	if ev.capture {
		for i := len(path) - 1; i >= 0 && !stopped; i-- {
			run(path[i], true)
		}
	}
	for i, n := range path {
		if stopped || (!ev.bubbles && i > 0) {
			break
		}
		run(n, false)
	}
	return firstErr
}

// selectNode finds the index-th element of the current page matching
// selector.
func (r *Runtime) selectNode(selector string, index int) (*page, *view.Node, error) {
	p := r.top()
	if p == nil {
		return nil, nil, ErrNoPage
	}
	if p.view == nil || p.view.tree == nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrNoView, p.route)
	}
	nodes, err := p.view.tree.Select(selector)
	if err != nil {
		return nil, nil, err
	}
	if index < 0 || index >= len(nodes) {
		return nil, nil, fmt.Errorf("%w %q on %s (index %d of %d matches)", ErrNoMatch, selector, p.route, index, len(nodes))
	}
	return p, nodes[index], nil
}

// TapElement taps the index-th element of the current page that selector
// matches ("#buy", ".item", "view.row text"), as a user would: the tap
// goes through the bindings of the element and its ancestors (capture,
// then bubbling), and counts as a user gesture. A button with form-type
// submit or reset also submits or resets its form.
func (r *Runtime) TapElement(ctx context.Context, selector string, index int) error {
	return r.do(ctx, func() error {
		p, n, err := r.selectNode(selector, index)
		if err != nil {
			return err
		}
		err = r.dispatch(p, uiEvent{typ: "tap", target: n, bubbles: true, composed: true, capture: true, gesture: true,
			detail: map[string]any{"x": 0.0, "y": 0.0}})
		if n.Tag == "button" {
			r.buttonAction(p, n)
		}
		return err
	})
}

// InputText types text into the index-th input or textarea matching
// selector: its value becomes text and it fires input (detail {value,
// cursor, keyCode}), as the base library does.
func (r *Runtime) InputText(ctx context.Context, selector string, index int, text string) error {
	return r.do(ctx, func() error {
		p, n, err := r.selectNode(selector, index)
		if err != nil {
			return err
		}
		if n.Tag != "input" && n.Tag != "textarea" {
			return fmt.Errorf("runtime: %q matches a <%s>, not an input or textarea", selector, n.Tag)
		}
		if n.Attrs == nil {
			n.Attrs = map[string]any{}
		}
		n.Attrs["value"] = text
		return r.dispatch(p, uiEvent{typ: "input", target: n, gesture: true,
			detail: map[string]any{"value": text, "cursor": float64(len([]rune(text))), "keyCode": 0.0}})
	})
}

// FireEvent sends an event of type typ with detail to the index-th element
// matching selector (blur, confirm, change, scroll...). Events of the tap
// family bubble; the others reach only the element.
func (r *Runtime) FireEvent(ctx context.Context, selector string, index int, typ string, detail map[string]any) error {
	return r.do(ctx, func() error {
		p, n, err := r.selectNode(selector, index)
		if err != nil {
			return err
		}
		b := bubbling[typ]
		return r.dispatch(p, uiEvent{typ: typ, target: n, bubbles: b, composed: b, capture: b, gesture: typ == "tap", detail: detail})
	})
}

// buttonAction does what a button's form-type and open-type ask: submit or
// reset the enclosing form, or call the host for getPhoneNumber and
// getUserInfo, whose result reaches the button's bindgetphonenumber /
// bindgetuserinfo.
func (r *Runtime) buttonAction(p *page, n *view.Node) {
	switch n.Attrs["form-type"] {
	case "submit":
		if form := ancestor(n, "form"); form != nil {
			values := map[string]any{}
			collectFields(form, values)
			_ = r.dispatch(p, uiEvent{typ: "submit", target: form, gesture: true, detail: map[string]any{"value": values, "formId": ""}})
		}
		return
	case "reset":
		if form := ancestor(n, "form"); form != nil {
			_ = r.dispatch(p, uiEvent{typ: "reset", target: form, gesture: true})
		}
		return
	}
	openType, _ := n.Attrs["open-type"].(string)
	var api, event string
	switch openType {
	case "getPhoneNumber":
		api, event = "getPhoneNumber", "getphonenumber"
	case "getUserInfo":
		api, event = "getUserInfo", "getuserinfo"
	case "share":
		// The page decides what is shared, as on the device.
		if fn, ok := goja.AssertFunction(p.obj.Get("onShareAppMessage")); ok {
			r.emit(&LifecycleEvent{Target: p.route, PageID: p.id, Hook: "onShareAppMessage"})
			arg := jsvalue.ToJS(r.rt, map[string]any{"from": "button", "target": nodeInfo(n)})
			if _, err := fn(p.obj, arg); err != nil {
				r.reportError(newScriptError(err, "lifecycle"))
			}
		}
		return
	case "contact":
		_ = r.dispatch(p, uiEvent{typ: "contact", target: n, detail: map[string]any{"errMsg": "enterContact:ok", "path": "", "query": map[string]any{}}})
		return
	default:
		return // chooseAvatar, launchApp...: nothing to ask the host headlessly
	}
	fn, ok := goja.AssertFunction(r.wx.Get(api))
	if !ok {
		return
	}
	done := r.rt.ToValue(func(res goja.Value) {
		detail, _, _ := jsvalue.ToGo(r.rt, res)
		_ = r.dispatch(p, uiEvent{typ: event, target: n, detail: detail})
	})
	arg := r.rt.NewObject()
	_ = arg.Set("complete", done)
	r.gesture = true
	_, _ = fn(r.wx, arg)
	r.gesture = false
}

func ancestor(n *view.Node, tag string) *view.Node {
	for x := n.Parent; x != nil; x = x.Parent {
		if x.Tag == tag {
			return x
		}
	}
	return nil
}

// collectFields gathers the values of the named form fields under n.
func collectFields(n *view.Node, out map[string]any) {
	for _, c := range n.Children {
		if name, ok := c.Attrs["name"].(string); ok && name != "" {
			switch c.Tag {
			case "input", "textarea", "picker", "slider":
				out[name] = valueOr(c.Attrs["value"], "")
			case "switch", "checkbox":
				out[name] = c.Attrs["checked"] == true
			default:
				if c.Component != nil {
					// a custom form field (wx://form-field) exposes its value
					out[name] = c.Component.Data()["value"]
				}
			}
		}
		collectFields(c, out)
	}
}

func valueOr(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

// NodeInfo describes an element of a page's view.
type NodeInfo struct {
	Tag     string         `json:"tag"`
	ID      string         `json:"id,omitempty"`
	Class   []string       `json:"class,omitempty"`
	Dataset map[string]any `json:"dataset,omitempty"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Text    string         `json:"text"`
	Hidden  bool           `json:"hidden,omitempty"`
	// Data is the component's data, for a custom component element.
	Data map[string]any `json:"data,omitempty"`
}

// Query returns the elements of the current page's view that selector
// matches.
func (r *Runtime) Query(ctx context.Context, selector string) ([]NodeInfo, error) {
	var out []NodeInfo
	err := r.do(ctx, func() error {
		p := r.top()
		if p == nil {
			return ErrNoPage
		}
		if p.view == nil || p.view.tree == nil {
			return fmt.Errorf("%w: %s", ErrNoView, p.route)
		}
		nodes, err := p.view.tree.Select(selector)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			info := NodeInfo{Tag: n.Tag, ID: n.ID, Class: append([]string(nil), n.Class...), Dataset: copyMap(n.Dataset), Attrs: copyMap(n.Attrs), Text: n.TextContent(), Hidden: n.Hidden}
			if n.Component != nil {
				info.Data = copyMap(n.Component.Data())
			}
			out = append(out, info)
		}
		return nil
	})
	return out, err
}

// copyMap deep-copies view data for the host: the loop keeps changing the
// originals.
func copyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return datapath.Copy(m).(map[string]any)
}

// Snapshot returns an indented text rendering of the current page's view,
// deterministic, for golden files; "" for a page without WXML.
func (r *Runtime) Snapshot(ctx context.Context) (string, error) {
	var out string
	err := r.do(ctx, func() error {
		p := r.top()
		if p == nil {
			return ErrNoPage
		}
		if p.view != nil && p.view.tree != nil {
			out = p.view.tree.Snapshot()
		}
		return nil
	})
	return out, err
}

// Snapshots returns the text rendering of every open page's view, by
// route (pages without WXML are left out).
func (r *Runtime) Snapshots(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := r.do(ctx, func() error {
		for _, p := range r.stack {
			if p.view != nil && p.view.tree != nil {
				out[p.route] = p.view.tree.Snapshot()
			}
		}
		return nil
	})
	return out, err
}
