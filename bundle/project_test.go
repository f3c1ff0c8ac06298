package bundle_test

import (
	"path"
	"strings"
	"testing"

	"github.com/minihost/minihost/bundle"
)

func TestParseProjectConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		json  string
		field string // "" with kind nil means valid
		kind  error
		want  bundle.ProjectConfig
	}{
		{name: "full", json: `{"appid": "wx1", "projectname": "demo", "miniprogramRoot": "miniprogram/", "setting": {"es6": true}}`,
			want: bundle.ProjectConfig{AppID: "wx1", ProjectName: "demo", MiniprogramRoot: "miniprogram/"}},
		{name: "empty", json: `{}`},
		{name: "root dot", json: `{"miniprogramRoot": "./"}`, want: bundle.ProjectConfig{MiniprogramRoot: "./"}},
		{name: "syntax", json: `{"appid" "wx1"}`, kind: bundle.ErrSyntax},
		{name: "not object", json: `"wx1"`, kind: bundle.ErrType},
		{name: "appid type", json: `{"appid": 1}`, field: "appid", kind: bundle.ErrType},
		{name: "name type", json: `{"projectname": []}`, field: "projectname", kind: bundle.ErrType},
		{name: "root escapes", json: `{"miniprogramRoot": "a/../../b"}`, field: "miniprogramRoot", kind: bundle.ErrBadRoute},
		{name: "root absolute", json: `{"miniprogramRoot": "/srv/mp"}`, field: "miniprogramRoot", kind: bundle.ErrBadRoute},
		{name: "root backslash", json: `{"miniprogramRoot": "src\\mp"}`, field: "miniprogramRoot", kind: bundle.ErrBadRoute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pc, err := bundle.ParseProjectConfig([]byte(tt.json))
			if tt.kind != nil {
				checkConfigError(t, err, "project.config.json", tt.field, tt.kind)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if pc.AppID != tt.want.AppID || pc.ProjectName != tt.want.ProjectName || pc.MiniprogramRoot != tt.want.MiniprogramRoot {
				t.Errorf("got %+v, want %+v", pc, tt.want)
			}
			if strings.Contains(tt.json, "setting") && pc.Extra["setting"] == nil {
				t.Errorf("Extra = %s, want setting kept", pc.Extra)
			}
		})
	}
}

func FuzzParseProjectConfig(f *testing.F) {
	addJSONSeeds(f)
	for _, s := range []string{``, `{}`, `{"miniprogramRoot": "../x"}`, `{"miniprogramRoot": "a/./b/"}`, `{"appid": null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pc, err := bundle.ParseProjectConfig(data)
		if err != nil {
			if pc != nil {
				t.Fatal("config returned with an error")
			}
			checkErr(t, err, "project.config.json")
			return
		}
		r := pc.MiniprogramRoot
		if c := path.Clean(r); strings.HasPrefix(r, "/") || strings.Contains(r, `\`) || c == ".." || strings.HasPrefix(c, "../") {
			t.Fatalf("accepted miniprogramRoot %q", r)
		}
	})
}
