package pkgformat

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Key file headers. A private key file is the line
// "minihost-ed25519-private-key <base64 seed>\n" and a public key file the
// line "minihost-ed25519-public-key <base64 key>\n", both base64 in the
// standard encoding with padding: 32 bytes each.
const (
	PrivateKeyHeader = "minihost-ed25519-private-key"
	PublicKeyHeader  = "minihost-ed25519-public-key"
)

// ErrInvalidKey is returned by ParsePrivateKey and ParsePublicKey for a
// malformed key file.
var ErrInvalidKey = errors.New("invalid key file")

// MarshalPrivateKey returns the private key file contents for key.
func MarshalPrivateKey(key ed25519.PrivateKey) []byte {
	return []byte(PrivateKeyHeader + " " + base64.StdEncoding.EncodeToString(key.Seed()) + "\n")
}

// MarshalPublicKey returns the public key file contents for pub.
func MarshalPublicKey(pub ed25519.PublicKey) []byte {
	return []byte(PublicKeyHeader + " " + base64.StdEncoding.EncodeToString(pub) + "\n")
}

// ParsePrivateKey decodes a private key file.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	raw, err := parseKeyLine(data, PrivateKeyHeader, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(raw), nil
}

// ParsePublicKey decodes a public key file.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	raw, err := parseKeyLine(data, PublicKeyHeader, ed25519.PublicKeySize)
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(raw), nil
}

func parseKeyLine(data []byte, header string, size int) ([]byte, error) {
	line := strings.TrimSpace(string(data))
	h, b64, ok := strings.Cut(line, " ")
	if !ok || h != header {
		return nil, fmt.Errorf("%w: want a line starting with %q", ErrInvalidKey, header)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(raw) != size {
		return nil, fmt.Errorf("%w: %s: want base64 of %d bytes", ErrInvalidKey, header, size)
	}
	return raw, nil
}
