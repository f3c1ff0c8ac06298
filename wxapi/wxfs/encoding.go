package wxfs

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/minihost/minihost/bridge"
)

// normEncoding returns the canonical name of an encoding the base library
// accepts, or "" if it is unknown.
func normEncoding(enc string) string {
	switch strings.ToLower(enc) {
	case "utf8", "utf-8":
		return "utf8"
	case "ascii":
		return "ascii"
	case "base64":
		return "base64"
	case "hex":
		return "hex"
	case "binary", "latin1":
		return "latin1"
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return "utf16le"
	}
	return ""
}

// checkEncoding refuses an unknown encoding ("" is allowed: no encoding).
func checkEncoding(enc string) error {
	if enc != "" && normEncoding(enc) == "" {
		return &bridge.ParamError{Msg: fmt.Sprintf("unknown encoding: %s", enc)}
	}
	return nil
}

// encode turns a string into bytes in an encoding ("" means utf8). As in
// Node, base64 ignores characters outside its alphabet and missing
// padding, hex stops at the first invalid pair, and ascii and latin1 keep
// the low byte of each UTF-16 code unit.
func encode(s, enc string) ([]byte, error) {
	if enc == "" {
		enc = "utf8"
	}
	if err := checkEncoding(enc); err != nil {
		return nil, err
	}
	switch normEncoding(enc) {
	case "base64":
		var clean strings.Builder
		for _, r := range s {
			switch {
			case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '+', r == '/':
				clean.WriteRune(r)
			case r == '-':
				clean.WriteByte('+')
			case r == '_':
				clean.WriteByte('/')
			}
		}
		c := clean.String()
		if len(c)%4 == 1 {
			c = c[:len(c)-1] // a lone trailing character carries no whole byte
		}
		return base64.RawStdEncoding.DecodeString(c)
	case "hex":
		n := len(s) / 2
		out := make([]byte, 0, n)
		for i := 0; i < n; i++ {
			b, err := hex.DecodeString(s[2*i : 2*i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out, nil
	case "ascii", "latin1":
		units := utf16.Encode([]rune(s))
		out := make([]byte, len(units))
		for i, u := range units {
			out[i] = byte(u)
		}
		return out, nil
	case "utf16le":
		units := utf16.Encode([]rune(s))
		out := make([]byte, 2*len(units))
		for i, u := range units {
			out[2*i], out[2*i+1] = byte(u), byte(u>>8)
		}
		return out, nil
	}
	return []byte(s), nil
}

// decode turns bytes into a string in an encoding (checked with
// checkEncoding). Invalid UTF-8 becomes U+FFFD.
func decode(data []byte, enc string) string {
	switch normEncoding(enc) {
	case "base64":
		return base64.StdEncoding.EncodeToString(data)
	case "hex":
		return hex.EncodeToString(data)
	case "ascii":
		rs := make([]rune, len(data))
		for i, b := range data {
			rs[i] = rune(b & 0x7f)
		}
		return string(rs)
	case "latin1":
		rs := make([]rune, len(data))
		for i, b := range data {
			rs[i] = rune(b)
		}
		return string(rs)
	case "utf16le":
		units := make([]uint16, len(data)/2)
		for i := range units {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		return string(utf16.Decode(units))
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}
