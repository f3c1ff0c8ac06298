package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestDemo runs the README's first command in-process and checks that the
// scripted session really happened.
func TestDemo(t *testing.T) {
	var buf bytes.Buffer
	out = &buf
	if err := run(); err != nil {
		t.Fatalf("run: %v\n%s", err, buf.String())
	}
	for _, want := range []string{
		"wxshop000000001 is started",
		"wx.login -> login:ok",
		"wx.requestPayment -> requestPayment:ok",
		"wx.invokeNativePlugin -> invokeNativePlugin:ok",
		"[app] onLaunch path=pages/index/index scene=1001",
		"[coupons] onLaunch path=pages/index/index scene=1037",
		"wx.navigateToMiniProgram -> navigateToMiniProgram:ok",
		"[app] coupon CC5 received from wxcoupons00000001",
		"wx.navigateBackMiniProgram -> navigateBackMiniProgram:ok",
		"wxshop000000001 is finished",
		"wxcoupons00000001 is finished",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("narration lacks %q", want)
		}
	}
	if strings.Contains(buf.String(), "uncaught error") || strings.Contains(buf.String(), "failed") {
		t.Errorf("the demo had errors:\n%s", buf.String())
	}
}
