package pkgserver

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/cache/pkgformat"
)

// ErrPackedZipInvalid is returned by Pack when the zip it made does not
// validate while the directory did (a file the zip format cannot carry).
var ErrPackedZipInvalid = errors.New("the packed zip does not validate")

// PackOptions describe the package Pack makes.
type PackOptions struct {
	AppID   string // required
	Version string // required
	Env     string // "" means release
	// Name is the display name; "" means project.config.json's
	// projectname, else the app id.
	Name        string
	Description string
	Icon        string
	// Domains are the hosts the app's network calls may reach.
	Domains []string
	// Key signs the manifest when not nil.
	Key ed25519.PrivateKey
	// Now stamps PublishedAt; nil means time.Now.
	Now func() time.Time
}

// Packed describes what Pack wrote.
type Packed struct {
	Manifest *pkgformat.Manifest
	Files    int    // entries in the zip
	ZipPath  string // where the package now is in the repository
}

// Pack validates the bundle in fsys with the runtime's checks (a
// *bundle.ConfigError when it fails), zips it, checks the zip as a cache
// would, makes (and signs) its manifest and publishes both into repo.
func Pack(repo string, fsys fs.FS, o PackOptions) (*Packed, error) {
	if o.Env == "" {
		o.Env = pkgformat.EnvRelease
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	b, err := bundle.Load(fsys)
	if err != nil {
		return nil, err
	}
	var zipBuf bytes.Buffer
	if err := pkgformat.ZipDir(&zipBuf, fsys); err != nil {
		return nil, err
	}
	data := zipBuf.Bytes()
	// Check the package as the cache and the runtime will see it.
	zr, err := pkgformat.CheckZip(bytes.NewReader(data), int64(len(data)), nil)
	if err == nil {
		_, err = bundle.Load(zr)
	}
	if err != nil {
		return nil, fmt.Errorf("pkgserver: %w: %w", ErrPackedZipInvalid, err)
	}
	name := o.Name
	if name == "" && b.Project != nil {
		name = b.Project.ProjectName
	}
	if name == "" {
		name = o.AppID
	}
	sum := sha256.Sum256(data)
	m := &pkgformat.Manifest{
		AppID: o.AppID, Name: name, Version: o.Version, Env: o.Env,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		PublishedAt: o.Now().UTC().Truncate(time.Second), Description: o.Description, Icon: o.Icon,
		Domains: o.Domains,
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if o.Key != nil {
		pkgformat.Sign(m, o.Key)
	}
	tmp, err := os.CreateTemp("", "minihost-pack-*.zip")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = Publish(repo, m, tmp.Name())
	}
	if err != nil {
		return nil, err
	}
	files := 0
	for _, f := range zr.File {
		if !f.Mode().IsDir() {
			files++
		}
	}
	return &Packed{Manifest: m, Files: files, ZipPath: filepath.Join(repo, m.AppID, m.Env, m.Version+".zip")}, nil
}
