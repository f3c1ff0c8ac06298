package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// The kinds of a Value: the JavaScript type the mini program stored, as the
// base library records it.
const (
	KindString    = "String"
	KindNumber    = "Number"
	KindBoolean   = "Boolean"
	KindObject    = "Object"
	KindArray     = "Array"
	KindDate      = "Date"
	KindNull      = "Null"
	KindUndefined = "Undefined"
)

// maxDateMillis is the largest magnitude of a JavaScript Date's time value
// (ECMA-262 §21.4.1.22: ±8.64e15 ms around the epoch).
const maxDateMillis = 8.64e15

// Value is one stored value: the JavaScript type it had and its JSON form.
//
// Data holds, by Kind:
//
//   - String: a JSON string, e.g. `"hi"`.
//   - Number: a JSON number, e.g. `1.5`. NaN and ±Infinity have no JSON form;
//     the binding stores them as Null, as JSON.stringify does.
//   - Boolean: `true` or `false`.
//   - Object: a JSON object; Array: a JSON array. Dates nested inside are
//     ISO strings, as JSON.stringify writes them.
//   - Date: the time value in milliseconds since the Unix epoch as a JSON
//     integer (Date.prototype.getTime), within ±8.64e15. An Invalid Date
//     has no time value; the binding stores it as Null.
//   - Null: `null`.
//   - Undefined: empty.
//
// Data must not be modified after the Value is passed to Set.
type Value struct {
	Kind string
	Data []byte
}

// Size returns the bytes the Value counts toward a quota: len(Data).
func (v Value) Size() int64 { return int64(len(v.Data)) }

// Validate reports whether Data is the JSON that Kind requires. Errors wrap
// ErrInvalidValue.
func (v Value) Validate() error {
	bad := func(why string) error {
		return fmt.Errorf("%w: kind %s: %s", ErrInvalidValue, v.Kind, why)
	}
	d := v.Data
	switch v.Kind {
	case KindUndefined:
		if len(d) != 0 {
			return bad("data must be empty")
		}
		return nil
	case KindNull:
		if string(d) != "null" {
			return bad("data must be null")
		}
		return nil
	case KindBoolean:
		if string(d) != "true" && string(d) != "false" {
			return bad("data must be true or false")
		}
		return nil
	case KindNumber, KindDate:
		f, err := parseNumber(d)
		if err != nil {
			return bad(err.Error())
		}
		if v.Kind == KindDate && (f != math.Trunc(f) || math.Abs(f) > maxDateMillis) {
			return bad("data must be an integral time value within ±8.64e15 ms")
		}
		return nil
	case KindString, KindObject, KindArray:
		first := map[string]byte{KindString: '"', KindObject: '{', KindArray: '['}[v.Kind]
		if len(d) == 0 || d[0] != first {
			return bad(fmt.Sprintf("data must start with %q", first))
		}
		if !json.Valid(d) {
			return bad("data is not valid JSON")
		}
		return nil
	case "":
		return fmt.Errorf("%w: kind is required", ErrInvalidValue)
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrInvalidValue, v.Kind)
	}
}

// parseNumber parses d as exactly one JSON number token.
func parseNumber(d []byte) (float64, error) {
	if len(d) == 0 || (d[0] != '-' && (d[0] < '0' || d[0] > '9')) || !json.Valid(d) {
		return 0, fmt.Errorf("data %s is not a JSON number", abbrev(d))
	}
	last := d[len(d)-1]
	if last < '0' || last > '9' {
		return 0, fmt.Errorf("data %s is not a JSON number", abbrev(d))
	}
	f, err := strconv.ParseFloat(string(d), 64)
	if err != nil {
		// Out of float64 range: JSON.parse gives ±Infinity, which has no
		// JSON form, so refuse it.
		return 0, fmt.Errorf("data %s is out of range", abbrev(d))
	}
	return f, nil
}

