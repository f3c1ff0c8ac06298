// Package datapath parses the key paths of a mini program's
// this.setData(patch) and applies them to page data held as plain Go
// JSON-like values.
//
// # Basics
//
// Page data is what encoding/json produces when it decodes into any:
// map[string]any, []any, string, float64, bool and nil. Each key of a
// setData patch is a path into that tree: "title", "cart.total",
// "list[2].name", "m[1][2]". Parse turns the key into a Path and Set
// assigns the value there, creating what is missing:
//
//	p, err := datapath.Parse("list[2].name")
//	if err != nil {
//		return err // a *PathError, e.g. errors.Is(err, datapath.ErrSyntax)
//	}
//	err = datapath.Set(data, p, "milk")
//
// SetString does both in one call without allocating the Path, Get reads a
// value back (handy in tests: Get(data, MustParse("cart.items[0].price")))
// and Copy deep-copies a tree.
//
// # Grammar
//
// A path is a first segment followed by any number of ".key", "[n]",
// "['key']" or `["key"]` segments:
//
//   - A bare key runs up to the next '.' or '[' and must not be empty or
//     contain ']'. Any other byte, spaces and quotes included, is part of
//     the key, so "a b.c" is the keys "a b" and "c", and "1.2" is the keys
//     "1" and "2" (as in JavaScript, where obj["1"] is the same property as
//     obj[1]).
//   - "[n]" is an array index: one or more ASCII digits, no sign, no spaces
//     (they are not trimmed), leading zeros allowed ("[007]" is index 7),
//     at most MaxIndex.
//   - "['key']" and `["key"]` are a quoted key, which may contain '.', '['
//     and ']'. Inside the quotes a backslash escapes the quote characters
//     and itself (\' \" \\); any other backslash sequence is an error. A
//     quoted key must not be empty.
//   - After a ']' comes the end of the path, '.' or '['.
//   - The path may start with a quoted key (`["a.b"].c`, for a top-level
//     key holding a dot) but not with an index ("[0]"): page data is an
//     object, and WeChat's base library reportedly rejects such paths too.
//
// Path.String writes the canonical form (bare keys where possible, `["k"]`
// otherwise, "[n]" for indexes), which Parse reads back into an equal Path.
//
// # Assignment
//
// Set follows what the base library does to this.data: a missing
// intermediate becomes a map for a key segment and an array for an index
// segment; an intermediate of the wrong kind (a number, a string, null, or
// an array followed by a non-numeric key) is replaced by a fresh container;
// an index into an existing map uses its decimal string as the key, and a
// canonical decimal key ("3" but not "03", at most MaxIndex) into an
// existing array is an index, as JavaScript property access behaves (a
// larger numeric key replaces the array with a map, like any other key). Setting index i on an
// array shorter than i+1 extends it with nulls. Get reads with the same
// rules and reports false for anything missing or of the wrong kind.
//
// # Caveats
//
//   - WeChat does not document the path syntax. Third-party
//     reimplementations report that its parser is far more lenient: it ignores
//     empty keys ("a..b" is "a.b"), drops an unclosed trailing "[",
//     deletes '.' and '[' inside brackets ("a[1.1]" is "a[11]") and lets a
//     key follow ']' without a dot ("a[0]b"). Real mini programs do not
//     rely on these accidents, so Parse reports them as a *PathError with
//     the byte offset of the problem instead of guessing; quoted keys are
//     an extension WeChat does not have.
//   - Set stores v without copying it, and mutates root and every
//     container on the path in place (an extended array is written back
//     into its parent). Use Copy when the caller keeps a reference.
//   - Go maps are unordered, so a runtime applying a whole patch must do so
//     in the order of the JavaScript object's keys, as WeChat does:
//     {"a": {}, "a.b": 1} and {"a.b": 1, "a": {}} give different results.
//   - Nothing here is safe for concurrent use on the same tree; Parse and
//     Path values are safe to use from any goroutine.
//   - Copy and Get assume a tree; a map or slice that contains itself makes
//     Copy recurse forever.
package datapath
