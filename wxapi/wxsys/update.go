package wxsys

import (
	"context"
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/runtime"
)

// UpdateEvent is one step of the update of an app's package, as the cache
// reports it: Ready (the new version is downloaded) or Failed (its download
// failed); with neither, the end of the check, HasUpdate telling whether a
// newer version exists.
type UpdateEvent struct {
	AppID     string
	HasUpdate bool
	Ready     bool
	Failed    bool
}

// Updates connects the update manager (wx.getUpdateManager) to the host's
// package cache; the launcher implements it.
type Updates interface {
	// Watch calls fn with every update event of appID from now on, from
	// any goroutine, until stop is called. An implementation should first
	// replay the events of a check already under way or done, since the
	// check often ends before the mini program listens.
	Watch(appID string, fn func(UpdateEvent)) (stop func())
	// Apply restarts appID on the downloaded version (wx.applyUpdate).
	Apply(ctx context.Context, appID string) error
}

// UpdateHub is an Updates fed by the host: Publish (or Feed, from a channel)
// sends events to the watchers of an app, and the latest state of each app
// is replayed to new watchers. The zero value is ready to use; it is safe
// for concurrent use.
type UpdateHub struct {
	// ApplyFunc restarts an app on its new version; nil makes Apply fail
	// with bridge.ErrNotSupported.
	ApplyFunc func(ctx context.Context, appID string) error

	mu       sync.Mutex
	next     int
	watchers map[string]map[int]func(UpdateEvent)
	history  map[string][]UpdateEvent // since the last check began
}

var _ Updates = (*UpdateHub)(nil)

// Publish delivers ev to the watchers of ev.AppID and keeps it for later
// watchers. Watchers are called on the publishing goroutine.
func (h *UpdateHub) Publish(ev UpdateEvent) {
	h.mu.Lock()
	if h.history == nil {
		h.history = make(map[string][]UpdateEvent)
	}
	if !ev.Ready && !ev.Failed {
		h.history[ev.AppID] = nil // a new check starts a new story
	}
	h.history[ev.AppID] = append(h.history[ev.AppID], ev)
	fns := make([]func(UpdateEvent), 0, len(h.watchers[ev.AppID]))
	for _, fn := range h.watchers[ev.AppID] {
		fns = append(fns, fn)
	}
	h.mu.Unlock()
	for _, fn := range fns {
		fn(ev)
	}
}

// Feed publishes the events received from ch until it is closed or ctx
// ends.
func (h *UpdateHub) Feed(ctx context.Context, ch <-chan UpdateEvent) {
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			h.Publish(ev)
		case <-ctx.Done():
			return
		}
	}
}

// Forget drops the kept events of appID (after it restarted on the new
// version).
func (h *UpdateHub) Forget(appID string) {
	h.mu.Lock()
	delete(h.history, appID)
	h.mu.Unlock()
}

// Watch replays the kept events of appID to fn, then calls it with every
// event published until stop is called.
func (h *UpdateHub) Watch(appID string, fn func(UpdateEvent)) (stop func()) {
	h.mu.Lock()
	if h.watchers == nil {
		h.watchers = make(map[string]map[int]func(UpdateEvent))
	}
	if h.watchers[appID] == nil {
		h.watchers[appID] = make(map[int]func(UpdateEvent))
	}
	id := h.next
	h.next++
	h.watchers[appID][id] = fn
	past := append([]UpdateEvent(nil), h.history[appID]...)
	h.mu.Unlock()
	for _, ev := range past {
		fn(ev)
	}
	return func() {
		h.mu.Lock()
		delete(h.watchers[appID], id)
		h.mu.Unlock()
	}
}

// Apply calls ApplyFunc and forgets the app's events when it succeeds.
func (h *UpdateHub) Apply(ctx context.Context, appID string) error {
	if h.ApplyFunc == nil {
		return bridge.ErrNotSupported
	}
	if err := h.ApplyFunc(ctx, appID); err != nil {
		return err
	}
	h.Forget(appID)
	return nil
}

// updateManager is the UpdateManager object of one runtime. Loop only.
type updateManager struct {
	env     *runtime.Env
	obj     *goja.Object
	updates Updates
	appID   string

	checked, hasUpdate, ready, failed bool
	onCheck, onReady, onFailed        []goja.Callable
}

func newUpdateManager(env *runtime.Env, updates Updates, appID string) *updateManager {
	m := &updateManager{env: env, updates: updates, appID: appID}
	rt := env.JS()
	m.obj = rt.NewObject()
	listen := func(list *[]goja.Callable, already func() bool, args func() []goja.Value) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(c.Argument(0))
			if !ok {
				return goja.Undefined()
			}
			*list = append(*list, fn)
			if already() { // the step happened before the listener came
				env.Enqueue(func() { _, _ = env.Call(fn, goja.Undefined(), args()...) })
			}
			return goja.Undefined()
		}
	}
	none := func() []goja.Value { return nil }
	_ = m.obj.Set("onCheckForUpdate", listen(&m.onCheck, func() bool { return m.checked }, m.checkArgs))
	_ = m.obj.Set("onUpdateReady", listen(&m.onReady, func() bool { return m.ready }, none))
	_ = m.obj.Set("onUpdateFailed", listen(&m.onFailed, func() bool { return m.failed }, none))
	_ = m.obj.Set("applyUpdate", m.applyUpdate)
	if updates == nil {
		m.checked = true // no updater: the check finds nothing
		return m
	}
	stop := updates.Watch(appID, func(ev UpdateEvent) { env.Enqueue(func() { m.deliver(ev) }) })
	context.AfterFunc(env.Context(), stop)
	return m
}

func (m *updateManager) checkArgs() []goja.Value {
	return []goja.Value{m.env.ToJS(map[string]any{"hasUpdate": m.hasUpdate})}
}

// deliver applies one event and calls the listeners of its step.
func (m *updateManager) deliver(ev UpdateEvent) {
	var list []goja.Callable
	var args []goja.Value
	switch {
	case ev.Ready:
		if !m.checked { // a ready update implies a check that found it
			m.deliver(UpdateEvent{AppID: ev.AppID, HasUpdate: true})
		}
		m.ready, list = true, m.onReady
	case ev.Failed:
		m.failed, list = true, m.onFailed
	default:
		m.checked, m.hasUpdate, m.ready, m.failed = true, ev.HasUpdate, false, false
		list, args = m.onCheck, m.checkArgs()
	}
	for _, fn := range list {
		_, _ = m.env.Call(fn, goja.Undefined(), args...)
	}
}

// applyUpdate restarts the app on the new version, once it is ready; before
// that it only logs a warning, as the base library does.
func (m *updateManager) applyUpdate(goja.FunctionCall) goja.Value {
	log := m.env.Logger()
	if !m.ready || m.updates == nil {
		log.Warn("minihost: applyUpdate called before onUpdateReady; ignored", "appId", m.appID)
		return goja.Undefined()
	}
	complete := m.env.Reserve()
	// Applying ends this app: the restart must outlive its context.
	ctx := context.WithoutCancel(m.env.Context())
	go func() {
		err := m.updates.Apply(ctx, m.appID)
		complete(func() {
			if err != nil {
				log.Error("minihost: applyUpdate failed", "appId", m.appID, "err", err)
			}
		})
	}()
	return goja.Undefined()
}
