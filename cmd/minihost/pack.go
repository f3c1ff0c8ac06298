package main

import (
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/cache/pkgserver"
)

func init() {
	register("pack", "validate a bundle directory and publish it as a package into a repository", cmdPack)
}

// parseInterleaved parses flags that may come before, between or after
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// usageError prints a usage problem and the flags, and returns exitUsage.
func usageError(fs *flag.FlagSet, stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "minihost %s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.Usage()
	return exitUsage
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: minihost %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// cmdPack implements "minihost pack DIR -o REPO --app-id ID --version V".
//
// Exit status: 0 packed; 1 the package could not be written; 2 bad usage or
// a bundle that fails validation (the bundle package's error is printed).
func cmdPack(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("pack", "pack DIR -o REPO --app-id ID --version V [--env release] [--sign-key FILE] [--name N]", stderr)
	out := fs.String("o", "", "repository `directory` to publish into (created if missing)")
	appID := fs.String("app-id", "", "app `id` (1-64 characters of [A-Za-z0-9_-])")
	version := fs.String("version", "", "package `version`, e.g. 1.2.0 or 2.0.0-beta.1")
	env := fs.String("env", pkgformat.EnvRelease, "env version: release, trial or develop")
	signKey := fs.String("sign-key", "", "private key `file` from \"minihost keygen\" to sign the manifest with")
	name := fs.String("name", "", "display `name` (default: project.config.json's projectname, else the app id)")
	desc := fs.String("description", "", "optional description")
	icon := fs.String("icon", "", "optional icon URL or path")
	var domains stringList
	fs.Var(&domains, "domain", "a `host` the app's network calls may reach (repeat the flag for several); none: no allow-list in the manifest")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case len(pos) != 1:
		return usageError(fs, stderr, "want exactly one bundle directory, got %d arguments", len(pos))
	case *out == "":
		return usageError(fs, stderr, "-o REPO is required")
	case !pkgformat.ValidAppID(*appID):
		return usageError(fs, stderr, "--app-id %q is not 1-64 characters of [A-Za-z0-9_-]", *appID)
	case pkgformat.CheckVersion(*version) != nil:
		return usageError(fs, stderr, "--version: %v", pkgformat.CheckVersion(*version))
	case !pkgformat.ValidEnv(*env):
		return usageError(fs, stderr, "--env %q is not release, trial or develop", *env)
	}
	var key ed25519.PrivateKey
	if *signKey != "" {
		data, err := os.ReadFile(*signKey)
		if err != nil {
			fmt.Fprintf(stderr, "minihost pack: %v\n", err)
			return exitUsage
		}
		if key, err = pkgformat.ParsePrivateKey(data); err != nil {
			fmt.Fprintf(stderr, "minihost pack: %s: %v\n", *signKey, err)
			return exitUsage
		}
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "minihost pack: %s is not a directory\n", dir)
		return exitUsage
	}
	packed, err := pkgserver.Pack(*out, os.DirFS(dir), pkgserver.PackOptions{
		AppID: *appID, Version: *version, Env: *env, Name: *name, Description: *desc, Icon: *icon, Key: key,
		Domains: domains,
	})
	var ce *bundle.ConfigError
	switch {
	case errors.As(err, &ce) && !errors.Is(err, pkgserver.ErrPackedZipInvalid):
		fmt.Fprintf(stderr, "minihost pack: invalid bundle %s: %v\n", dir, err)
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "minihost pack: %v\n", err)
		return exitFailed
	}
	m := packed.Manifest
	fmt.Fprintf(stdout, "packed %s %s (%s, %q): %d bytes, %d files, sha256 %s\n",
		m.AppID, m.Version, m.Env, m.Name, m.Size, packed.Files, m.SHA256)
	fmt.Fprintf(stdout, "wrote %s\n", packed.ZipPath)
	if key != nil {
		fmt.Fprintf(stdout, "signed with key %s\n", m.KeyID)
	}
	return exitOK
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
