package bundle

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// decoder decodes one configuration file field by field so that every
// problem can name its exact field path. It keeps the first problem only:
// once err is set, all further calls are no-ops returning zero values, and
// because fields are visited in a fixed order (map keys sorted) the reported
// problem is deterministic.
type decoder struct {
	file string
	err  *ConfigError
}

// fail records a problem unless one is already recorded.
func (d *decoder) fail(field string, kind error, format string, args ...any) {
	if d.err == nil {
		d.err = newError(d.file, field, kind, format, args...)
	}
}

// object is a decoded JSON object together with its field path.
type object struct {
	d    *decoder
	path string
	m    map[string]json.RawMessage
	used map[string]bool
}

// utf8BOM is tolerated (and skipped) at the start of configuration files;
// editors on Windows like to write it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// root decodes data as the top-level object of d.file. It returns nil after
// recording a problem.
func (d *decoder) root(data []byte) *object {
	data = bytes.TrimPrefix(data, utf8BOM)
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		d.err = syntaxError(d.file, data, err)
		return nil
	}
	return d.object("", json.RawMessage(bytes.TrimSpace(data)))
}

// object decodes raw (already known to be valid JSON) as an object at path.
func (d *decoder) object(path string, raw json.RawMessage) *object {
	if d.err != nil {
		return nil
	}
	if kindOf(raw) != "object" {
		d.fail(path, ErrType, "must be an object, got %s", kindOf(raw))
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		d.fail(path, ErrType, "must be an object: %v", err)
		return nil
	}
	return &object{d: d, path: path, m: m, used: make(map[string]bool)}
}

// kindOf names the JSON type of a valid raw value.
func kindOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// field joins a parent path and a key.
func field(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// index appends an array index to a path.
func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// mapKey appends a quoted map key to a path: permission["scope.userLocation"].
func mapKey(parent, key string) string {
	return parent + "[" + strconv.Quote(key) + "]"
}

// has reports whether key is present with a non-null value.
func (o *object) has(key string) bool {
	if o == nil {
		return false
	}
	raw, ok := o.m[key]
	return ok && kindOf(raw) != "null"
}

// take returns the raw value of key and marks it used. ok is false when the
// key is absent or null (null is treated like absent, as encoding/json
// does), or when a problem was already recorded.
func (o *object) take(key string) (raw json.RawMessage, ok bool) {
	if o == nil || o.d.err != nil {
		return nil, false
	}
	raw, present := o.m[key]
	if !present {
		return nil, false
	}
	o.used[key] = true
	if kindOf(raw) == "null" {
		return nil, false
	}
	return raw, true
}

// expect records a type problem at path unless raw has the wanted kind.
func (d *decoder) expect(path string, raw json.RawMessage, want string) bool {
	if d.err != nil {
		return false
	}
	if got := kindOf(raw); got != want {
		article := "a"
		if want == "array" || want == "object" {
			article = "an"
		}
		d.fail(path, ErrType, "must be %s %s, got %s", article, want, got)
		return false
	}
	return true
}

func (d *decoder) str(path string, raw json.RawMessage) string {
	var s string
	if d.expect(path, raw, "string") {
		if err := json.Unmarshal(raw, &s); err != nil {
			d.fail(path, ErrType, "must be a string: %v", err)
		}
	}
	return s
}

func (d *decoder) boolean(path string, raw json.RawMessage) bool {
	var b bool
	if d.expect(path, raw, "boolean") {
		b = bytes.TrimSpace(raw)[0] == 't'
	}
	return b
}

// maxInt is the largest integer accepted in a configuration number: the
// largest integer a JavaScript number holds exactly.
const maxInt = 1<<53 - 1

func (d *decoder) integer(path string, raw json.RawMessage) int {
	if !d.expect(path, raw, "number") {
		return 0
	}
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > maxInt {
		d.fail(path, ErrBadValue, "number %s is out of range", raw)
		return 0
	}
	if f != math.Trunc(f) {
		d.fail(path, ErrType, "must be an integer, got %s", raw)
		return 0
	}
	return int(f)
}

// array decodes raw as an array at path.
func (d *decoder) array(path string, raw json.RawMessage) []json.RawMessage {
	if !d.expect(path, raw, "array") {
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		d.fail(path, ErrType, "must be an array: %v", err)
	}
	return elems
}

// strings decodes raw as an array of strings at path (never nil on success).
func (d *decoder) strings(path string, raw json.RawMessage) []string {
	elems := d.array(path, raw)
	out := make([]string, 0, len(elems))
	for i, e := range elems {
		out = append(out, d.str(index(path, i), e))
	}
	if d.err != nil {
		return nil
	}
	return out
}

// Typed accessors on objects. Each marks the key used and returns the zero
// value when the key is absent, null, or a problem is recorded.

func (o *object) str(key string) string {
	raw, ok := o.take(key)
	if !ok {
		return ""
	}
	return o.d.str(field(o.path, key), raw)
}

func (o *object) boolean(key string) bool {
	raw, ok := o.take(key)
	if !ok {
		return false
	}
	return o.d.boolean(field(o.path, key), raw)
}

func (o *object) integer(key string) int {
	raw, ok := o.take(key)
	if !ok {
		return 0
	}
	return o.d.integer(field(o.path, key), raw)
}

func (o *object) strings(key string) []string {
	raw, ok := o.take(key)
	if !ok {
		return nil
	}
	return o.d.strings(field(o.path, key), raw)
}

func (o *object) array(key string) []json.RawMessage {
	raw, ok := o.take(key)
	if !ok {
		return nil
	}
	return o.d.array(field(o.path, key), raw)
}

func (o *object) object(key string) *object {
	raw, ok := o.take(key)
	if !ok {
		return nil
	}
	return o.d.object(field(o.path, key), raw)
}

// keys returns the object's keys in sorted order, so that problems in maps
// are reported deterministically.
func (o *object) keys() []string {
	if o == nil {
		return nil
	}
	ks := make([]string, 0, len(o.m))
	for k := range o.m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// stringMap decodes key as an object whose values are all strings.
func (o *object) stringMap(key string) map[string]string {
	m := o.object(key)
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m.m))
	for _, k := range m.keys() {
		out[k] = o.d.str(mapKey(m.path, k), m.m[k])
	}
	if o.d.err != nil {
		return nil
	}
	return out
}

// extra returns every key not taken by a typed accessor, or nil if none.
func (o *object) extra() map[string]json.RawMessage {
	if o == nil || o.d.err != nil {
		return nil
	}
	var out map[string]json.RawMessage
	for k, v := range o.m {
		if o.used[k] {
			continue
		}
		if out == nil {
			out = make(map[string]json.RawMessage)
		}
		out[k] = v
	}
	return out
}
