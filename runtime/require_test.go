package runtime_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/minihost/minihost/runtime"
)

func TestRequireResolution(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("require"))
	tests := []struct {
		spec string
		want any
	}{
		{"./config", "page config"},
		{"./config.js", "page config"},
		{"config.js", "page config"}, // legacy bare form: next to the caller
		{"../../config", "root config"},
		{"/config", "root config"},
		{"/config.js", "root config"},
		{"/utils", "utils/index"},
		{"/utils/index", "utils/index"},
		{"/utils/x", "utils/x.js"},
		{"/utils/lib", "utils/lib/index"},
		{"pkg", "pkg"},               // miniprogram_npm at the root, found walking up
		{"mainpkg", "mainpkg entry"}, // package.json main
		{"near", "pages near"},       // the nearest miniprogram_npm wins
		{"/data.json", "data.json"},
	}
	for _, tt := range tests {
		got := eval(t, r, `getCurrentPages()[0].req(`+quote(tt.spec)+`).name`)
		if got != tt.want {
			t.Errorf("require(%q).name = %v, want %v", tt.spec, got, tt.want)
		}
	}
	// ES module syntax mixed with require in one file.
	got := eval(t, r, `getCurrentPages()[0].req('/utils/esm').default`)
	want := map[string]any{"cfg": "root config", "legacy": "utils/x.js"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("esm module = %v, want %v", got, want)
	}
	// Module cache: one instance per runtime.
	if got := eval(t, r, `getCurrentPages()[0].req('/config') === getCurrentPages()[0].req('../../config.js')`); got != true {
		t.Errorf("a module evaluated twice")
	}
}

func TestRequireCycle(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("require"))
	got := eval(t, r, `getCurrentPages()[0].req('/utils/cycle1')`)
	want := map[string]any{"before": "one", "after": "one done", "sawTwo": `{"before":"one"}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cycle1 = %v, want %v (cycle2 sees the partial exports)", got, want)
	}
}

func TestRequireErrors(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("require"))
	tests := []struct {
		spec string
		want []string
	}{
		{"./nope", []string{`module "./nope" not found`, "pages/index/index.js"}},
		{"../../../escape", []string{`module "../../../escape" not found`}},
		{"nopkg", []string{`module "nopkg" not found`, "required from pages/index/index.js"}},
		{"/utils/throws", []string{"boom at load"}},
	}
	for _, tt := range tests {
		_, err := r.Eval(context.Background(), `getCurrentPages()[0].req(`+quote(tt.spec)+`)`)
		var se *runtime.ScriptError
		if !errors.As(err, &se) {
			t.Errorf("require(%q): err = %v, want a *ScriptError", tt.spec, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(se.Message, w) {
				t.Errorf("require(%q): message %q does not contain %q", tt.spec, se.Message, w)
			}
		}
		if strings.Contains(tt.want[0], "not found") {
			var mnf *runtime.ModuleNotFoundError
			if !errors.As(err, &mnf) {
				t.Errorf("require(%q): errors.As(*ModuleNotFoundError) failed for %v", tt.spec, err)
			}
		}
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func TestRequireKeepsTheModulesException(t *testing.T) {
	t.Parallel()
	r, _ := start(t, testdata("require"))
	got := eval(t, r, `(() => { try { getCurrentPages()[0].req('/utils/throws') } catch (e) { return (e instanceof Error) + ' ' + e.message } })()`)
	if got != "true boom at load" {
		t.Errorf("caught = %v, want the module's own Error", got)
	}
}
