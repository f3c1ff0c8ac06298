package pkgformat_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
)

func validManifest() *pkgformat.Manifest {
	return &pkgformat.Manifest{
		AppID: "wx0123456789", Name: "Demo", Version: "1.2.3", Env: "release", Size: 1234,
		SHA256:      strings.Repeat("ab", 32),
		PublishedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
	}
}

func TestParseManifest(t *testing.T) {
	t.Parallel()
	good, err := validManifest().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(m map[string]any)) string {
		var m map[string]any
		json.Unmarshal(good, &m)
		f(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name  string
		in    string
		field string // "" means valid
		want  error
	}{
		{"valid", string(good), "", nil},
		{"unknown fields ignored", edit(func(m map[string]any) { m["extra"] = 1 }), "", nil},
		{"not JSON", "{", "-", pkgformat.ErrInvalidManifest},
		{"array", "[]", "-", pkgformat.ErrInvalidManifest},
		{"trailing data", string(good) + "{}", "-", pkgformat.ErrInvalidManifest},
		{"missing appId", edit(func(m map[string]any) { delete(m, "appId") }), "appId", pkgformat.ErrInvalidManifest},
		{"appId with slash", edit(func(m map[string]any) { m["appId"] = "../x" }), "appId", pkgformat.ErrInvalidManifest},
		{"bad env", edit(func(m map[string]any) { m["env"] = "prod" }), "env", pkgformat.ErrInvalidManifest},
		{"zero size", edit(func(m map[string]any) { m["size"] = 0 }), "size", pkgformat.ErrInvalidManifest},
		{"size as string", edit(func(m map[string]any) { m["size"] = "12" }), "-", pkgformat.ErrInvalidManifest},
		{"short sha256", edit(func(m map[string]any) { m["sha256"] = "abcd" }), "sha256", pkgformat.ErrInvalidManifest},
		{"uppercase sha256", edit(func(m map[string]any) { m["sha256"] = strings.Repeat("AB", 32) }), "sha256", pkgformat.ErrInvalidManifest},
		{"non-hex sha256", edit(func(m map[string]any) { m["sha256"] = strings.Repeat("zz", 32) }), "sha256", pkgformat.ErrInvalidManifest},
		{"bad version", edit(func(m map[string]any) { m["version"] = "1.2.x" }), "version", pkgformat.ErrInvalidVersion},
		{"version path", edit(func(m map[string]any) { m["version"] = "../1" }), "version", pkgformat.ErrInvalidVersion},
		{"bad signature", edit(func(m map[string]any) { m["signature"] = "!!" }), "signature", pkgformat.ErrInvalidManifest},
		{"too large", `{"name":"` + strings.Repeat("x", pkgformat.MaxManifestSize) + `"}`, "-", pkgformat.ErrInvalidManifest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := pkgformat.ParseManifest([]byte(tt.in))
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if m.AppID != "wx0123456789" || m.Version != "1.2.3" || !m.PublishedAt.Equal(validManifest().PublishedAt) {
					t.Errorf("decoded %+v", m)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var me *pkgformat.ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("%T is not a *ManifestError", err)
			}
			if tt.field != "-" && me.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", me.Field, tt.field, err)
			}
		})
	}
}

