package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/storage"
	"github.com/minihost/minihost/wxapi/wxfs"
	"github.com/minihost/minihost/wxapi/wxnet"
	"github.com/minihost/minihost/wxapi/wxstorage"
	"github.com/minihost/minihost/wxapi/wxsurface"
	"github.com/minihost/minihost/wxapi/wxsys"
	"github.com/minihost/minihost/wxapi/wxui"
)

// hostEnv is what a command gives the apps it runs: the wx API groups and
// the directories they keep data in.
type hostEnv struct {
	dataDir string
	temp    bool
	db      *storage.DB
	perms   *wxsys.Permissions
	files   *wxfs.Group
	// client makes the apps' network calls; nil means wxnet's default.
	client *http.Client
}

// openHostEnv opens the data directory (a temporary one when dataDir is
// "", removed by close): storage and permissions live there.
func openHostEnv(dataDir string) (*hostEnv, error) {
	h := &hostEnv{dataDir: dataDir}
	if dataDir == "" {
		dir, err := os.MkdirTemp("", "minihost-data-*")
		if err != nil {
			return nil, err
		}
		h.dataDir, h.temp = dir, true
	} else if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("--data-dir: %w", err)
	}
	db, err := storage.Open(filepath.Join(h.dataDir, "storage.db"), nil)
	if err != nil {
		h.close()
		return nil, fmt.Errorf("--data-dir: %w", err)
	}
	h.db = db
	h.files = wxfs.New(filepath.Join(h.dataDir, "files"), nil)
	h.perms = wxsys.NewPermissions(wxsys.StoragePermissions(db), "")
	return h, nil
}

// groups returns the wx API groups for one app.
func (h *hostEnv) groups() []bridge.Group {
	return []bridge.Group{
		wxstorage.New(h.db, ""),
		h.files,
		// Bundles run from the command line are in develop mode: http, IP
		// literals and localhost are allowed, as in the vendor's tools.
		wxnet.New(wxnet.Options{Client: h.client, AllowInsecure: true, FS: h.files}),
		wxui.New(),
		wxsys.New(wxsys.Options{Permissions: h.perms}),
		wxsurface.New(wxsurface.Options{}), // last: the rest of the surface
	}
}

func (h *hostEnv) close() {
	if h.db != nil {
		h.db.Close()
	}
	if h.temp {
		os.RemoveAll(h.dataDir)
	}
}

// bundleAppID is the app id of a bundle run from a path: the flag, else
// project.config.json's appid, else one derived from the absolute path, so
// that storage kept with --data-dir belongs to the same app run after run.
func bundleAppID(flagID string, b *bundle.Bundle, path string) string {
	if flagID != "" {
		return flagID
	}
	if b.Project != nil && b.Project.AppID != "" {
		return b.Project.AppID
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs))
	return "local_" + hex.EncodeToString(sum[:6])
}
