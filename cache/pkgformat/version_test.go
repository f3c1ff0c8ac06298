package pkgformat_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/minihost/minihost/cache/pkgformat"
)

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0},
		{"1.2", "1.2.0", 0},
		{"1.0.0", "1.0.1", -1},
		{"1.10.0", "1.9.0", 1},
		{"2", "1.99.99", 1},
		{"1.0.0-alpha", "1.0.0", -1},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"1.0.0-beta.2", "1.0.0-beta.11", -1},
		{"1.0.0-rc.1", "1.0.0-beta", 1},
		{"0.0.0-offline.abc", "0.0.1", -1},
		{"999999999.0", "1.0", 1},
		{"bogus", "0.0.1", -1},
		{"1.0", "bogus", 1},
		{"a", "b", -1},
	}
	for _, tt := range tests {
		if got := pkgformat.CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := pkgformat.CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestCheckVersion(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"1", "1.2.3", "0.0.0-offline.0123abcdef01", "10.20.30-rc-1.x"} {
		if err := pkgformat.CheckVersion(v); err != nil {
			t.Errorf("CheckVersion(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"", "v1", "1.", ".1", "01.2", "1..2", "1.2-", "1.2-a..b", "1.2-a/b", "1.2.3.x", "1234567890", "../1"} {
		if err := pkgformat.CheckVersion(v); !errors.Is(err, pkgformat.ErrInvalidVersion) {
			t.Errorf("CheckVersion(%q) = %v, want ErrInvalidVersion", v, err)
		}
	}
}

func FuzzCompareVersions(f *testing.F) {
	for _, s := range [][3]string{{"1.0.0", "1.0.1", "1.0"}, {"1.0.0-a", "1.0.0-a.1", "1.0.0-1"}, {"2", "x", ""}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		ab, ba := pkgformat.CompareVersions(a, b), pkgformat.CompareVersions(b, a)
		if ab != -ba || ab < -1 || ab > 1 {
			t.Fatalf("not antisymmetric: (%q,%q)=%d, reverse %d", a, b, ab, ba)
		}
		if pkgformat.CompareVersions(a, a) != 0 {
			t.Fatalf("%q != itself", a)
		}
		bc, ac := pkgformat.CompareVersions(b, c), pkgformat.CompareVersions(a, c)
		if ab <= 0 && bc <= 0 && ac > 0 {
			t.Fatalf("not transitive: %q <= %q <= %q but %q > %q", a, b, c, a, c)
		}
	})
}

func ExampleCompareVersions() {
	fmt.Println(pkgformat.CompareVersions("1.10.0", "1.9.0"))
	fmt.Println(pkgformat.CompareVersions("2.0.0-beta.1", "2.0.0"))
	fmt.Println(pkgformat.CompareVersions("1.2", "1.2.0"))
	// Output:
	// 1
	// -1
	// 0
}
