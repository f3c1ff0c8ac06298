package apptest

import (
	"context"
	"sync"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/openapi"
)

// FakeUI is the user interface of the test host: it records every UI call
// and answers as scripted. By default it confirms navigation and modals,
// taps the first action-sheet item and grants every permission.
type FakeUI struct {
	mu       sync.Mutex
	records  []bridge.UIRecord
	modals   []bridge.ModalResult
	modalAll *bridge.ModalResult
	sheets   []int // -1 cancels
	navigate *bool
	perms    map[string]bool
}

var _ bridge.UI = (*FakeUI)(nil)

// AnswerModal makes the next showModal return confirm (and the text, for
// an editable modal).
func (u *FakeUI) AnswerModal(confirm bool, content string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.modals = append(u.modals, bridge.ModalResult{Confirm: confirm, Content: content})
}

// AnswerAllModals makes every later showModal return confirm.
func (u *FakeUI) AnswerAllModals(confirm bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.modalAll = &bridge.ModalResult{Confirm: confirm}
}

// TapActionSheet makes the next showActionSheet return index; a negative
// index cancels it.
func (u *FakeUI) TapActionSheet(index int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.sheets = append(u.sheets, index)
}

// ConfirmNavigation sets whether navigateToMiniProgram is confirmed.
func (u *FakeUI) ConfirmNavigation(ok bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.navigate = &ok
}

// Permission sets the user's answer when a scope such as
// "scope.userLocation" is first asked for.
func (u *FakeUI) Permission(scope string, grant bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.perms == nil {
		u.perms = make(map[string]bool)
	}
	u.perms[scope] = grant
}

// Records returns every UI call so far: API is "showToast",
// "showModal", "showActionSheet", "authorize", "confirmNavigate", ...
func (u *FakeUI) Records() []bridge.UIRecord {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]bridge.UIRecord(nil), u.records...)
}

func (u *FakeUI) record(app openapi.AppInfo, api string, args map[string]any) {
	u.records = append(u.records, bridge.UIRecord{App: app, API: api, Args: args})
}

// ConfirmNavigate answers as set by ConfirmNavigation (default yes).
func (u *FakeUI) ConfirmNavigate(_ context.Context, app openapi.AppInfo, to string) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.record(app, "confirmNavigate", map[string]any{"appId": to})
	return u.navigate == nil || *u.navigate, nil
}

// ShowModal answers as scripted (default: confirm).
func (u *FakeUI) ShowModal(_ context.Context, app openapi.AppInfo, m bridge.Modal) (bridge.ModalResult, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.record(app, "showModal", map[string]any{"title": m.Title, "content": m.Content})
	switch {
	case len(u.modals) > 0:
		r := u.modals[0]
		u.modals = u.modals[1:]
		return r, nil
	case u.modalAll != nil:
		return *u.modalAll, nil
	}
	return bridge.ModalResult{Confirm: true}, nil
}

// ShowActionSheet answers as scripted (default: the first item).
func (u *FakeUI) ShowActionSheet(_ context.Context, app openapi.AppInfo, items []string) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	list := make([]any, len(items))
	for i, s := range items {
		list[i] = s
	}
	u.record(app, "showActionSheet", map[string]any{"itemList": list})
	i := 0
	switch {
	case len(u.sheets) > 0:
		i, u.sheets = u.sheets[0], u.sheets[1:]
	}
	if i < 0 {
		return 0, bridge.ErrCanceled
	}
	return i, nil
}

// Authorize answers as set by Permission (default: grant).
func (u *FakeUI) Authorize(_ context.Context, app openapi.AppInfo, scope, desc string) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.record(app, "authorize", map[string]any{"scope": scope, "desc": desc})
	grant, ok := u.perms[scope]
	return !ok || grant, nil
}

// Show records a display-only UI call.
func (u *FakeUI) Show(_ context.Context, app openapi.AppInfo, api string, args map[string]any) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.record(app, api, args)
	return nil
}
