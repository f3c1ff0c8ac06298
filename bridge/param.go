package bridge

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"
)

// ErrParameter is the cause of every *ParamError.
var ErrParameter = errors.New("parameter error")

// ParamError is an argument that does not fit what an API expects. Its
// message is the base library's, e.g. "parameter error: parameter.url
// should be String instead of Undefined;".
type ParamError struct {
	Field string // "url", "data.key"
	Msg   string // what is wrong, after "parameter error: "
}

func (e *ParamError) Error() string { return "parameter error: " + e.Msg }

// Unwrap returns ErrParameter.
func (e *ParamError) Unwrap() error { return ErrParameter }

// TypeError returns the ParamError of a field whose JavaScript value has
// the wrong type: "parameter.<field> should be <want> instead of <type>;".
func TypeError(field, want string, got goja.Value) *ParamError {
	return &ParamError{Field: field, Msg: fmt.Sprintf("parameter.%s should be %s instead of %s;", field, want, TypeName(got))}
}

// TypeName is the base library's name of a JavaScript value's type, as
// parameter errors print it: Undefined, Null, String, Number, Boolean,
// Function, Object, Array, ArrayBuffer...
func TypeName(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "Undefined"
	case goja.IsNull(v):
		return "Null"
	}
	if obj, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(obj); fn {
			return "Function"
		}
		return obj.ClassName()
	}
	switch v.Export().(type) {
	case string:
		return "String"
	case bool:
		return "Boolean"
	case int64, float64:
		return "Number"
	}
	return "Unknown"
}

// JSONTypeName is TypeName for a value already converted to Go (a
// JSON-like value: map, slice, string, number, bool, nil).
func JSONTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "Null"
	case string:
		return "String"
	case float64, int, int64:
		return "Number"
	case bool:
		return "Boolean"
	case []any:
		return "Array"
	default:
		return "Object"
	}
}

// requireString returns args[name] as a string, or the base library's
// parameter error.
func requireString(args map[string]any, name string) (string, error) {
	v, ok := args[name]
	if !ok {
		return "", &ParamError{Field: name, Msg: fmt.Sprintf("parameter.%s should be String instead of Undefined;", name)}
	}
	s, ok := v.(string)
	if !ok {
		return "", &ParamError{Field: name, Msg: fmt.Sprintf("parameter.%s should be String instead of %s;", name, JSONTypeName(v))}
	}
	return s, nil
}
