package launcher

import (
	"context"
	"fmt"
	"time"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/runtime"
)

// navigator moves between mini programs for the bridge's
// navigateToMiniProgram, navigateBackMiniProgram and exitMiniProgram. The
// bridge has already checked the gesture, the allow-list and the host's
// confirmation.
type navigator struct{ l *Launcher }

var _ bridge.Navigator = navigator{}

// navigateTimeout bounds the start of the target of navigateToMiniProgram
// (its download included).
const navigateTimeout = 2 * time.Minute

func (n navigator) NavigateToMiniProgram(ctx context.Context, from openapi.AppInfo, req bridge.NavigateRequest) error {
	// The caller goes to the background, and may be finished there (the
	// cap on background apps): the target's start must not end with it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), navigateTimeout)
	defer cancel()
	res := n.l.start(ctx, req.AppID, StartOptions{
		Path:       req.Path,
		EnvVersion: req.EnvVersion,
		Scene:      SceneFromMiniProgram,
		referrer:   &runtime.ReferrerInfo{AppID: from.AppID, ExtraData: req.ExtraData},
		opener:     from.AppID,
	})
	if res.Code != CodeOK {
		return fmt.Errorf("%s (code %d)", res.Info, res.Code)
	}
	return nil
}

func (n navigator) NavigateBackMiniProgram(ctx context.Context, from openapi.AppInfo, extraData map[string]any) error {
	l := n.l
	a := l.App(from.AppID)
	if a == nil {
		return ErrNotRunning
	}
	l.mu.Lock()
	openerID := a.opener
	a.opener = ""
	l.mu.Unlock()
	opener := l.App(openerID)
	if openerID == "" || opener == nil {
		return ErrNoOpener
	}
	return l.toForeground(ctx, opener, runtime.LaunchOptions{
		Scene:        SceneBackFromMiniProgram,
		ReferrerInfo: &runtime.ReferrerInfo{AppID: from.AppID, ExtraData: extraData},
	})
}

func (n navigator) ExitMiniProgram(ctx context.Context, from openapi.AppInfo) error {
	a := n.l.App(from.AppID)
	if a == nil {
		return ErrNotRunning
	}
	n.l.emit(Event{Kind: EventExited, AppID: a.info.AppID, Version: a.info.Version})
	n.l.toBackground(a)
	return nil
}
