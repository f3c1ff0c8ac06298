package apptest

import (
	"context"
	"errors"
	"sync"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/openapi"
)

// Script scripts one host handler: what it answers, for every call or for
// the next ones, and what it received. The zero value answers with its
// default (set by the fake that owns it). Safe for concurrent use.
type Script struct {
	name string
	mu   sync.Mutex
	def  answer
	once []answer
	all  *answer
	got  []map[string]any
}

type answer struct {
	res map[string]any
	err error
}

func newScript(name string, def map[string]any) *Script {
	return &Script{name: name, def: answer{res: def}}
}

// Returns makes every later call succeed with res.
func (s *Script) Returns(res map[string]any) *Script {
	return s.set(answer{res: res}, false)
}

// ReturnsOnce makes the next call (after earlier Once answers) succeed
// with res.
func (s *Script) ReturnsOnce(res map[string]any) *Script {
	return s.set(answer{res: res}, true)
}

// Fails makes every later call fail with the reason ("<api>:fail <reason>").
func (s *Script) Fails(reason string) *Script {
	return s.set(answer{err: errors.New(reason)}, false)
}

// FailsOnce makes the next call fail with the reason.
func (s *Script) FailsOnce(reason string) *Script {
	return s.set(answer{err: errors.New(reason)}, true)
}

// FailsWith makes every later call fail with err (an *openapi.Error gives
// an errCode).
func (s *Script) FailsWith(err error) *Script { return s.set(answer{err: err}, false) }

// Cancels makes every later call fail with "cancel", as a user's cancel.
func (s *Script) Cancels() *Script { return s.set(answer{err: openapi.ErrCanceled}, false) }

// CancelsOnce makes the next call fail with "cancel".
func (s *Script) CancelsOnce() *Script { return s.set(answer{err: openapi.ErrCanceled}, true) }

func (s *Script) set(a answer, once bool) *Script {
	s.mu.Lock()
	defer s.mu.Unlock()
	if once {
		s.once = append(s.once, a)
	} else {
		s.all = &a
	}
	return s
}

// Calls returns the parameters of every call so far, as the handler got
// them.
func (s *Script) Calls() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.got...)
}

// serve records the call and answers it.
func (s *Script) serve(params map[string]any) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, params)
	a := s.def
	switch {
	case len(s.once) > 0:
		a, s.once = s.once[0], s.once[1:]
	case s.all != nil:
		a = *s.all
	}
	return a.res, a.err
}

// FakeOpenAPI is the open APIs of the test host. Each Script has a
// plausible default: login returns {code: "test-code"}, checkSession
// succeeds, getUserInfo and getUserProfile return a test user,
// getPhoneNumber returns a test number, payments succeed.
type FakeOpenAPI struct {
	Login, CheckSession, GetUserInfo, GetUserProfile, GetPhoneNumber *Script
	RequestPayment, RequestVirtualPayment                            *Script
}

var testUser = map[string]any{"nickName": "Test User", "avatarUrl": "https://example.com/avatar.png", "gender": 0.0, "language": "zh_CN"}

func newFakeOpenAPI() *FakeOpenAPI {
	return &FakeOpenAPI{
		Login:                 newScript("login", map[string]any{"code": "test-code"}),
		CheckSession:          newScript("checkSession", nil),
		GetUserInfo:           newScript("getUserInfo", map[string]any{"userInfo": testUser}),
		GetUserProfile:        newScript("getUserProfile", map[string]any{"userInfo": testUser}),
		GetPhoneNumber:        newScript("getPhoneNumber", map[string]any{"phoneNumber": "+8613800000000", "purePhoneNumber": "13800000000", "countryCode": "86"}),
		RequestPayment:        newScript("requestPayment", nil),
		RequestVirtualPayment: newScript("requestVirtualPayment", nil),
	}
}

// fakeOpenAPI adapts FakeOpenAPI to openapi.Handler.
type fakeOpenAPI struct{ f *FakeOpenAPI }

func (h fakeOpenAPI) Login(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.Login.serve(p)
}
func (h fakeOpenAPI) CheckSession(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.CheckSession.serve(p)
}
func (h fakeOpenAPI) GetUserInfo(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.GetUserInfo.serve(p)
}
func (h fakeOpenAPI) GetUserProfile(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.GetUserProfile.serve(p)
}
func (h fakeOpenAPI) GetPhoneNumber(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.GetPhoneNumber.serve(p)
}
func (h fakeOpenAPI) RequestPayment(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.RequestPayment.serve(p)
}
func (h fakeOpenAPI) RequestVirtualPayment(_ context.Context, _ openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return h.f.RequestVirtualPayment.serve(p)
}

// FakePlugins is the custom APIs of the test host (wx.invokeNativePlugin).
// An api_name that was never scripted fails as an unregistered one does.
type FakePlugins struct {
	mu      sync.Mutex
	scripts map[string]*Script
}

// Handle returns the Script of a custom API, creating it (answering {}).
func (p *FakePlugins) Handle(name string) *Script {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.scripts == nil {
		p.scripts = make(map[string]*Script)
	}
	s, ok := p.scripts[name]
	if !ok {
		s = newScript(name, map[string]any{})
		p.scripts[name] = s
	}
	return s
}

func (p *FakePlugins) lookup(name string) *Script {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.scripts[name]
}

// ServeAPI answers a custom API call from its Script; it records the
// params the reference SDK gives a host.
func (p *FakePlugins) ServeAPI(_ context.Context, c *bridge.Call) (map[string]any, error) {
	s := p.lookup(c.API)
	if s == nil {
		return nil, errors.New(`custom API "` + c.API + `" is not registered`)
	}
	return s.serve(c.Params)
}
