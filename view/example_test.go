package view_test

import (
	"fmt"
	"testing/fstest"

	"github.com/minihost/minihost/view"
)

func Example() {
	bundle := fstest.MapFS{
		"pages/cart/cart.wxml": {Data: []byte(`
<wxs module="fmt">
module.exports.price = function(cents) { return "¥" + (cents / 100).toFixed(2) }
</wxs>
<view class="item" wx:for="{{items}}" wx:key="id" data-id="{{item.id}}" bindtap="select">
  {{item.name}}: {{fmt.price(item.cents)}}
</view>
<view id="total" hidden="{{items.length == 0}}">{{items.length}} items</view>`)},
	}
	tpl, err := view.NewTemplates(bundle).Load("pages/cart/cart")
	if err != nil {
		fmt.Println(err)
		return
	}
	data := map[string]any{"items": []any{
		map[string]any{"id": "a", "name": "Tea", "cents": 1250.0},
		map[string]any{"id": "b", "name": "Cake", "cents": 480.0},
	}}
	tree, err := view.Render(tpl, data, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(tree.Snapshot())

	// this.setData({"items[1].cents": 500}): only that item's bindings run.
	data["items"].([]any)[1].(map[string]any)["cents"] = 500.0
	before := tree.Stats().Evaluations
	if err := tree.Update(data, []string{"items[1].cents"}); err != nil {
		fmt.Println(err)
		return
	}
	items, _ := tree.Select(".item")
	fmt.Println(items[1].TextContent(), "—", tree.Stats().Evaluations-before, "evaluations")
	// Output:
	// <view class="item" data-id="a" bind:tap="select">
	//   "Tea: ¥12.50"
	// <view class="item" data-id="b" bind:tap="select">
	//   "Cake: ¥4.80"
	// <view id="total" hidden=false>
	//   "2 items"
	// Cake: ¥5.00 — 2 evaluations
}

func ExampleTemplates_Load_error() {
	bundle := fstest.MapFS{"index.wxml": {Data: []byte("<view>\n  <text>{{ price * }}</text>\n</view>")}}
	_, err := view.NewTemplates(bundle).Load("index.wxml")
	fmt.Println(err)
	// Output:
	// index.wxml:2:20: unexpected end of expression in {{ price * }}
}
