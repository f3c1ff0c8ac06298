package view

import (
	"strings"
	"testing"
	"testing/fstest"
)

// mustRender renders files["main.wxml"] (other files may be imported)
// with data, failing the test on error.
func mustRender(t testing.TB, files map[string]string, data map[string]any, host Host) *Tree {
	t.Helper()
	tr, err := renderFiles(files, data, host)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return tr
}

func renderFiles(files map[string]string, data map[string]any, host Host) (*Tree, error) {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	tpl, err := NewTemplates(fsys).Load("main.wxml")
	if err != nil {
		return nil, err
	}
	return Render(tpl, data, host)
}

// renderOne renders a single template source.
func renderOne(t testing.TB, src string, data map[string]any) *Tree {
	t.Helper()
	return mustRender(t, map[string]string{"main.wxml": src}, data, nil)
}

func snap(tr *Tree) string { return strings.TrimSpace(tr.Snapshot()) }

func trimLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

func mustSelect(t testing.TB, tr *Tree, sel string) []*Node {
	t.Helper()
	ns, err := tr.Select(sel)
	if err != nil {
		t.Fatalf("Select(%q): %v", sel, err)
	}
	return ns
}

// describe lists nodes as tag#id.class.
func describe(ns []*Node) string {
	var parts []string
	for _, n := range ns {
		s := n.Tag
		if n.ID != "" {
			s += "#" + n.ID
		}
		for _, c := range n.Class {
			s += "." + c
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