func TestSignVerify(t *testing.T) {
	t.Parallel()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	m := validManifest()
	if err := m.Verify([]ed25519.PublicKey{pub}); !errors.Is(err, pkgformat.ErrUnsigned) {
		t.Fatalf("unsigned: got %v", err)
	}
	pkgformat.Sign(m, priv)
	if m.KeyID != pkgformat.KeyID(pub) || len(m.KeyID) != 16 {
		t.Errorf("KeyID %q", m.KeyID)
	}
	if err := m.Verify([]ed25519.PublicKey{otherPub, pub}); err != nil {
		t.Fatalf("verify: %v", err)
	}
	// The signature survives a JSON round trip.
	b, _ := m.Marshal()
	m2, err := pkgformat.ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := m2.Verify([]ed25519.PublicKey{pub}); err != nil {
		t.Fatalf("verify after round trip: %v", err)
	}
	tamper := []struct {
		name string
		f    func(m *pkgformat.Manifest)
	}{
		{"sha256", func(m *pkgformat.Manifest) { m.SHA256 = strings.Repeat("cd", 32) }},
		{"version", func(m *pkgformat.Manifest) { m.Version = "9.9.9" }},
		{"size", func(m *pkgformat.Manifest) { m.Size++ }},
		{"appId", func(m *pkgformat.Manifest) { m.AppID = "other" }},
		{"env", func(m *pkgformat.Manifest) { m.Env = "trial" }},
		{"publishedAt", func(m *pkgformat.Manifest) { m.PublishedAt = m.PublishedAt.Add(time.Second) }},
		{"name", func(m *pkgformat.Manifest) { m.Name = "Evil" }},
	}
	for _, tt := range tamper {
		c := *m
		tt.f(&c)
		if err := c.Verify([]ed25519.PublicKey{pub}); !errors.Is(err, pkgformat.ErrBadSignature) {
			t.Errorf("tampered %s: got %v, want ErrBadSignature", tt.name, err)
		}
	}
	if err := m.Verify([]ed25519.PublicKey{otherPub}); !errors.Is(err, pkgformat.ErrBadSignature) {
		t.Errorf("wrong key: got %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	t.Parallel()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	gotPriv, err := pkgformat.ParsePrivateKey(pkgformat.MarshalPrivateKey(priv))
	if err != nil || !gotPriv.Equal(priv) {
		t.Fatalf("private key round trip: %v", err)
	}
	gotPub, err := pkgformat.ParsePublicKey(pkgformat.MarshalPublicKey(pub))
	if err != nil || !gotPub.Equal(pub) {
		t.Fatalf("public key round trip: %v", err)
	}
	for _, bad := range []string{"", "minihost-ed25519-public-key", "minihost-ed25519-public-key AAAA", "ssh-ed25519 AAAA"} {
		if _, err := pkgformat.ParsePublicKey([]byte(bad)); !errors.Is(err, pkgformat.ErrInvalidKey) {
			t.Errorf("ParsePublicKey(%q): got %v", bad, err)
		}
	}
	if _, err := pkgformat.ParsePrivateKey(pkgformat.MarshalPublicKey(pub)); !errors.Is(err, pkgformat.ErrInvalidKey) {
		t.Errorf("public key parsed as private: %v", err)
	}
}

func FuzzParseManifest(f *testing.F) {
	b, _ := validManifest().Marshal()
	f.Add(b)
	f.Add([]byte(`{"appId":"a","env":"trial","version":"1.0.0-rc.1","size":1,"sha256":"` + strings.Repeat("0", 64) + `"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"signature":"AAAA"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := pkgformat.ParseManifest(data)
		if err != nil {
			var me *pkgformat.ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("%T is not a *ManifestError", err)
			}
			return
		}
		// A parsed manifest re-encodes to something that parses to the same.
		out, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := pkgformat.ParseManifest(out)
		if err != nil {
			t.Fatalf("re-encoded manifest does not parse: %v\n%s", err, out)
		}
		if string(m.SigningPayload()) != string(m2.SigningPayload()) {
			t.Fatalf("round trip changed the signed fields")
		}
		if !pkgformat.ValidAppID(m.AppID) || pkgformat.CheckVersion(m.Version) != nil {
			t.Fatal("accepted an unsafe app id or version")
		}
	})
}

func ExampleSign() {
	seed := make([]byte, ed25519.SeedSize) // use crypto/rand in real code
	key := ed25519.NewKeyFromSeed(seed)
	m := validManifest()
	pkgformat.Sign(m, key)
	fmt.Println(m.Verify([]ed25519.PublicKey{key.Public().(ed25519.PublicKey)}))
	m.Version = "0.0.1"
	fmt.Println(errors.Is(m.Verify([]ed25519.PublicKey{key.Public().(ed25519.PublicKey)}), pkgformat.ErrBadSignature))
	// Output:
	// <nil>
	// true
}

func FuzzParseKey(f *testing.F) {
	seed := make([]byte, ed25519.SeedSize)
	key := ed25519.NewKeyFromSeed(seed)
	f.Add(pkgformat.MarshalPrivateKey(key))
	f.Add(pkgformat.MarshalPublicKey(key.Public().(ed25519.PublicKey)))
	f.Add([]byte("minihost-ed25519-public-key ===="))
	f.Fuzz(func(t *testing.T, data []byte) {
		if priv, err := pkgformat.ParsePrivateKey(data); err == nil {
			if len(priv) != ed25519.PrivateKeySize {
				t.Fatalf("private key of %d bytes", len(priv))
			}
			again, err := pkgformat.ParsePrivateKey(pkgformat.MarshalPrivateKey(priv))
			if err != nil || !again.Equal(priv) {
				t.Fatal("private key does not round-trip")
			}
		} else if !errors.Is(err, pkgformat.ErrInvalidKey) {
			t.Fatalf("error %v is not ErrInvalidKey", err)
		}
		if pub, err := pkgformat.ParsePublicKey(data); err == nil {
			if len(pub) != ed25519.PublicKeySize {
				t.Fatalf("public key of %d bytes", len(pub))
			}
		} else if !errors.Is(err, pkgformat.ErrInvalidKey) {
			t.Fatalf("error %v is not ErrInvalidKey", err)
		}
	})
}

func TestDomainsAreSigned(t *testing.T) {
	t.Parallel()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	m := validManifest()
	m.Domains = []string{"api.example.com", "cdn.example.com:8443"}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	pkgformat.Sign(m, priv)
	if err := m.Verify([]ed25519.PublicKey{pub}); err != nil {
		t.Fatal(err)
	}
	m.Domains = append(m.Domains, "evil.example")
	if err := m.Verify([]ed25519.PublicKey{pub}); !errors.Is(err, pkgformat.ErrBadSignature) {
		t.Errorf("a domain added after signing: %v, want ErrBadSignature", err)
	}
	for _, bad := range []string{"", "a b", "http://x/y", "x?y"} {
		m := validManifest()
		m.Domains = []string{bad}
		var me *pkgformat.ManifestError
		if err := m.Validate(); !errors.As(err, &me) || me.Field != "domains[0]" {
			t.Errorf("domain %q: %v", bad, err)
		}
	}
}
