package wxsys_test

import (
	"context"
	"sync"
	"testing"

	"github.com/minihost/minihost/wxapi/wxsys"
)

func TestUpdateManagerWithoutUpdater(t *testing.T) {
	t.Parallel()
	e := launch(t, config{})
	got := join(e.run(`const m = wx.getUpdateManager(); log(m === wx.getUpdateManager());
		m.onCheckForUpdate(r => log('check', r.hasUpdate)); m.onUpdateReady(() => log('ready')); m.applyUpdate()`))
	if got != "true\ncheck false" {
		t.Errorf("got %q", got)
	}
}

func TestUpdateManager(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var applied []string
	hub := &wxsys.UpdateHub{ApplyFunc: func(ctx context.Context, appID string) error {
		mu.Lock()
		applied = append(applied, appID)
		mu.Unlock()
		return nil
	}}
	appliedN := func() int { mu.Lock(); defer mu.Unlock(); return len(applied) }
	// The background check ended before the app listened.
	hub.Publish(wxsys.UpdateEvent{AppID: "wxsys", HasUpdate: true})
	hub.Publish(wxsys.UpdateEvent{AppID: "someone-else", HasUpdate: false})
	e := launch(t, config{opts: wxsys.Options{Updates: hub}})
	got := join(e.run(`globalThis.m = wx.getUpdateManager();
		m.onCheckForUpdate(r => log('check', r.hasUpdate));
		m.onUpdateReady(() => { log('ready'); m.applyUpdate() });
		m.onUpdateFailed(() => log('failed'));
		m.applyUpdate()`))
	if got != "check true" {
		t.Fatalf("before the download: %q", got)
	}
	if n := appliedN(); n != 0 {
		t.Fatalf("applyUpdate before ready applied %d times", n)
	}
	hub.Publish(wxsys.UpdateEvent{AppID: "wxsys", Ready: true})
	if got := join(e.idleLog()); got != "check true\nready" {
		t.Fatalf("after the download: %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(applied) != 1 || applied[0] != "wxsys" {
		t.Errorf("applied %q", applied)
	}
}

func TestUpdateFeed(t *testing.T) {
	t.Parallel()
	hub := &wxsys.UpdateHub{}
	ch := make(chan wxsys.UpdateEvent)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { hub.Feed(ctx, ch); close(done) }()
	e := launch(t, config{opts: wxsys.Options{Updates: hub}})
	e.run(`const m = wx.getUpdateManager(); m.onCheckForUpdate(r => log('check', r.hasUpdate));
		m.onUpdateFailed(() => log('failed')); m.onUpdateReady(() => log('ready'))`)
	ch <- wxsys.UpdateEvent{AppID: "wxsys", HasUpdate: true}
	ch <- wxsys.UpdateEvent{AppID: "wxsys", Failed: true}
	close(ch)
	<-done
	if got := join(e.idleLog()); got != "check true\nfailed" {
		t.Errorf("got %q", got)
	}
	// A ready event without a check implies one that found the update.
	e2 := launch(t, config{opts: wxsys.Options{Updates: hub}})
	hub.Forget("wxsys")
	e2.run(`const m = wx.getUpdateManager(); m.onCheckForUpdate(r => log('check', r.hasUpdate)); m.onUpdateReady(() => log('ready'))`)
	hub.Publish(wxsys.UpdateEvent{AppID: "wxsys", Ready: true})
	if got := join(e2.idleLog()); got != "check true\nready" {
		t.Errorf("ready alone: %q", got)
	}
}

func TestUpdateHubApplyUnsupported(t *testing.T) {
	t.Parallel()
	hub := &wxsys.UpdateHub{}
	if err := hub.Apply(context.Background(), "a"); err == nil {
		t.Error("Apply without ApplyFunc succeeded")
	}
	var got []wxsys.UpdateEvent
	hub.Publish(wxsys.UpdateEvent{AppID: "a", HasUpdate: true})
	hub.Publish(wxsys.UpdateEvent{AppID: "a", HasUpdate: false}) // a new check replaces the old story
	stop := hub.Watch("a", func(ev wxsys.UpdateEvent) { got = append(got, ev) })
	stop()
	hub.Publish(wxsys.UpdateEvent{AppID: "a", Ready: true})
	if len(got) != 1 || got[0].HasUpdate {
		t.Errorf("watcher saw %+v", got)
	}
}
