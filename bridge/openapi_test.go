package bridge_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/openapi"
)

// shopHost implements login and payment; everything else is unsupported.
type shopHost struct {
	openapi.Unsupported
	paid []map[string]any
}

func (h *shopHost) Login(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	return map[string]any{"code": "code-for-" + app.AppID}, nil
}

func (h *shopHost) RequestPayment(ctx context.Context, app openapi.AppInfo, p map[string]any) (map[string]any, error) {
	if p["package"] == "prepay_id=declined" {
		return nil, &openapi.Error{Code: -2, Msg: "card declined"}
	}
	if p["package"] == "prepay_id=cancel" {
		return nil, openapi.ErrCanceled
	}
	h.paid = append(h.paid, p)
	return nil, nil
}

func TestOpenAPIs(t *testing.T) {
	t.Parallel()
	host := &shopHost{}
	e := bridgetest.Launch(t, bridge.Config{OpenAPI: host})
	pay := `{timeStamp: '1', nonceStr: 'n', package: 'prepay_id=%s', signType: 'RSA', paySign: 's'}`
	tests := []struct {
		name string
		src  string
		want []any
	}{
		{"login", `wx.login().then(r => log(r.errMsg, r.code))`, []any{"login:ok code-for-wxtest"}},
		{"not supported", `wx.checkSession({fail: r => log(r.errMsg)})`, []any{"checkSession:fail not supported"}},
		{"payment", `wx.requestPayment(Object.assign(` + sprintf(pay, "ok") + `, {success: r => log(r.errMsg)}))`, []any{"requestPayment:ok"}},
		{"payment cancel", `wx.requestPayment(` + sprintf(pay, "cancel") + `).catch(r => log(r.errMsg))`, []any{"requestPayment:fail cancel"}},
		{"payment errCode", `wx.requestPayment(` + sprintf(pay, "declined") + `).catch(r => log(r.errMsg, r.errCode))`, []any{"requestPayment:fail card declined -2"}},
		{"payment missing paySign", `wx.requestPayment({timeStamp: '1', nonceStr: 'n', package: 'p', fail: r => log(r.errMsg)})`,
			[]any{"requestPayment:fail parameter error: parameter.paySign is required"}},
		{"profile needs desc", `wx.getUserProfile({fail: r => log(r.errMsg)})`, []any{"getUserProfile:fail parameter error: parameter.desc is required"}},
		{"profile needs a tap", `wx.getUserProfile({desc: 'show name', fail: r => log(r.errMsg)})`,
			[]any{"getUserProfile:fail can only be invoked by user TAP gesture."}},
	}
	for _, tt := range tests {
		if got := e.Run(tt.src); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: log = %q, want %q", tt.name, got, tt.want)
		}
	}
	if len(host.paid) != 1 || host.paid[0]["signType"] != "RSA" {
		t.Errorf("payments reaching the host: %v", host.paid)
	}
}
