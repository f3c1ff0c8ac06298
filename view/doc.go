// Package view renders WXML templates headlessly into a node tree, from
// page data held as plain Go values, and keeps the tree up to date as the
// data changes. It runs no JavaScript engine: {{ }} bindings and WXS
// modules are evaluated by a small interpreter of the subset of
// JavaScript the base library allows there.
//
// # Basics
//
// A Templates loads the .wxml files of one bundle from an fs.FS; Load
// parses a file and every file it names (<import src>, <include src>,
// <wxs src> and the .wxs files those require) once, and returns an
// immutable *Template that any number of trees may share. Parses are also
// cached process-wide under the SHA-256 of path and content, like compiled
// scripts, so bundles that share a file share its parse.
//
//	tpls := view.NewTemplates(bundleFS)
//	tpl, err := tpls.Load("pages/index/index") // ".wxml" optional
//	if err != nil {
//		return err // *view.ParseError: "pages/index/index.wxml:3:7: unclosed <view>"
//	}
//	tree, err := view.Render(tpl, pageData, host)
//
// Page data is what encoding/json decodes into any: map[string]any, []any,
// string, float64, bool and nil (other integer and float types, and other
// slices and string-keyed maps, are read too). Render never modifies it.
//
// The tree's Root is a "page" node; each *Node carries its tag, id,
// classes, evaluated attributes (a whole-attribute binding "{{x}}" keeps
// the value's type; mixed text makes a string; an attribute without a
// value is true), dataset (data-item-id → itemId), marks (mark:x), event
// bindings (bind, catch, mut-bind, capture-bind, capture-catch, with or
// without the colon) and children. Tree.Select and Tree.SelectIn answer
// selectors (#id, .class, tag, *, compounds, descendant, child, comma
// lists, and >>> into components); Tree.Snapshot prints the tree as
// indented text for golden files; Node.TextContent is what a user reads.
//
// Templates support elements and attributes; {{ }} in text and attribute
// values; wx:if / wx:elif / wx:else; wx:for over arrays, objects (keys
// sorted), numbers and strings, with wx:for-item, wx:for-index and wx:key
// (a field name or *this); <block>; <template name> and <template is
// data>; <import> (the imported file's templates, not transitively) and
// <include> (the file minus its <template> and <wxs> elements); <slot>
// and <slot name> in component templates; hidden; <wxs module> inline and
// with src.
//
// The binding expression language is the base library's: identifiers and
// paths (a.b, a[0], a['x'], a[i]); number, string, boolean, null and
// undefined literals; unary ! - + typeof; binary + - * / % with
// JavaScript coercions (string concatenation, NaN); == != === !== < <= >
// >=; && || ?? with JavaScript truthiness; ternaries; object literals with
// spread ({{ {a: 1, ...b} }}, and <template data="{{...item, i}}">); array
// literals; calls of WXS functions ({{ fmt.price(x) }}) and of the usual
// string, number and array methods. A missing path evaluates to undefined,
// which reads as "" in text, as does null.
//
// WXS modules run in their own scope on the same interpreter: var,
// function declarations and expressions (closures), return, if/else, for,
// for-in, while, do-while, switch, break, continue, throw; assignments and
// ++/--; objects and arrays; the string methods (indexOf, lastIndexOf,
// substring, substr, slice, split, replace with a string or getRegExp and
// $1/$& patterns or a function, toUpperCase, toLowerCase, trim, charAt,
// charCodeAt, concat, match, search, includes, startsWith, endsWith,
// repeat, padStart, padEnd), number methods (toFixed, toString(radix),
// toPrecision), array methods (push, pop, shift, unshift, splice, slice,
// concat, join, indexOf, lastIndexOf, includes, reverse, sort, map,
// filter, forEach, reduce, reduceRight, some, every, find, findIndex,
// fill), x.constructor ("Array", "Object"...), Math.*, parseInt,
// parseFloat, isNaN, isFinite, Number, String, Boolean, JSON.stringify
// (a cyclic value, or one nested over 64 levels, is an error), JSON.parse,
// getRegExp(pattern, flags) (exec and match results carry index and
// input), getDate(...) with its getters,
// console.log (ignored), and require("./other.wxs"). module.exports is the
// module's value. Data passed from a binding to a WXS function is copied,
// as on the platform. Each tree instantiates a module once.
//
// Custom components are met through Host: for each element whose tag
// Host.ResolveComponent accepts, Host.CreateComponent returns a Component
// with its own template and data; the element's Children are then the
// component's shadow tree with the element's own children distributed to
// its <slot> elements (by slot="name"; the rest go to the default slot).
// Nodes keep the Component whose template made them in Owner. A Component
// that implements Attacher is told when its element is in place;
// Tree.Close detaches them all when the page goes away.
//
// Updates are incremental. Every binding records the data paths it read
// ("list.3.name"); Tree.Update(data, changedKeys) re-evaluates only the
// bindings whose paths overlap a changed key (one a prefix of the other;
// a read of x.length overlaps x itself and a path into x at an index at or
// past the length read, like x[3] or x[3].name on a 3-item x). A wx:for
// routes a change under list[i] to item i, and to the items whose
// bindings read the list other than through their own item
// ({{list[0].id}}, {{list[index - 1].date}}); when the list itself is
// replaced or changes length it reconciles by wx:key (or position),
// keeping the nodes of unchanged items (re-evaluating only their reads of
// the list, like {{list.length}}), re-evaluating moved or changed ones,
// rendering new ones and detaching removed ones (and their components).
// Tree.UpdateComponent does the same for a component's own setData.
// Tree.Stats counts evaluations and nodes created.
//
// Figures (BenchmarkRender1000, BenchmarkUpdateOneOf1000 and
// BenchmarkReplaceList1000 on a shared 2-core Xeon VM; each item has a
// key, a class binding, a dataset and two texts; best of several runs):
// rendering the page with 1,000 wx:for items takes about 12 ms and 3.4 MB
// (about 53 allocations per item) and evaluates 4,000 bindings; a setData
// of one item's field then takes about 0.1 ms and 15 allocations and
// evaluates 2 bindings (the list and the one text), about 1% of the full
// render, most of it spent walking the list. Replacing the list with an
// equal copy takes about 3.5 ms and 0.8 MB (16 allocations per item, the
// new list's included) and evaluates 2 bindings: the list's own and the
// header's {{list.length}}.
//
// # Caveats
//
//   - A Tree is not safe for concurrent use; Templates and Template are.
//   - Strings index by Unicode code point, not UTF-16 unit, so length,
//     indexOf, substring and the like differ from JavaScript for
//     characters outside the Basic Multilingual Plane.
//   - getRegExp patterns run on Go's RE2: no lookaround, no
//     backreferences. getDate uses the process's local time zone.
//   - Go maps keep no insertion order: wx:for over an object, for-in and
//     JSON.stringify visit keys with array indexes first in numeric
//     order, then the rest sorted.
//   - Not supported: try/catch, new, classes, let/const block scoping (they
//     are function-scoped like var), labels, getters/setters, regular
//     expression literals (WXS has none either). A WXS call runs at most
//     five million steps and 200 nested calls, then fails with an
//     *EvalError. Work inside built-ins counts too (a step per 16 bytes
//     or 4 elements a method scans or makes, per 256 bytes a + copies);
//     a string longer than 16 MiB or an array of more than 1,048,576
//     elements fails the same way.
//   - Binding errors (calling something that is not a function, a WXS
//     throw) fail Render and Update with an *EvalError naming the file,
//     line and column; after a failed Update the tree may be partly
//     updated, so render again. A missing path is not an error.
//   - Bindings inside <template is> read the template's data object, which
//     is not tracked path by path: when its data binding changes, the
//     whole template instance is re-evaluated.
//   - Whitespace-only text between elements is dropped and other text is
//     trimmed at both ends, except inside <text>, which keeps it as
//     written. Entities are decoded only inside <text decode> (&nbsp; &lt;
//     &gt; &amp; &apos; &quot; &ensp; &emsp;), as the base library does.
//   - <slot> leaves no node: slotted children appear as children of the
//     slot's parent element in the shadow tree, with the page (or outer
//     component) still their Owner. Light-DOM children that no slot takes
//     are kept (and updated) but not in the tree.
//   - Selectors: Select matches in the page's own view (Owner nil), where
//     a slotted child's parent is the component element; ">>>" follows
//     the composed tree into any component. Attribute selectors and
//     pseudo-classes are not supported (ErrSelector).
//   - The process-wide parse cache is emptied when it grows past 8,192
//     entries.
package view
