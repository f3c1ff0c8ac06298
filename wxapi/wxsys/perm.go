package wxsys

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/openapi"
	"github.com/minihost/minihost/storage"
)

// Errors of the permission APIs; they become the reason of a fail errMsg.
var (
	// ErrAuthDeny is the reason of a call behind a scope the user refused,
	// now or before: "<api>:fail auth deny".
	ErrAuthDeny = errors.New("auth deny")
	// ErrInvalidScope is the reason of wx.authorize with a scope the base
	// library does not know.
	ErrInvalidScope = errors.New("invalid scope")
)

// Scopes are the permission scopes a mini program may ask for.
var Scopes = []string{
	"scope.userInfo", "scope.userLocation", "scope.userFuzzyLocation", "scope.userLocationBackground",
	"scope.address", "scope.invoiceTitle", "scope.invoice", "scope.werun", "scope.record",
	"scope.writePhotosAlbum", "scope.camera", "scope.bluetooth", "scope.addPhoneContact",
	"scope.addPhoneCalendar",
}

// apiScopes maps the wx APIs behind a scope to it.
var apiScopes = map[string]string{
	"getLocation": "scope.userLocation", "chooseLocation": "scope.userLocation",
	"choosePoi": "scope.userLocation", "startLocationUpdate": "scope.userLocation",
	"getFuzzyLocation":              "scope.userFuzzyLocation",
	"startLocationUpdateBackground": "scope.userLocationBackground",
	"chooseAddress":                 "scope.address",
	"chooseInvoiceTitle":            "scope.invoiceTitle",
	"chooseInvoice":                 "scope.invoice",
	"getWeRunData":                  "scope.werun", "shareToWeRun": "scope.werun",
	"startRecord": "scope.record", "joinVoIPChat": "scope.record",
	"saveImageToPhotosAlbum": "scope.writePhotosAlbum", "saveVideoToPhotosAlbum": "scope.writePhotosAlbum",
	"createCameraContext":  "scope.camera",
	"openBluetoothAdapter": "scope.bluetooth", "createBLEPeripheralServer": "scope.bluetooth",
	"addPhoneContact":  "scope.addPhoneContact",
	"addPhoneCalendar": "scope.addPhoneCalendar", "addPhoneRepeatCalendar": "scope.addPhoneCalendar",
}

// ScopeOf returns the scope the wx API api needs, "" if none.
func ScopeOf(api string) string { return apiScopes[api] }

// Store keeps the user's permission decisions. Implementations must be safe
// for concurrent use; methods run off the loop.
type Store interface {
	// Get returns the decision about scope; asked is false when the user
	// was never asked.
	Get(userID, appID, scope string) (granted, asked bool, err error)
	// Set records a decision.
	Set(userID, appID, scope string, granted bool) error
	// List returns every decision of the user about the app, by scope.
	List(userID, appID string) (map[string]bool, error)
}

// MemoryStore is a Store in memory. Its zero value is ready to use.
type MemoryStore struct {
	mu sync.Mutex
	m  map[[2]string]map[string]bool
}

// Get returns the decision about scope.
func (s *MemoryStore) Get(userID, appID, scope string) (granted, asked bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	granted, asked = s.m[[2]string{userID, appID}][scope]
	return granted, asked, nil
}

// Set records a decision.
func (s *MemoryStore) Set(userID, appID, scope string, granted bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[[2]string]map[string]bool)
	}
	k := [2]string{userID, appID}
	if s.m[k] == nil {
		s.m[k] = make(map[string]bool)
	}
	s.m[k][scope] = granted
	return nil
}

// List returns a copy of the decisions of the user about the app.
func (s *MemoryStore) List(userID, appID string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bool, len(s.m[[2]string{userID, appID}]))
	for k, v := range s.m[[2]string{userID, appID}] {
		out[k] = v
	}
	return out, nil
}

// PermissionsAppSuffix is appended to an app id to name the storage
// namespace in which StoragePermissions keeps the app's decisions.
const PermissionsAppSuffix = "#permissions"

// StoragePermissions returns a Store backed by the storage file db: the
// decisions of a user about app X live in db.App(userID, X+"#permissions"),
// one key per scope holding a boolean. Real app ids never contain '#', so
// a mini program cannot reach that namespace through wx.getStorage; note
// that db.ClearApp(userID, X) does not clear it (clear X+"#permissions" too
// to reset the decisions).
func StoragePermissions(db *storage.DB) Store { return storageStore{db} }

type storageStore struct{ db *storage.DB }

func (s storageStore) app(userID, appID string) *storage.AppStorage {
	return s.db.App(userID, appID+PermissionsAppSuffix)
}

func (s storageStore) Get(userID, appID, scope string) (granted, asked bool, err error) {
	v, err := s.app(userID, appID).Get(scope)
	if errors.Is(err, storage.ErrNotFound) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	return decodeDecision(scope, v)
}

func decodeDecision(scope string, v storage.Value) (granted, asked bool, err error) {
	g, err := v.Go()
	if err != nil {
		return false, false, fmt.Errorf("wxsys: permission %q: %w", scope, err)
	}
	b, ok := g.(bool)
	if !ok {
		return false, false, fmt.Errorf("wxsys: permission %q: stored %s, want a boolean: %w", scope, v.Kind, storage.ErrCorrupt)
	}
	return b, true, nil
}

func (s storageStore) Set(userID, appID, scope string, granted bool) error {
	v, err := storage.ValueOf(granted)
	if err != nil {
		return err
	}
	return s.app(userID, appID).Set(scope, v)
}

