package wxfs

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzResolve checks that any virtual path either is refused or resolves
// inside the sandbox directory, and that writing through it stays inside.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{"wxfile://usr", "wxfile://usr/a/b.txt", "wxfile://usr/../x", "wxfile://tmp_x.png", "wxfile://store_../x",
		"wxfile://usr/./../usr/x", "wxfile:///etc", "../x", "/etc/passwd", "wxfile://usr//x", "wxfile://usr/x/..", "wxfile://usr/link/x"} {
		f.Add(seed)
	}
	sb, err := OpenSandbox(f.TempDir(), "u", "wxfuzz", 1<<20)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, vpath string) {
		p, err := sb.Resolve(vpath)
		if err != nil {
			return
		}
		if p != sb.Dir() && !strings.HasPrefix(p, sb.Dir()+string(filepath.Separator)) {
			t.Fatalf("Resolve(%q) = %q, outside %q", vpath, p, sb.Dir())
		}
		r, _, err := rel(vpath)
		if err != nil {
			t.Fatalf("Resolve accepted %q but rel refused it: %v", vpath, err)
		}
		if r != "usr" && !strings.HasPrefix(r, "usr/") && !strings.HasPrefix(r, "tmp/tmp_") && !strings.HasPrefix(r, "store/store_") {
			t.Fatalf("rel(%q) = %q", vpath, r)
		}
	})
}

// FuzzEncoding checks the encodings against their decoders.
func FuzzEncoding(f *testing.F) {
	for _, seed := range [][]byte{nil, []byte("hi"), {0, 255, 128}, []byte("你好"), {0xd8, 0x00}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, enc := range []string{"base64", "hex", "latin1"} {
			s := decode(data, enc)
			back, err := encode(s, enc)
			if err != nil || !bytes.Equal(back, data) {
				t.Fatalf("%s: %x -> %q -> %x, %v", enc, data, s, back, err)
			}
		}
		if len(data)%2 == 0 {
			s := decode(data, "utf16le")
			back, _ := encode(s, "utf16le")
			if len(back) != len(data) {
				t.Fatalf("utf16le: %x -> %q -> %x", data, s, back)
			}
		}
		// Decoding arbitrary text never fails or panics.
		_, _ = encode(string(data), "base64")
		_, _ = encode(string(data), "hex")
	})
}
