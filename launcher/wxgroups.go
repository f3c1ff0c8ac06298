package launcher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
	"github.com/minihost/minihost/wxapi/wxstorage"
	"github.com/minihost/minihost/wxapi/wxsurface"
	"github.com/minihost/minihost/wxapi/wxsys"
	"github.com/minihost/minihost/wxapi/wxui"
)

// wxEnv is what the launcher gives every app besides the bridge's
// built-ins: storage, UI, system and permission APIs, the update manager
// and the rest of the wx surface.
type wxEnv struct {
	db    *storage.DB
	files *wxfs.Group
	net   *wxnet.Group
	perms *wxsys.Permissions
	hub   *wxsys.UpdateHub
}

// openWxEnv opens the data directory: Config.DataDir, else "data" beside
// the cache.
func (l *Launcher) openWxEnv() error {
	dir := l.cfg.DataDir
	if dir == "" {
		dir = filepath.Join(l.cache.Dir(), "data")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("launcher: data directory: %w", err)
	}
	db, err := storage.Open(filepath.Join(dir, "storage.db"), nil)
	if err != nil {
		return fmt.Errorf("launcher: %w", err)
	}
	files := wxfs.New(filepath.Join(dir, "files"), &wxfs.Options{UserID: l.cfg.UserID})
	l.wx = &wxEnv{
		db:    db,
		files: files,
		net: wxnet.New(wxnet.Options{
			Client: l.cfg.RequestClient, Domains: l.domains,
			AllowInsecure: l.cfg.AllowInsecureRequests, FS: files,
		}),
		perms: wxsys.NewPermissions(wxsys.StoragePermissions(db), l.cfg.UserID),
		hub:   &wxsys.UpdateHub{ApplyFunc: l.applyUpdate},
	}
	return nil
}

// groups returns the wx API groups of one app: the standard ones, then the
// host's (Config.Groups), then the rest of the surface, which must come last.
func (l *Launcher) groups(info runtime.AppInfo) []bridge.Group {
	gs := []bridge.Group{
		wxstorage.New(l.wx.db, l.cfg.UserID),
		l.wx.files,
		l.wx.net,
		wxui.New(),
		wxsys.New(wxsys.Options{Permissions: l.wx.perms, Updates: l.wx.hub, System: l.cfg.System}),
	}
	if l.cfg.Groups != nil {
		gs = append(gs, l.cfg.Groups(info)...)
	}
	return append(gs, wxsurface.New(wxsurface.Options{Handlers: l.cfg.DeviceAPIs}))
}

// feedUpdates turns the cache's background update check of an app into the
// events of its update manager (wx.getUpdateManager).
func (l *Launcher) feedUpdates(appID string, updates <-chan cache.UpdateEvent) {
	if updates == nil {
		l.wx.hub.Publish(wxsys.UpdateEvent{AppID: appID})
		return
	}
	go func() {
		for ev := range updates {
			switch ev.Kind {
			case cache.UpdateAvailable:
				l.wx.hub.Publish(wxsys.UpdateEvent{AppID: appID, HasUpdate: true})
			case cache.UpdateNone:
				l.wx.hub.Publish(wxsys.UpdateEvent{AppID: appID})
			case cache.UpdateReady:
				l.wx.hub.Publish(wxsys.UpdateEvent{AppID: appID, HasUpdate: true, Ready: true})
			case cache.UpdateFailed:
				l.wx.hub.Publish(wxsys.UpdateEvent{AppID: appID, HasUpdate: true, Failed: true})
			}
		}
	}()
}

// applyUpdate restarts an app on the version its update check installed
// (wx.getUpdateManager().applyUpdate()).
func (l *Launcher) applyUpdate(ctx context.Context, appID string) error {
	a := l.App(appID)
	if a == nil {
		return fmt.Errorf("%w: %s", ErrNotRunning, appID)
	}
	env := a.info.EnvVersion
	l.finish(a)
	l.wx.hub.Forget(appID)
	res := l.start(ctx, appID, StartOptions{EnvVersion: env})
	if res.Code != CodeOK {
		return fmt.Errorf("restart on the new version: %s (code %d)", res.Info, res.Code)
	}
	return nil
}

// domains is the network allow-list of an app: Config.Domains when the host
// gives one, else the domains of the app's package manifest (nil: none).
func (l *Launcher) domains(appID string) []string {
	if l.cfg.Domains != nil {
		return l.cfg.Domains(appID)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.manifestDomains[appID]
}
