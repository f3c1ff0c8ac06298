package datapath_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/minihost/minihost/runtime/datapath"
)

func Example() {
	var data map[string]any
	_ = json.Unmarshal([]byte(`{"cart":{"items":[{"name":"tea","price":3}]}}`), &data)

	// this.setData({"cart.items[0].price": 4, "cart.items[2].name": "milk"})
	p, err := datapath.Parse("cart.items[0].price")
	if err != nil {
		panic(err)
	}
	if err := datapath.Set(data, p, 4.0); err != nil {
		panic(err)
	}
	if err := datapath.SetString(data, "cart.items[2].name", "milk"); err != nil {
		panic(err)
	}

	out, _ := json.Marshal(data)
	fmt.Println(string(out))
	price, ok := datapath.Get(data, datapath.MustParse("cart.items[0].price"))
	fmt.Println(price, ok)
	// Output:
	// {"cart":{"items":[{"name":"tea","price":4},null,{"name":"milk"}]}}
	// 4 true
}

func ExampleParse() {
	p, err := datapath.Parse(`list[2]["sku.1"].qty`)
	fmt.Printf("%d segments, canonical %s, err %v\n", len(p), p, err)

	_, err = datapath.Parse("a..b")
	fmt.Println(err)
	fmt.Println(errors.Is(err, datapath.ErrSyntax), errors.Is(err, datapath.ErrEmptyKey))
	// Output:
	// 4 segments, canonical list[2]["sku.1"].qty, err <nil>
	// setData: invalid path "a..b" at offset 2: empty key
	// true true
}
