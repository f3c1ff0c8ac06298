package launcher_test

import (
	"context"
	"testing"
	"time"

	"github.com/minihost/minihost/launcher"
)

func TestUpdateManager(t *testing.T) {
	t.Parallel()
	var restarted = make(chan string, 4)
	w := newWorld(t, launcher.Config{OnEvent: func(ev launcher.Event) {
		if ev.Kind == launcher.EventStarted && ev.AppID == "wxupdater" {
			restarted <- ev.Version
		}
	}})
	publish(t, w.repo, "updater", "wxupdater", "1.0.0")
	a := w.start("wxupdater", nil)
	<-restarted
	settle(t, a, time.Second)
	if got := eval(t, a, `getApp().globalData.log.join(', ')`); got != "version 1.0.0, hasUpdate false" {
		t.Errorf("first run: %v", got)
	}
	w.l.FinishAll()

	// A newer version is published: the next start opens 1.0.0 from the
	// cache, finds 1.1.0 in the background, downloads it, and the app
	// applies it, which restarts it on 1.1.0.
	publish(t, w.repo, "updater", "wxupdater", "1.1.0")
	res := w.l.Start(context.Background(), "wxupdater", nil)
	if res.Code != launcher.CodeOK || res.Version != "1.0.0" || res.Source != "cache" {
		t.Fatalf("second start: %+v", res)
	}
	<-restarted
	select {
	case v := <-restarted:
		if v != "1.1.0" {
			t.Fatalf("restarted on %s", v)
		}
	case <-time.After(10 * time.Second):
		a := w.l.App("wxupdater")
		t.Fatalf("no restart on the new version; log: %v", eval(t, a, `getApp().globalData.log`))
	}
	b := w.l.App("wxupdater")
	if b == nil || b.Info().Version != "1.1.0" {
		t.Fatalf("running: %v", b)
	}
	settle(t, b, time.Second)
	if got := eval(t, b, `getApp().globalData.log[0] + ' ' + wx.getStorageSync('applied')`); got != "version 1.1.0 true" {
		t.Errorf("after the update: %v", got)
	}
}
