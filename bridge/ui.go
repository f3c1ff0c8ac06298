package bridge

import (
	"context"
	"sync"

	"github.com/minihost/minihost/openapi"
)

// UI is the host's user interface, as the wx APIs that show something or
// ask the user reach it. Methods run off the loop with the call's context;
// return ErrCanceled for a user's cancel. Implementations must be safe for
// concurrent use. Embed HeadlessUI to implement only some methods.
type UI interface {
	// ConfirmNavigate asks the user whether app may open the mini program
	// toAppID (wx.navigateToMiniProgram). false fails the call with cancel.
	ConfirmNavigate(ctx context.Context, app openapi.AppInfo, toAppID string) (bool, error)
	// ShowModal shows a dialog (wx.showModal) and returns the user's answer.
	ShowModal(ctx context.Context, app openapi.AppInfo, m Modal) (ModalResult, error)
	// ShowActionSheet shows a list (wx.showActionSheet) and returns the
	// index tapped.
	ShowActionSheet(ctx context.Context, app openapi.AppInfo, items []string) (int, error)
	// Authorize asks the user to grant a permission scope such as
	// "scope.userLocation" (wx.authorize and the APIs behind a scope).
	Authorize(ctx context.Context, app openapi.AppInfo, scope, desc string) (bool, error)
	// Show reports a UI call that only displays something and needs no
	// answer: showToast, hideToast, showLoading, hideLoading,
	// setNavigationBarTitle, setTabBarBadge, ... with the call's arguments.
	Show(ctx context.Context, app openapi.AppInfo, api string, args map[string]any) error
}

// Modal is what wx.showModal asks.
type Modal struct {
	Title           string `json:"title"`
	Content         string `json:"content"`
	ShowCancel      bool   `json:"showCancel"`
	CancelText      string `json:"cancelText"`
	ConfirmText     string `json:"confirmText"`
	Editable        bool   `json:"editable"`
	PlaceholderText string `json:"placeholderText"`
}

// ModalResult is the user's answer to a Modal.
type ModalResult struct {
	Confirm bool
	Content string // the text entered in an editable modal
}

// UIRecord is one call that reached a HeadlessUI.
type UIRecord struct {
	App  openapi.AppInfo
	API  string // "confirmNavigate", "showModal", "showActionSheet", "authorize" or the API given to Show
	Args map[string]any
}

// HeadlessUI is the UI of a host without a screen: it confirms navigation,
// confirms modals, picks the first action-sheet item, grants permissions,
// and records every call. Its zero value is ready to use and safe for
// concurrent use.
type HeadlessUI struct {
	mu      sync.Mutex
	records []UIRecord
}

var _ UI = (*HeadlessUI)(nil)

func (h *HeadlessUI) record(app openapi.AppInfo, api string, args map[string]any) {
	h.mu.Lock()
	h.records = append(h.records, UIRecord{App: app, API: api, Args: args})
	h.mu.Unlock()
}

// Records returns the calls so far.
func (h *HeadlessUI) Records() []UIRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]UIRecord(nil), h.records...)
}

// ConfirmNavigate records the request and confirms it.
func (h *HeadlessUI) ConfirmNavigate(_ context.Context, app openapi.AppInfo, to string) (bool, error) {
	h.record(app, "confirmNavigate", map[string]any{"appId": to})
	return true, nil
}

// ShowModal records the modal and confirms it.
func (h *HeadlessUI) ShowModal(_ context.Context, app openapi.AppInfo, m Modal) (ModalResult, error) {
	h.record(app, "showModal", map[string]any{"title": m.Title, "content": m.Content})
	return ModalResult{Confirm: true}, nil
}

// ShowActionSheet records the sheet and picks the first item.
func (h *HeadlessUI) ShowActionSheet(_ context.Context, app openapi.AppInfo, items []string) (int, error) {
	args := make([]any, len(items))
	for i, s := range items {
		args[i] = s
	}
	h.record(app, "showActionSheet", map[string]any{"itemList": args})
	return 0, nil
}

// Authorize records the request and grants it.
func (h *HeadlessUI) Authorize(_ context.Context, app openapi.AppInfo, scope, desc string) (bool, error) {
	h.record(app, "authorize", map[string]any{"scope": scope, "desc": desc})
	return true, nil
}

// Show records the call.
func (h *HeadlessUI) Show(_ context.Context, app openapi.AppInfo, api string, args map[string]any) error {
	h.record(app, api, args)
	return nil
}
