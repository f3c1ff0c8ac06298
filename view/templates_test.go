package view

import (
	"errors"
	"sync"
	"testing"
	"testing/fstest"
)

func TestTemplatesCache(t *testing.T) {
	t.Parallel()
	src := `<import src="lib"/><text>{{x}} cache-test</text>`
	fsA := fstest.MapFS{"p/a.wxml": {Data: []byte(src)}, "p/lib.wxml": {Data: []byte(`<template name="t"/>`)}}
	fsB := fstest.MapFS{"p/a.wxml": {Data: []byte(src)}, "p/lib.wxml": {Data: []byte(`<template name="t"/>`)}}
	ta, tb := NewTemplates(fsA), NewTemplates(fsB)
	var wg sync.WaitGroup
	results := make([]*Template, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tl := ta
			if i%2 == 1 {
				tl = tb
			}
			tpl, err := tl.Load([]string{"p/a.wxml", "/p/a", "p/a"}[i%3])
			if err != nil {
				t.Error(err)
				return
			}
			results[i] = tpl
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for i, r := range results {
		if r.Path != "p/a.wxml" {
			t.Fatalf("Path = %q", r.Path)
		}
		if r.f != results[0].f {
			t.Fatalf("result %d: parse not shared across Templates with the same content", i)
		}
		if i%2 == 0 && r != results[0] {
			t.Fatalf("result %d: same Templates returned a different *Template", i)
		}
	}
	// Different content at the same path parses separately.
	tc := NewTemplates(fstest.MapFS{"p/a.wxml": {Data: []byte(`<view/>`)}})
	other, err := tc.Load("p/a.wxml")
	if err != nil {
		t.Fatal(err)
	}
	if other.f == results[0].f {
		t.Fatal("different content shared a parse")
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tl := NewTemplates(fstest.MapFS{"ok.wxml": {Data: []byte(`<view/>`)}, "bad.wxml": {Data: []byte(`<view>`)}})
	if _, err := tl.Load("missing.wxml"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := tl.Load(""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty path: %v", err)
	}
	_, err := tl.Load("bad")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "bad.wxml" || pe.Line != 1 || pe.Column != 1 {
		t.Fatalf("bad: %#v", err)
	}
	// A failed load does not poison later ones.
	if _, err := tl.Load("bad"); err == nil {
		t.Fatal("second load of a bad file succeeded")
	}
	if _, err := tl.Load("ok"); err != nil {
		t.Fatal(err)
	}
}

func TestResolveRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, src, want string
		ok              bool
	}{
		{"pages/a/a.wxml", "./b", "pages/a/b.wxml", true},
		{"pages/a/a.wxml", "../b/b.wxml", "pages/b/b.wxml", true},
		{"pages/a/a.wxml", "/t/x", "t/x.wxml", true},
		{"pages/a/a.wxml", "c", "pages/a/c.wxml", true},
		{"a.wxml", "../x", "", false},
	}
	for _, tc := range tests {
		got, ok := resolveRef(tc.from, tc.src, ".wxml")
		if got != tc.want || ok != tc.ok {
			t.Errorf("resolveRef(%q, %q) = %q, %v; want %q, %v", tc.from, tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSelectorErrors(t *testing.T) {
	t.Parallel()
	tr := renderOne(t, `<view id="a" class="x"><text class="y"/></view>`, nil)
	for _, sel := range []string{"", "a >", "> a", "[x=1]", ":hover", "a,", "#", ".", "#a#b", "a >>>"} {
		if _, err := tr.Select(sel); !errors.Is(err, ErrSelector) {
			t.Errorf("Select(%q) err = %v, want ErrSelector", sel, err)
		}
	}
	good := map[string]string{
		"#a":          "view#a.x",
		"view.x":      "view#a.x",
		".x .y":       "text.y",
		"#a > .y":     "text.y",
		"*":           "view#a.x text.y",
		".y, #a":      "view#a.x text.y",
		"text":        "text.y",
		".x.y":        "",
		"page .y":     "",
		"view   text": "text.y",
	}
	for sel, want := range good {
		if got := describe(mustSelect(t, tr, sel)); got != want {
			t.Errorf("Select(%q) = %q, want %q", sel, got, want)
		}
	}
}
