package cache

import (
	"context"
	"errors"
	"testing"
)

// A Remove while the app downloads wins: the install does not bring the
// app back. (Not parallel: it sets the package's crash hook.)
func TestRemoveDuringInstall(t *testing.T) {
	repo := newRepo(t)
	repo.publish("wxdemo", "1.0.0")
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	crashHook = func(point string) {
		if point == "synced" {
			crashHook = nil
			if err := s.Remove("wxdemo"); err != nil && !errors.Is(err, ErrNotCached) {
				t.Errorf("Remove: %v", err)
			}
		}
	}
	defer func() { crashHook = nil }()
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); !errors.Is(err, ErrNotCached) {
		t.Errorf("Resolve during a Remove: %v, want ErrNotCached", err)
	}
	apps, err := s.List()
	if err != nil || len(apps) != 0 {
		t.Errorf("after Remove: %v, %v", apps, err)
	}
}
