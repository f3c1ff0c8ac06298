package pkgformat

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Env versions of a package.
const (
	EnvRelease = "release"
	EnvTrial   = "trial"
	EnvDevelop = "develop"
)

// MaxManifestSize is the largest manifest, in bytes, that ParseManifest
// accepts.
const MaxManifestSize = 64 << 10

// Errors returned by manifest parsing and verification. A *ManifestError
// wraps one of them.
var (
	// ErrInvalidManifest is wrapped by every *ManifestError for a
	// malformed or incomplete manifest.
	ErrInvalidManifest = errors.New("invalid manifest")
	// ErrUnsigned is returned by Verify when the manifest has no signature.
	ErrUnsigned = errors.New("package is not signed")
	// ErrBadSignature is returned by Verify when no trusted key verifies
	// the signature.
	ErrBadSignature = errors.New("package signature does not verify with any trusted key")
	// ErrInvalidVersion is returned for a version string that does not
	// follow the version syntax.
	ErrInvalidVersion = errors.New("invalid version")
)

// ManifestError reports a manifest field that is missing or malformed.
type ManifestError struct {
	Field string // JSON name of the field, or "" for the document itself
	Msg   string // what is wrong with it
	Err   error  // ErrInvalidManifest or ErrInvalidVersion
}

// Error names the field and what is wrong with it.
func (e *ManifestError) Error() string {
	if e.Field == "" {
		return "manifest: " + e.Msg
	}
	return "manifest: field " + e.Field + ": " + e.Msg
}

// Unwrap returns the sentinel the error wraps.
func (e *ManifestError) Unwrap() error { return e.Err }

// Manifest describes one package version. Its JSON form is the wire format of
// the package server (see docs/packages.md).
type Manifest struct {
	AppID       string    `json:"appId"`
	Name        string    `json:"name"`
	Version     string    `json:"version"`
	Env         string    `json:"env"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"` // lowercase hex of the zip's SHA-256
	PublishedAt time.Time `json:"publishedAt"`
	Description string    `json:"description,omitempty"`
	Icon        string    `json:"icon,omitempty"` // URL or path of an icon, opaque to the cache
	// Domains are the hosts the app's network calls may reach (its
	// wx.request allow-list: "api.example.com", "api.example.com:8443"),
	// as a platform's console would configure them. Signed with the rest.
	Domains []string `json:"domains,omitempty"`
	// KeyID names the signing key: the first 8 bytes of the SHA-256 of the
	// public key, in hex. Informational; Verify tries every trusted key.
	KeyID string `json:"keyId,omitempty"`
	// Signature is the base64 (standard encoding) Ed25519 signature of
	// SigningPayload, or "" for an unsigned package.
	Signature string `json:"signature,omitempty"`
}

// ValidAppID reports whether id can be an app id: 1 to 64 characters from
// [A-Za-z0-9_-]. App ids name directories and URL path segments, so nothing
// else is allowed.
func ValidAppID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ValidEnv reports whether env is one of EnvRelease, EnvTrial, EnvDevelop.
func ValidEnv(env string) bool {
	return env == EnvRelease || env == EnvTrial || env == EnvDevelop
}

