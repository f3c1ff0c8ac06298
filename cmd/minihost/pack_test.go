package main

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/cache/pkgformat"
)

// writeFiles creates files under a new temporary directory.
func pkgWriteFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func pkgDemoBundle(t *testing.T, version string) string {
	return pkgWriteFiles(t, map[string]string{
		"app.json":             `{"pages":["pages/index/index"]}`,
		"app.js":               "App({version: '" + version + "'})",
		"pages/index/index.js": "Page({})",
		"project.config.json":  `{"appid":"wxdemo","projectname":"Demo Project"}`,
	})
}

func pkgRun(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = runMain(args, &o, &e)
	return code, o.String(), e.String()
}

func pkgReadManifest(t *testing.T, path string) *pkgformat.Manifest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := pkgformat.ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPack(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	code, out, errOut := pkgRun("pack", pkgDemoBundle(t, "1.0.0"), "-o", repo, "--app-id", "wxdemo", "--version", "1.0.0")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "packed wxdemo 1.0.0 (release, \"Demo Project\")") {
		t.Errorf("stdout: %s", out)
	}
	m := pkgReadManifest(t, filepath.Join(repo, "wxdemo", "release", "manifest.json"))
	if m.Name != "Demo Project" || m.Version != "1.0.0" || m.Signature != "" {
		t.Errorf("manifest %+v", m)
	}
	// The package loads with the runtime's bundle loader.
	b, err := bundle.Open(filepath.Join(repo, "wxdemo", "release", "1.0.0.zip"))
	if err != nil {
		t.Fatalf("bundle.Open on the package: %v", err)
	}
	if b.HomePage() != "pages/index/index" {
		t.Errorf("home page %q", b.HomePage())
	}
	b.Close()

	// Flags before the directory, --name and a trial env.
	code, _, errOut = pkgRun("pack", "--app-id=wxdemo", "--version=1.1.0", "--env", "trial", "--name", "Named", "-o", repo, pkgDemoBundle(t, "1.1.0"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if m := pkgReadManifest(t, filepath.Join(repo, "wxdemo", "trial", "1.1.0.json")); m.Name != "Named" {
		t.Errorf("name %q", m.Name)
	}
	// Without project.config.json or --name, the app id names the package.
	dir := pkgWriteFiles(t, map[string]string{"app.json": `{"pages":["index"]}`, "index.js": "Page({})"})
	if code, _, errOut := pkgRun("pack", dir, "-o", repo, "--app-id", "wxplain", "--version", "1"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if m := pkgReadManifest(t, filepath.Join(repo, "wxplain", "release", "1.json")); m.Name != "wxplain" {
		t.Errorf("name %q", m.Name)
	}
}

func TestPackSigned(t *testing.T) {
	t.Parallel()
	keys := filepath.Join(t.TempDir(), "release")
	if code, _, errOut := pkgRun("keygen", "-o", keys); code != exitOK {
		t.Fatalf("keygen: %s", errOut)
	}
	repo := t.TempDir()
	code, out, errOut := pkgRun("pack", pkgDemoBundle(t, "2.0.0"), "-o", repo, "--app-id", "wxdemo", "--version", "2.0.0", "--sign-key", keys+".key")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	pubData, _ := os.ReadFile(keys + ".pub")
	pub, err := pkgformat.ParsePublicKey(pubData)
	if err != nil {
		t.Fatal(err)
	}
	m := pkgReadManifest(t, filepath.Join(repo, "wxdemo", "release", "2.0.0.json"))
	if err := m.Verify([]ed25519.PublicKey{pub}); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if !strings.Contains(out, "signed with key "+m.KeyID) {
		t.Errorf("stdout: %s", out)
	}
	if code, _, _ := pkgRun("pack", pkgDemoBundle(t, "2.0.1"), "-o", repo, "--app-id", "wxdemo", "--version", "2.0.1", "--sign-key", keys+".pub"); code != exitUsage {
		t.Errorf("public key as signing key: exit %d", code)
	}
}

func TestPackRefuses(t *testing.T) {
	t.Parallel()
	good := pkgDemoBundle(t, "1.0.0")
	missingPage := pkgWriteFiles(t, map[string]string{"app.json": `{"pages":["pages/a/a"]}`})
	badJSON := pkgWriteFiles(t, map[string]string{"app.json": `{"pages": [}`})
	noAppJSON := pkgWriteFiles(t, map[string]string{"index.js": "x"})
	repo := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"missing page file", []string{missingPage, "-o", repo, "--app-id", "a", "--version", "1"}, exitUsage, "pages/a/a"},
		{"bad app.json", []string{badJSON, "-o", repo, "--app-id", "a", "--version", "1"}, exitUsage, "app.json:1:"},
		{"no app.json", []string{noAppJSON, "-o", repo, "--app-id", "a", "--version", "1"}, exitUsage, "app.json"},
		{"no -o", []string{good, "--app-id", "a", "--version", "1"}, exitUsage, "-o REPO is required"},
		{"bad app id", []string{good, "-o", repo, "--app-id", "a/b", "--version", "1"}, exitUsage, "--app-id"},
		{"bad version", []string{good, "-o", repo, "--app-id", "a", "--version", "v1"}, exitUsage, "--version"},
		{"bad env", []string{good, "-o", repo, "--app-id", "a", "--version", "1", "--env", "prod"}, exitUsage, "--env"},
		{"two dirs", []string{good, good, "-o", repo, "--app-id", "a", "--version", "1"}, exitUsage, "exactly one"},
		{"not a dir", []string{filepath.Join(good, "app.json"), "-o", repo, "--app-id", "a", "--version", "1"}, exitUsage, "not a directory"},
		{"unknown flag", []string{good, "--bogus"}, exitUsage, "bogus"},
		{"missing key", []string{good, "-o", repo, "--app-id", "a", "--version", "1", "--sign-key", "/no/such.key"}, exitUsage, "no/such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := pkgRun(append([]string{"pack"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want %d containing %q", code, errOut, tt.code, tt.wantErr)
			}
		})
	}
	if ents, _ := os.ReadDir(repo); len(ents) != 0 {
		t.Errorf("refused packs wrote %v", ents)
	}
	// Publishing a version again with other contents fails.
	if code, _, errOut := pkgRun("pack", good, "-o", repo, "--app-id", "a", "--version", "1"); code != exitOK {
		t.Fatal(errOut)
	}
	code, _, errOut := pkgRun("pack", pkgDemoBundle(t, "other"), "-o", repo, "--app-id", "a", "--version", "1")
	if code != exitFailed || !strings.Contains(errOut, "already published") {
		t.Errorf("republish: exit %d %s", code, errOut)
	}
}

