package view

import (
	"testing"
)

// freshAfter renders src with data, applies each patch in turn with
// setData (patch keys as setData keys; a key "=" replaces data wholesale
// is not supported), and checks after each step that the updated tree
// equals a fresh render of the same data.
func freshAfter(t *testing.T, src string, data map[string]any, patches ...map[string]any) *Tree {
	t.Helper()
	tr := renderOne(t, src, data)
	for i, p := range patches {
		setData(t, tr, data, p)
		want := snap(renderOne(t, src, data))
		if got := snap(tr); got != want {
			t.Fatalf("after patch %d %v:\n%s\nfresh render:\n%s", i, p, got, want)
		}
	}
	return tr
}

func items(ids ...float64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"id": id}
	}
	return out
}

func TestListReadsInsideItemsFollowTheList(t *testing.T) {
	t.Parallel()
	const keyed = `<view wx:for="{{list}}" wx:key="id">{{item.id}} {{index === list.length - 1 ? 'last' : ''}}</view>`
	const unkeyed = `<view wx:for="{{list}}">{{item.id}}/{{list.length}}/{{list[0].id}}</view>`
	tests := []struct {
		name    string
		src     string
		patches []map[string]any
	}{
		{"keyed append by index", keyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}}},
		{"keyed list replaced longer", keyed, []map[string]any{{"list": items(0, 1, 2)}}},
		{"keyed list replaced shorter", keyed, []map[string]any{{"list": items(0)}}},
		{"unkeyed append by index", unkeyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}}},
		{"unkeyed list replaced", unkeyed, []map[string]any{{"list": items(0, 1, 2)}}},
		{"unkeyed first changes with growth", unkeyed, []map[string]any{{"list": items(5, 1, 2)}}},
		{"two steps", keyed, []map[string]any{{"list[2]": map[string]any{"id": 2.0}}, {"list": items(0, 1, 2, 3)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			freshAfter(t, tt.src, map[string]any{"list": items(0, 1)}, tt.patches...)
		})
	}
}

func TestLengthFollowsDeepAppend(t *testing.T) {
	t.Parallel()
	const src = `<view class="n">{{list.length}}</view><view wx:for="{{list}}">{{item.name}}</view>`
	one := func() []any { return []any{map[string]any{"name": "a"}} }
	tests := []struct {
		name    string
		patches []map[string]any
	}{
		{"field of a new element", []map[string]any{{"list[1].name": "b"}}},
		{"deeper field of a new element", []map[string]any{{"list[2].x.y": "c"}}},
		{"field of an existing element", []map[string]any{{"list[0].name": "z"}}},
		{"two appends", []map[string]any{{"list[1].name": "b"}, {"list[2].name": "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			freshAfter(t, src, map[string]any{"list": one()}, tt.patches...)
		})
	}
}
