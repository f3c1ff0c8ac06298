package launcher

import (
	"context"

	"github.com/minihost/minihost/cache"
	"github.com/minihost/minihost/wxapi/wxsys"
)

// PreDownload downloads the newest version of each app into the cache
// without starting it (see cache.Store.PreDownload).
func (l *Launcher) PreDownload(ctx context.Context, appIDs []string, opts *cache.PreDownloadOptions) ([]cache.PreDownloadResult, error) {
	return l.cache.PreDownload(ctx, appIDs, opts)
}

// Search asks the package server for apps matching text.
func (l *Launcher) Search(ctx context.Context, text string, pageNo, pageSize int) (*cache.SearchResult, error) {
	return l.cache.Search(ctx, text, pageNo, pageSize)
}

// Recent lists the most recently used cached apps, most recent first.
func (l *Launcher) Recent(limit int) ([]cache.AppInfo, error) { return l.cache.Recent(limit) }

// Cached lists every cached app.
func (l *Launcher) Cached() ([]cache.AppInfo, error) { return l.cache.List() }

// Favourites lists favourite apps, a page at a time.
func (l *Launcher) Favourites(pageNo, pageSize int) (*cache.FavouritePage, error) {
	return l.cache.Favourites(pageNo, pageSize)
}

// AddFavourite marks a cached app as a favourite.
func (l *Launcher) AddFavourite(appID string) error { return l.cache.AddFavourite(appID) }

// RemoveFavourite unmarks a favourite.
func (l *Launcher) RemoveFavourite(appID string) error { return l.cache.RemoveFavourite(appID) }

// Remove finishes the app if it runs and removes it from the cache.
func (l *Launcher) Remove(appID string) error {
	if a := l.App(appID); a != nil {
		l.finish(a)
	}
	return l.cache.Remove(appID)
}

// RemoveAll finishes every app and empties the cache.
func (l *Launcher) RemoveAll() error {
	l.FinishAll()
	return l.cache.RemoveAll()
}

// ClearStorage removes everything the app stored (wx.setStorage and
// friends) and the permission decisions its user made, for the launcher's
// user. A running app sees the empty storage at once.
func (l *Launcher) ClearStorage(appID string) error {
	if err := l.wx.db.ClearApp(l.cfg.UserID, appID); err != nil {
		return err
	}
	return l.wx.db.ClearApp(l.cfg.UserID, appID+wxsys.PermissionsAppSuffix)
}
