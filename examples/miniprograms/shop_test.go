// Package miniprograms_test tests the example shop through package apptest:
// a model for mini program teams testing their own bundles in go test.
package miniprograms_test

import (
	"testing"
	"time"

	"github.com/minihost/minihost/apptest"
)

// buyBeans opens the shop, taps the coffee beans, "Buy now" and "Pay".
func buyBeans(t *testing.T, app *apptest.App) {
	t.Helper()
	app.Idle() // the home feed loads and the flash sale runs out
	app.Tap("onTapProduct", apptest.Event{Dataset: map[string]any{"id": 3}})
	app.Idle()
	app.Tap("onBuyNow", apptest.Event{})
	app.Idle()
	if app.Page() != "pages/checkout/checkout" {
		t.Fatalf("page = %s, want checkout", app.Page())
	}
	app.Tap("onPay", apptest.Event{})
	app.Idle()
}

func TestPurchase(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, "shop")
	app.Plugins.Handle("printReceipt").Returns(map[string]any{"receiptNo": "R-1"})
	buyBeans(t, app)

	if app.Page() != "pages/order/order" {
		t.Fatalf("page = %s, want the order page; stack %v", app.Page(), app.Stack())
	}
	if got := app.Data("orderId"); got != "SO1000" {
		t.Errorf("orderId = %v", got)
	}
	pay := app.OpenAPI.RequestPayment.Calls()
	if len(pay) != 1 || pay[0]["package"] != "prepay_id=SO1000" || pay[0]["signType"] != "RSA" {
		t.Errorf("payment request = %v", pay)
	}
	receipt := app.Plugins.Handle("printReceipt").Calls()
	if len(receipt) != 1 || receipt[0]["data"].(map[string]any)["orderId"] != "SO1000" {
		t.Errorf("receipt request = %v", receipt)
	}
	if c := app.LastCall("redirectTo"); !c.OK() {
		t.Errorf("redirectTo = %v", c.ErrMsg())
	}
}

func TestPaymentCancelled(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, "shop")
	app.OpenAPI.RequestPayment.Cancels()
	buyBeans(t, app)

	if app.Page() != "pages/checkout/checkout" {
		t.Errorf("page = %s, want to stay on checkout", app.Page())
	}
	if got := app.Data("error"); got != "requestPayment:fail cancel" {
		t.Errorf("error = %v", got)
	}
	if got := app.Data("paying"); got != false {
		t.Errorf("paying = %v, want false so the user can retry", got)
	}
	if calls := app.Plugins.Handle("printReceipt").Calls(); len(calls) != 0 {
		t.Errorf("a receipt was printed for a cancelled payment: %v", calls)
	}
}

func TestLoginFails(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, "shop")
	app.OpenAPI.Login.Fails("user not signed in")
	buyBeans(t, app)

	if got := app.Data("error"); got != "login:fail user not signed in" {
		t.Errorf("error = %v", got)
	}
	if calls := app.OpenAPI.RequestPayment.Calls(); len(calls) != 0 {
		t.Errorf("payment requested without a login: %v", calls)
	}
}

// TestAddToCartBySelector taps what a user taps, by selector, and checks
// what the user sees: the toast, and the cart badge component.
func TestAddToCartBySelector(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, "shop")
	app.Idle()
	if n := len(app.Query(".product")); n != 4 {
		t.Fatalf("%d products shown, want 4\n%s", n, app.Snapshot())
	}
	app.Tap(".product", 2) // the coffee beans
	app.Idle()
	if app.Page() != "pages/detail/detail" {
		t.Fatalf("page = %s", app.Page())
	}
	app.Tap(".btn-add")
	if got := app.Text("#toast >>> .toast"); got != "Added 1 × Single-origin Beans 250g" {
		t.Errorf("toast = %q", got)
	}
	if got := app.Component("#cart")["count"]; got != "1" {
		t.Errorf("cart badge count = %v", got)
	}
	app.Advance(2 * time.Second) // the toast goes away by itself
	if n := len(app.Query("#toast >>> .toast")); n != 0 {
		t.Errorf("toast still shown after its duration")
	}
	app.Tap("#cart >>> .cart-badge") // the badge's "open" event switches to the cart
	if app.Page() != "pages/cart/cart" {
		t.Errorf("page after tapping the badge = %s", app.Page())
	}
}