func TestKeygen(t *testing.T) {
	t.Parallel()
	prefix := filepath.Join(t.TempDir(), "k")
	code, out, errOut := pkgRun("keygen", "-o", prefix)
	if code != exitOK {
		t.Fatal(errOut)
	}
	privData, _ := os.ReadFile(prefix + ".key")
	pubData, _ := os.ReadFile(prefix + ".pub")
	priv, err1 := pkgformat.ParsePrivateKey(privData)
	pub, err2 := pkgformat.ParsePublicKey(pubData)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) || !strings.Contains(out, pkgformat.KeyID(pub)) {
		t.Errorf("key pair mismatch or key id missing from %q", out)
	}
	if st, _ := os.Stat(prefix + ".key"); st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v", st.Mode())
	}
	if code, _, _ := pkgRun("keygen", "-o", prefix); code != exitFailed {
		t.Errorf("overwrite without --force: exit %d", code)
	}
	if code, _, _ := pkgRun("keygen", "-o", prefix, "--force"); code != exitOK {
		t.Errorf("--force: exit %d", code)
	}
	if data, _ := os.ReadFile(prefix + ".key"); bytes.Equal(data, privData) {
		t.Error("--force kept the old key")
	}
	if code, _, _ := pkgRun("keygen"); code != exitUsage {
		t.Errorf("no -o: exit %d", code)
	}
}
