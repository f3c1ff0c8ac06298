package pkgformat

import (
	"fmt"
	"strings"
)

// MaxVersionLen is the longest version string accepted.
const MaxVersionLen = 64

// CheckVersion reports whether v follows the version syntax: one or more
// dot-separated decimal numbers (no leading zeros, at most 9 digits each),
// optionally followed by "-" and a pre-release made of dot-separated
// identifiers of [0-9A-Za-z-]. Examples: "1", "1.2.3", "2.0.0-beta.1".
// The error wraps ErrInvalidVersion.
func CheckVersion(v string) error {
	if v == "" || len(v) > MaxVersionLen {
		return fmt.Errorf("%q: %w: empty or longer than %d bytes", v, ErrInvalidVersion, MaxVersionLen)
	}
	core, pre, hasPre := strings.Cut(v, "-")
	for _, seg := range strings.Split(core, ".") {
		if seg == "" || len(seg) > 9 || (len(seg) > 1 && seg[0] == '0') || !allDigits(seg) {
			return fmt.Errorf("%q: %w: numeric part %q", v, ErrInvalidVersion, seg)
		}
	}
	if hasPre {
		for _, id := range strings.Split(pre, ".") {
			if id == "" {
				return fmt.Errorf("%q: %w: empty pre-release identifier", v, ErrInvalidVersion)
			}
			for i := 0; i < len(id); i++ {
				c := id[i]
				if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
					return fmt.Errorf("%q: %w: character %q in pre-release", v, ErrInvalidVersion, c)
				}
			}
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CompareVersions returns -1, 0 or +1 as a is older than, equal to or newer
// than b. Numeric parts compare as numbers and a missing part counts as 0
// ("1.2" equals "1.2.0"); a version with a pre-release is older than the same
// version without one; pre-release identifiers compare one by one, numbers
// numerically and below words, words in ASCII order, and a shorter list that
// is a prefix of a longer one is older. Both arguments must pass
// CheckVersion; invalid versions compare as older than valid ones, and two
// invalid ones compare as strings.
func CompareVersions(a, b string) int {
	ea, eb := CheckVersion(a) != nil, CheckVersion(b) != nil
	switch {
	case ea && eb:
		return strings.Compare(a, b)
	case ea:
		return -1
	case eb:
		return 1
	}
	ca, pa, hasPa := strings.Cut(a, "-")
	cb, pb, hasPb := strings.Cut(b, "-")
	sa, sb := strings.Split(ca, "."), strings.Split(cb, ".")
	for i := 0; i < len(sa) || i < len(sb); i++ {
		x, y := "0", "0"
		if i < len(sa) {
			x = sa[i]
		}
		if i < len(sb) {
			y = sb[i]
		}
		if c := compareNumeric(x, y); c != 0 {
			return c
		}
	}
	switch {
	case !hasPa && !hasPb:
		return 0
	case !hasPa:
		return 1
	case !hasPb:
		return -1
	}
	ia, ib := strings.Split(pa, "."), strings.Split(pb, ".")
	for i := 0; i < len(ia) && i < len(ib); i++ {
		na, nb := allDigits(ia[i]), allDigits(ib[i])
		var c int
		switch {
		case na && nb:
			c = compareNumeric(strings.TrimLeft(ia[i], "0"), strings.TrimLeft(ib[i], "0"))
		case na:
			c = -1
		case nb:
			c = 1
		default:
			c = strings.Compare(ia[i], ib[i])
		}
		if c != 0 {
			return c
		}
	}
	switch {
	case len(ia) < len(ib):
		return -1
	case len(ia) > len(ib):
		return 1
	}
	return 0
}

// compareNumeric compares two digit strings without leading zeros.
func compareNumeric(x, y string) int {
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}
