package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/minihost/minihost/cache/pkgformat"
)

func init() {
	register("keygen", "make an Ed25519 key pair for signing packages", cmdKeygen)
}

// cmdKeygen implements "minihost keygen -o PREFIX": it writes PREFIX.key
// (mode 0600, "minihost-ed25519-private-key <base64 seed>") and PREFIX.pub
// ("minihost-ed25519-public-key <base64 key>"), refusing to overwrite
// either unless --force is given.
func cmdKeygen(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("keygen", "keygen -o PREFIX [--force]", stderr)
	prefix := fs.String("o", "", "output `prefix`: writes PREFIX.key and PREFIX.pub")
	force := fs.Bool("force", false, "overwrite existing key files")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *prefix == "" || len(pos) != 0 {
		return usageError(fs, stderr, "-o PREFIX is required and no arguments are taken")
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		fmt.Fprintf(stderr, "minihost keygen: %v\n", err)
		return exitFailed
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	for _, f := range []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{*prefix + ".key", pkgformat.MarshalPrivateKey(priv), 0o600},
		{*prefix + ".pub", pkgformat.MarshalPublicKey(pub), 0o644},
	} {
		fh, err := os.OpenFile(f.name, flags, f.mode)
		if err != nil {
			fmt.Fprintf(stderr, "minihost keygen: %v\n", err)
			return exitFailed
		}
		_, err = fh.Write(f.data)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(stderr, "minihost keygen: %v\n", err)
			return exitFailed
		}
	}
	fmt.Fprintf(stdout, "wrote %s.key and %s.pub (key id %s)\n", *prefix, *prefix, pkgformat.KeyID(pub))
	return exitOK
}
