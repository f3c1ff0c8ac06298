package wxsys_test

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/minihost/minihost/wxapi/wxsys"
)

func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{"", "aGk=", "aGk", "AQID+g==", "AQID-g", " a G k = ", "====", "a", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := wxsys.DecodeBase64(s)
		if err != nil {
			return
		}
		// What decodes re-encodes to the same bytes.
		again, err := wxsys.DecodeBase64(base64.StdEncoding.EncodeToString(b))
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("round trip of %q: %q, %v", b, again, err)
		}
	})
}

func FuzzBase64RoundTrip(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 2, 250})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			got, err := wxsys.DecodeBase64(enc.EncodeToString(b))
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("%q: %q, %v", b, got, err)
			}
		}
	})
}
