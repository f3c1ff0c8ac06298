// Package openapi defines what a host implements to give mini programs the
// open APIs of its platform: wx.login, wx.checkSession, wx.getUserInfo,
// wx.getUserProfile, wx.getPhoneNumber, wx.requestPayment and
// wx.requestVirtualPayment.
//
// It is plain Go: handlers receive a context, the calling app and the call's
// parameters as JSON-like values, and return a result map or an error; they
// never see a JavaScript value. Package bridge routes the wx calls here,
// after checking the parameters the base library requires.
//
// Embed [Unsupported] to implement only what the host offers:
//
//	type host struct{ openapi.Unsupported }
//
//	func (host) Login(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
//		return map[string]any{"code": issueCode(app.AppID)}, nil
//	}
package openapi

import (
	"context"
	"errors"
	"fmt"
)

// AppInfo identifies the mini program making a call.
type AppInfo struct {
	AppID      string `json:"appId"`
	Name       string `json:"name,omitempty"`
	Version    string `json:"version,omitempty"`
	EnvVersion string `json:"envVersion,omitempty"`
}

// Errors a handler returns to give the base library's answers.
var (
	// ErrNotSupported makes the call fail with "<api>:fail not supported".
	ErrNotSupported = errors.New("not supported")
	// ErrCanceled is a user's cancel: the call fails with "<api>:fail cancel".
	ErrCanceled = errors.New("cancel")
)

// Error is a failure with an errCode for the mini program: the call fails
// with errMsg "<api>:fail <Msg>" and errCode Code.
type Error struct {
	Code int
	Msg  string
	Err  error // optional cause, for errors.Is / errors.As in Go
}

func (e *Error) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Handler is implemented by hosts. Every method gets the call's parameters
// (the object the mini program passed, callbacks left out) and returns the
// fields success receives; errMsg is added for it. The context is cancelled
// when the call times out or the app finishes.
type Handler interface {
	Login(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	CheckSession(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	GetUserInfo(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	GetUserProfile(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	GetPhoneNumber(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	RequestPayment(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
	RequestVirtualPayment(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)
}

// Unsupported answers every open API with ErrNotSupported. Embed it in a
// host's handler and override the methods the host offers; its zero value
// is the default handler.
type Unsupported struct{}

var _ Handler = Unsupported{}

// Login returns ErrNotSupported.
func (Unsupported) Login(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// CheckSession returns ErrNotSupported.
func (Unsupported) CheckSession(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// GetUserInfo returns ErrNotSupported.
func (Unsupported) GetUserInfo(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// GetUserProfile returns ErrNotSupported.
func (Unsupported) GetUserProfile(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// GetPhoneNumber returns ErrNotSupported.
func (Unsupported) GetPhoneNumber(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// RequestPayment returns ErrNotSupported.
func (Unsupported) RequestPayment(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// RequestVirtualPayment returns ErrNotSupported.
func (Unsupported) RequestVirtualPayment(context.Context, AppInfo, map[string]any) (map[string]any, error) {
	return nil, ErrNotSupported
}

// Method is the signature shared by the Handler methods.
type Method func(ctx context.Context, app AppInfo, params map[string]any) (map[string]any, error)

// API describes one open API: its wx name, the parameters the base library
// requires before a call reaches the host, whether it needs a user gesture,
// and how to find its Handler method.
type API struct {
	Name     string
	Required []string
	Gesture  bool
	Method   func(h Handler) Method
}

// APIs lists the open APIs in a fixed order.
var APIs = []API{
	{Name: "login", Method: func(h Handler) Method { return h.Login }},
	{Name: "checkSession", Method: func(h Handler) Method { return h.CheckSession }},
	{Name: "getUserInfo", Method: func(h Handler) Method { return h.GetUserInfo }},
	{Name: "getUserProfile", Required: []string{"desc"}, Gesture: true, Method: func(h Handler) Method { return h.GetUserProfile }},
	{Name: "getPhoneNumber", Method: func(h Handler) Method { return h.GetPhoneNumber }},
	{Name: "requestPayment", Required: []string{"timeStamp", "nonceStr", "package", "paySign"}, Method: func(h Handler) Method { return h.RequestPayment }},
	{Name: "requestVirtualPayment", Required: []string{"signData", "paySig", "signature", "mode"}, Method: func(h Handler) Method { return h.RequestVirtualPayment }},
}
