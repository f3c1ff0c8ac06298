package launcher_test

import (
	"context"
	"sync"
	"testing"

	"github.com/minihost/minihost/launcher"
)

// Starts of different apps at once leave exactly one app in front, and
// every other one really hidden.
func TestConcurrentStartsOneForeground(t *testing.T) {
	t.Parallel()
	for round := 0; round < 5; round++ {
		w := newWorld(t, launcher.Config{})
		var wg sync.WaitGroup
		for _, id := range []string{"wxalpha", "wxbeta", "wxgamma"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if res := w.l.Start(context.Background(), id, nil); res.Code != launcher.CodeOK {
					t.Errorf("start %s: %d %s", id, res.Code, res.Info)
				}
			}()
		}
		wg.Wait()
		front := 0
		for _, a := range w.l.Running() {
			if a.State() == launcher.StateForeground {
				front++
				if w.l.Foreground() != a {
					t.Errorf("round %d: %s is in front but Foreground() = %v", round, a.AppID(), w.l.Foreground())
				}
			}
		}
		if front != 1 {
			t.Errorf("round %d: %d apps in front", round, front)
		}
		if a := w.l.App("wxalpha"); a != nil && a.State() == launcher.StateBackground {
			if hides := eval(t, a, `getApp().globalData.hides`); hides != 1.0 {
				t.Errorf("round %d: alpha in the background saw %v onHide", round, hides)
			}
		}
	}
}

// Close and Start of the same app at once: the app's state and its runtime
// agree afterwards (in front means its last App hook was onShow).
func TestCloseAndStartAgree(t *testing.T) {
	t.Parallel()
	w := newWorld(t, launcher.Config{MaxBackground: 1})
	a := w.start("wxalpha", nil)
	for i := 0; i < 30; i++ {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); w.l.Close("wxalpha") }()
		go func() { defer wg.Done(); w.l.Start(context.Background(), "wxalpha", nil) }()
		wg.Wait()
		shows := len(eval(t, a, `getApp().globalData.shows`).([]any))
		hides := int(eval(t, a, `getApp().globalData.hides`).(float64))
		inFront := shows == hides+1
		if (a.State() == launcher.StateForeground) != inFront {
			t.Fatalf("round %d: state %v but the app saw %d onShow and %d onHide", i, a.State(), shows, hides)
		}
	}
}
