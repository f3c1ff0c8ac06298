package view

import "testing"

func TestLogicalParent(t *testing.T) {
	t.Parallel()
	host, tpls := newFakeHost(componentFiles)
	tpl, err := tpls.Load("main.wxml")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Render(tpl, map[string]any{"title": "Hi", "showBody": true, "n": 3.0}, host)
	if err != nil {
		t.Fatal(err)
	}
	card := mustSelect(t, tr, "#c1")[0]
	one := func(sel string) *Node {
		t.Helper()
		return mustSelect(t, tr, sel)[0]
	}
	tests := []struct {
		name string
		n    *Node
		want *Node
	}{
		{"slotted header goes to the card element", one(".h"), card},
		{"slotted body goes to the card element", one(".body"), card},
		{"slotted component goes to the card element", one("#b"), card},
		{"page top node goes to Root", card, tr.Root},
		{"shadow top node has none", one("#c1 >>> .card"), nil},
		{"shadow node goes to its shadow parent", one("#c1 >>> .header"), one("#c1 >>> .card")},
		{"text node in a slotted node", one(".h").Children[0], one(".h")},
		{"Root has none", tr.Root, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.n.LogicalParent(); got != tt.want {
				t.Fatalf("LogicalParent() = %s, want %s", nodeName(got), nodeName(tt.want))
			}
		})
	}
}

func nodeName(n *Node) string {
	if n == nil {
		return "<nil>"
	}
	return describe([]*Node{n})
}