// ParseManifest decodes a manifest from untrusted JSON and validates it.
// Unknown fields are ignored; a missing or malformed field is reported as a
// *ManifestError naming it.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) > MaxManifestSize {
		return nil, &ManifestError{Msg: fmt.Sprintf("%d bytes exceeds the limit of %d", len(data), MaxManifestSize), Err: ErrInvalidManifest}
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, &ManifestError{Msg: "decode: " + err.Error(), Err: ErrInvalidManifest}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &ManifestError{Msg: "trailing data after the JSON object", Err: ErrInvalidManifest}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Validate checks the fields of m and returns a *ManifestError for the first
// one that is wrong.
func (m *Manifest) Validate() error {
	bad := func(field, msg string) error {
		return &ManifestError{Field: field, Msg: msg, Err: ErrInvalidManifest}
	}
	switch {
	case !ValidAppID(m.AppID):
		return bad("appId", fmt.Sprintf("%q is not 1-64 characters of [A-Za-z0-9_-]", m.AppID))
	case !ValidEnv(m.Env):
		return bad("env", fmt.Sprintf("%q is not release, trial or develop", m.Env))
	case m.Size <= 0:
		return bad("size", fmt.Sprintf("%d is not positive", m.Size))
	case len(m.SHA256) != 64 || strings.ToLower(m.SHA256) != m.SHA256:
		return bad("sha256", fmt.Sprintf("%q is not 64 lowercase hex digits", m.SHA256))
	case !utf8.ValidString(m.Name) || len(m.Name) > 256:
		return bad("name", "not valid UTF-8 of at most 256 bytes")
	case !utf8.ValidString(m.Description) || len(m.Description) > 4096:
		return bad("description", "not valid UTF-8 of at most 4096 bytes")
	case !utf8.ValidString(m.Icon) || len(m.Icon) > 2048:
		return bad("icon", "not valid UTF-8 of at most 2048 bytes")
	case len(m.KeyID) > 64:
		return bad("keyId", "longer than 64 bytes")
	case len(m.Domains) > 100:
		return bad("domains", "more than 100 entries")
	}
	for i, d := range m.Domains {
		host := strings.TrimPrefix(d, "https://")
		if host == "" || len(host) > 253 || strings.ContainsAny(host, " \t\r\n/?#@\\\x00") {
			return bad(fmt.Sprintf("domains[%d]", i), fmt.Sprintf("%q is not a host such as api.example.com or api.example.com:8443", d))
		}
	}
	if _, err := hex.DecodeString(m.SHA256); err != nil {
		return bad("sha256", fmt.Sprintf("%q is not hex", m.SHA256))
	}
	if err := CheckVersion(m.Version); err != nil {
		return &ManifestError{Field: "version", Msg: err.Error(), Err: ErrInvalidVersion}
	}
	if m.Signature != "" {
		sig, err := base64.StdEncoding.DecodeString(m.Signature)
		if err != nil || len(sig) != ed25519.SignatureSize {
			return bad("signature", "not a base64 Ed25519 signature")
		}
	}
	return nil
}

// Marshal returns the manifest's indented JSON encoding.
func (m *Manifest) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// SigningPayload returns the bytes the signature covers: a first line
// "minihost-manifest-v1" followed by one line per field, in this order,
// "appId", "name", "version", "env", "size", "sha256", "publishedAt"
// (RFC 3339 with nanoseconds, UTC), "description", "icon", then "domains"
// (space-separated) when there are any, each as the field
// name, a space and the value quoted as a Go string literal
// (strconv.Quote), then "\n".
func (m *Manifest) SigningPayload() []byte {
	var b bytes.Buffer
	b.WriteString("minihost-manifest-v1\n")
	line := func(k, v string) {
		b.WriteString(k)
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(v))
		b.WriteByte('\n')
	}
	line("appId", m.AppID)
	line("name", m.Name)
	line("version", m.Version)
	line("env", m.Env)
	line("size", strconv.FormatInt(m.Size, 10))
	line("sha256", m.SHA256)
	line("publishedAt", m.PublishedAt.UTC().Format(time.RFC3339Nano))
	line("description", m.Description)
	line("icon", m.Icon)
	if len(m.Domains) > 0 { // absent for manifests without domains: v1 payloads stay as they were
		line("domains", strings.Join(m.Domains, " "))
	}
	return b.Bytes()
}

// KeyID returns the key id of pub: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Sign sets m.KeyID and m.Signature with key.
func Sign(m *Manifest, key ed25519.PrivateKey) {
	m.KeyID = KeyID(key.Public().(ed25519.PublicKey))
	m.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, m.SigningPayload()))
}

// Verify checks m's signature against trusted. It returns ErrUnsigned when m
// has no signature and ErrBadSignature when no key in trusted verifies it.
func (m *Manifest) Verify(trusted []ed25519.PublicKey) error {
	if m.Signature == "" {
		return fmt.Errorf("%s %s: %w", m.AppID, m.Version, ErrUnsigned)
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%s %s: malformed signature: %w", m.AppID, m.Version, ErrBadSignature)
	}
	payload := m.SigningPayload()
	for _, k := range trusted {
		if len(k) == ed25519.PublicKeySize && ed25519.Verify(k, payload, sig) {
			return nil
		}
	}
	return fmt.Errorf("%s %s (keyId %q): %w", m.AppID, m.Version, m.KeyID, ErrBadSignature)
}