func (s storageStore) List(userID, appID string) (map[string]bool, error) {
	st := s.app(userID, appID)
	info, err := st.Info()
	if err != nil {
		return nil, err
	}
	vals, found, err := st.BatchGet(info.Keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(info.Keys))
	for i, k := range info.Keys {
		if !found[i] {
			continue // removed since Info
		}
		g, _, err := decodeDecision(k, vals[i])
		if err != nil {
			return nil, err
		}
		out[k] = g
	}
	return out, nil
}

// SettingsUI is a bridge.UI that can show the settings page of a mini
// program (wx.openSetting): it receives the decisions so far, by scope, and
// returns them as the user left them. A UI without it is asked again, with
// Authorize, about each scope of the page.
type SettingsUI interface {
	OpenSetting(ctx context.Context, app openapi.AppInfo, current map[string]bool) (map[string]bool, error)
}

// Permissions decides the permission scopes of one user: the first request
// of a scope by an app asks the host UI, and the answer is remembered in a
// Store, so that a refused scope fails later calls at once, without asking.
// Its methods run off the loop and are safe for concurrent use.
type Permissions struct {
	store  Store
	userID string
	asking singleflight.Group // one question at a time per app and scope
}

// NewPermissions returns the permissions of userID kept in store; a nil
// store means a new MemoryStore.
func NewPermissions(store Store, userID string) *Permissions {
	if store == nil {
		store = &MemoryStore{}
	}
	return &Permissions{store: store, userID: userID}
}

// UserID returns the user whose decisions p keeps.
func (p *Permissions) UserID() string { return p.userID }

// Require checks scope for app before an API behind it: nil if the user
// granted it, ErrAuthDeny if the user refused it (now or before). The first
// time, it asks ui.Authorize (desc is the reason the app gave in app.json's
// "permission", possibly empty) and remembers the answer; concurrent first
// requests ask once. An error of the UI (bridge.ErrCanceled: the user closed
// the dialog) is returned as it is and nothing is remembered.
func (p *Permissions) Require(ctx context.Context, ui bridge.UI, app openapi.AppInfo, scope, desc string) error {
	granted, asked, err := p.store.Get(p.userID, app.AppID, scope)
	if err != nil {
		return err
	}
	if !asked {
		v, err, _ := p.asking.Do(app.AppID+"\x00"+scope, func() (any, error) {
			if g, asked, err := p.store.Get(p.userID, app.AppID, scope); err != nil || asked {
				return g, err
			}
			g, err := ui.Authorize(ctx, app, scope, desc)
			if err != nil {
				return false, err
			}
			return g, p.store.Set(p.userID, app.AppID, scope, g)
		})
		if err != nil {
			return err
		}
		granted = v.(bool)
	}
	if !granted {
		return ErrAuthDeny
	}
	return nil
}

// Setting returns the decisions of the user about app, by scope.
func (p *Permissions) Setting(app openapi.AppInfo) (map[string]bool, error) {
	return p.store.List(p.userID, app.AppID)
}

// Set records a decision, as the settings page does.
func (p *Permissions) Set(app openapi.AppInfo, scope string, granted bool) error {
	return p.store.Set(p.userID, app.AppID, scope, granted)
}

// openSetting shows the settings page through ui and records what the user
// changed; it returns the new decisions.
func (p *Permissions) openSetting(ctx context.Context, ui bridge.UI, app openapi.AppInfo, desc func(string) string) (map[string]bool, error) {
	cur, err := p.Setting(app)
	if err != nil {
		return nil, err
	}
	var next map[string]bool
	if sui, ok := ui.(SettingsUI); ok {
		if next, err = sui.OpenSetting(ctx, app, maps.Clone(cur)); err != nil {
			return nil, err
		}
	} else {
		next = make(map[string]bool, len(cur))
		scopes := make([]string, 0, len(cur))
		for s := range cur {
			scopes = append(scopes, s)
		}
		sort.Strings(scopes)
		for _, s := range scopes {
			g, err := ui.Authorize(ctx, app, s, desc(s))
			if err != nil {
				return nil, err
			}
			next[s] = g
		}
	}
	for s, g := range next {
		if _, known := cur[s]; !known || cur[s] == g {
			continue // the page shows only scopes already asked
		}
		if err := p.Set(app, s, g); err != nil {
			return nil, err
		}
		cur[s] = g
	}
	return cur, nil
}

// validScope reports whether scope is one of Scopes.
func validScope(scope string) bool { return slices.Contains(Scopes, scope) }

// ScopeCheck prepares the permission check of a call to the wx API api,
// for groups that implement APIs behind a scope (getLocation,
// chooseAddress, ...). Call it on the loop, when the call starts; run the
// returned function off the loop (in Pending.Go or a handler) before the
// work: it returns nil when api needs no scope or the user granted it, and
// ErrAuthDeny (or the UI's error) otherwise. It uses the Permissions of
// the wxsys group installed in the same runtime (see PermissionsOf); without
// it the user is asked every time and nothing is remembered.
func ScopeCheck(d *bridge.Definer, api string) func(ctx context.Context) error {
	scope := ScopeOf(api)
	if scope == "" {
		return func(context.Context) error { return nil }
	}
	perms := PermissionsOf(d.Env())
	ui, app := d.Config().UI, d.App()
	desc := ""
	if pd, ok := d.Env().Bundle().App.Permission[scope]; ok {
		desc = pd.Desc
	}
	return func(ctx context.Context) error {
		if perms == nil {
			ok, err := ui.Authorize(ctx, app, scope, desc)
			if err != nil {
				return err
			}
			if !ok {
				return ErrAuthDeny
			}
			return nil
		}
		return perms.Require(ctx, ui, app, scope, desc)
	}
}

// Decision returns the user's decision about scope for app without asking:
// asked is false when the user was never asked.
func (p *Permissions) Decision(app openapi.AppInfo, scope string) (granted, asked bool, err error) {
	return p.store.Get(p.userID, app.AppID, scope)
}
