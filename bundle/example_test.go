package bundle_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/minihost/minihost/bundle"
)

func ExampleLoad() {
	b, err := bundle.Load(os.DirFS("testdata/hello"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("home:", b.HomePage())
	for _, route := range b.Pages() {
		fmt.Printf("%s tab=%v\n", route, b.IsTabPage(route))
	}
	w, err := b.PageWindow("packageA/pages/cat/cat")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("cat page: title %q, navigation %s, pull-down refresh %v\n",
		w.NavigationBarTitleText, w.NavigationStyle, w.EnablePullDownRefresh)
	// Output:
	// home: pages/index/index
	// pages/index/index tab=true
	// pages/logs/logs tab=true
	// packageA/pages/cat/cat tab=false
	// cat page: title "Cat", navigation custom, pull-down refresh true
}

func ExampleOpen() {
	// testdata/project holds project.config.json whose miniprogramRoot
	// points at the directory with app.json. Open also takes .zip files.
	b, err := bundle.Open("testdata/project")
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	fmt.Println("appid:", b.Project.AppID)
	pc, err := b.PageConfig(b.HomePage())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("title:", pc.NavigationBarTitleText)

	_, err = bundle.Open("testdata/missingpage")
	var ce *bundle.ConfigError
	if errors.As(err, &ce) && errors.Is(err, bundle.ErrMissingFile) {
		fmt.Println(ce)
	}
	// Output:
	// appid: wx1234567890abcdef
	// title: Home page
	// app.json: pages[1]: page file "pages/gone/gone.js" not found
}

func ExampleParseAppJSON() {
	_, err := bundle.ParseAppJSON([]byte(`{
  "pages": ["pages/index/index", "pages/about/about"],
  "tabBar": {"list": [
    {"pagePath": "pages/index/index", "text": "Home"},
    {"pagePath": "pages/cart/cart", "text": "Cart"}
  ]}
}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, bundle.ErrUnknownPage), errors.Is(err, bundle.ErrInvalid))
	// Output:
	// app.json: tabBar.list[1].pagePath: page "pages/cart/cart" is not in pages
	// true true
}
