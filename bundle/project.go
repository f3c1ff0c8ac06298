package bundle

import (
	"encoding/json"
	"path"
	"strings"
)

// ProjectConfig is the content of project.config.json, the developer
// tools' project file. Only the keys this package uses are typed.
type ProjectConfig struct {
	// AppID is the mini program's app id ("appid").
	AppID string `json:"appid,omitempty"`
	// MiniprogramRoot, if set, is the directory holding app.json, relative
	// to the project file, as written (e.g. "miniprogram/").
	MiniprogramRoot string `json:"miniprogramRoot,omitempty"`
	// ProjectName is the project's display name ("projectname").
	ProjectName string `json:"projectname,omitempty"`
	// Extra holds every key not typed above, as raw JSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// ParseProjectConfig parses the content of project.config.json. It checks
// JSON syntax, the types of the typed keys and that miniprogramRoot, if set,
// is a relative path inside the project.
func ParseProjectConfig(data []byte) (*ProjectConfig, error) {
	d := &decoder{file: projectFile}
	o := d.root(data)
	if o == nil {
		return nil, d.err
	}
	pc := &ProjectConfig{
		AppID:           o.str("appid"),
		MiniprogramRoot: o.str("miniprogramRoot"),
		ProjectName:     o.str("projectname"),
	}
	if d.err == nil && pc.MiniprogramRoot != "" {
		if _, ok := pc.root(); !ok {
			d.fail("miniprogramRoot", ErrBadRoute, "%q is not a relative directory inside the project", pc.MiniprogramRoot)
		}
	}
	pc.Extra = o.extra()
	if d.err != nil {
		return nil, d.err
	}
	return pc, nil
}

// root returns MiniprogramRoot cleaned into an fs.Sub directory ("." when
// unset or "./"); ok is false when it is absolute or leaves the project.
func (pc *ProjectConfig) root() (dir string, ok bool) {
	r := pc.MiniprogramRoot
	if strings.Contains(r, `\`) || strings.HasPrefix(r, "/") {
		return "", false
	}
	dir = path.Clean(r)
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", false
	}
	return dir, true
}