// abbrev quotes at most 32 bytes of d for an error message.
func abbrev(d []byte) string {
	if len(d) > 32 {
		return fmt.Sprintf("%q...", d[:32])
	}
	return fmt.Sprintf("%q", d)
}

// ValueOf converts a Go value to a Value.
//
//   - nil gives Null; a Value is returned as it is (after validation).
//   - time.Time (or a non-nil *time.Time) gives Date, truncated to the
//     millisecond.
//   - Anything else is encoded with encoding/json (HTML characters are not
//     escaped, as JSON.stringify does not) and classified by its JSON form:
//     strings give String, numbers Number, booleans Boolean, maps and
//     structs Object, slices and arrays Array, and JSON null Null. Nested
//     time.Time values become RFC 3339 strings, as nested Dates do in JS.
//
// NaN, ±Inf and values encoding/json refuses give an error wrapping
// ErrInvalidValue.
func ValueOf(v any) (Value, error) {
	switch x := v.(type) {
	case nil:
		return Value{Kind: KindNull, Data: []byte("null")}, nil
	case Value:
		if err := x.Validate(); err != nil {
			return Value{}, err
		}
		return x, nil
	case time.Time:
		return dateValue(x)
	case *time.Time:
		if x == nil {
			return Value{Kind: KindNull, Data: []byte("null")}, nil
		}
		return dateValue(*x)
	case string:
		// Fast path for the most common kind.
		if data, ok := appendSimpleString(nil, x); ok {
			return Value{Kind: KindString, Data: data}, nil
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Value{}, fmt.Errorf("%w: number %v has no JSON form", ErrInvalidValue, x)
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return Value{}, fmt.Errorf("%w: number %v has no JSON form", ErrInvalidValue, x)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return Value{}, fmt.Errorf("%w: %T: %v", ErrInvalidValue, v, err)
	}
	data := bytes.TrimRight(buf.Bytes(), "\n")
	val := Value{Data: data}
	switch data[0] {
	case '"':
		val.Kind = KindString
	case '{':
		val.Kind = KindObject
	case '[':
		val.Kind = KindArray
	case 't', 'f':
		val.Kind = KindBoolean
	case 'n':
		val.Kind = KindNull
	default:
		val.Kind = KindNumber
	}
	// A custom MarshalJSON may emit anything valid; make sure it fits.
	if err := val.Validate(); err != nil {
		return Value{}, fmt.Errorf("%T: %w", v, err)
	}
	return val, nil
}

// appendSimpleString appends the JSON form of s when s is printable ASCII
// with nothing to escape, and reports whether it did.
func appendSimpleString(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return dst, false
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"'), true
}

func dateValue(t time.Time) (Value, error) {
	ms := t.UnixMilli()
	if math.Abs(float64(ms)) > maxDateMillis {
		return Value{}, fmt.Errorf("%w: time %v is outside the range of a JavaScript Date", ErrInvalidValue, t)
	}
	return Value{Kind: KindDate, Data: strconv.AppendInt(nil, ms, 10)}, nil
}

// Go decodes the Value into a plain Go value: String gives string, Number
// float64, Boolean bool, Object map[string]any, Array []any (elements
// decoded the same way), Date a UTC time.Time, and Null and Undefined nil.
// Errors wrap ErrInvalidValue.
func (v Value) Go() (any, error) {
	if err := v.Validate(); err != nil {
		return nil, err
	}
	switch v.Kind {
	case KindNull, KindUndefined:
		return nil, nil
	case KindBoolean:
		return v.Data[0] == 't', nil
	case KindNumber:
		return strconv.ParseFloat(string(v.Data), 64)
	case KindDate:
		f, _ := strconv.ParseFloat(string(v.Data), 64)
		return time.UnixMilli(int64(f)).UTC(), nil
	}
	var out any
	if err := json.Unmarshal(v.Data, &out); err != nil {
		return nil, fmt.Errorf("%w: kind %s: %v", ErrInvalidValue, v.Kind, err)
	}
	return out, nil
}
