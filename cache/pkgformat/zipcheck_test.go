package pkgformat_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/minihost/minihost/cache/pkgformat"
)

// entry describes one zip entry for buildZip.
type entry struct {
	name    string
	data    string
	mode    fs.FileMode // 0 means a regular file
	flags   uint16
	raw     bool   // write with CreateRaw using method, crc, size
	method  uint16 // with raw
	crc     uint32 // with raw; 0 means computed
	usize   int64  // with raw; -1 means len(data)
	rawData []byte // with raw; nil means data
}

func buildZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			fh.SetMode(e.mode)
		}
		fh.Flags |= e.flags
		if e.raw {
			body := e.rawData
			if body == nil {
				body = []byte(e.data)
			}
			fh.Method = e.method
			fh.CRC32 = e.crc
			if fh.CRC32 == 0 {
				fh.CRC32 = crc32.ChecksumIEEE([]byte(e.data))
			}
			fh.CompressedSize64 = uint64(len(body))
			fh.UncompressedSize64 = uint64(len(e.data))
			if e.usize >= 0 {
				fh.UncompressedSize64 = uint64(e.usize)
			}
			w, err := zw.CreateRaw(fh)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body)
			continue
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func file(name, data string) entry { return entry{name: name, data: data, usize: -1} }

func TestCheckZipRejects(t *testing.T) {
	t.Parallel()
	valid := buildZip(t, file("app.json", `{"pages":["index"]}`))
	bomb := bytes.Repeat([]byte{0}, 10<<20)
	tests := []struct {
		name   string
		zip    func(t *testing.T) []byte
		limits *pkgformat.Limits
		want   error
		entry  string
	}{
		{"parent path", func(t *testing.T) []byte { return buildZip(t, file("../evil.js", "x")) }, nil, pkgformat.ErrParentPath, "../evil.js"},
		{"nested parent path", func(t *testing.T) []byte { return buildZip(t, file("a/../../evil.js", "x")) }, nil, pkgformat.ErrParentPath, "a/../../evil.js"},
		{"absolute path", func(t *testing.T) []byte { return buildZip(t, file("/etc/passwd", "x")) }, nil, pkgformat.ErrAbsolutePath, "/etc/passwd"},
		{"drive letter", func(t *testing.T) []byte { return buildZip(t, file("C:/windows/x", "x")) }, nil, pkgformat.ErrAbsolutePath, "C:/windows/x"},
		{"backslash", func(t *testing.T) []byte { return buildZip(t, file(`..\evil.js`, "x")) }, nil, pkgformat.ErrBackslash, `..\evil.js`},
		{"NUL in name", func(t *testing.T) []byte { return buildZip(t, file("a\x00.js", "x")) }, nil, pkgformat.ErrNULName, "a\x00.js"},
		{"dot segment", func(t *testing.T) []byte { return buildZip(t, file("./a.js", "x")) }, nil, pkgformat.ErrInvalidName, "./a.js"},
		{"empty segment", func(t *testing.T) []byte { return buildZip(t, file("a//b.js", "x")) }, nil, pkgformat.ErrInvalidName, "a//b.js"},
		{"invalid UTF-8", func(t *testing.T) []byte { return buildZip(t, file("a\xff.js", "x")) }, nil, pkgformat.ErrInvalidName, "a\xff.js"},
		{"symlink", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "link", data: "/etc/passwd", mode: fs.ModeSymlink | 0o777, usize: -1})
		}, nil, pkgformat.ErrSymlink, "link"},
		{"named pipe", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "fifo", mode: fs.ModeNamedPipe | 0o644, usize: -1})
		}, nil, pkgformat.ErrSpecialFile, "fifo"},
		{"duplicate", func(t *testing.T) []byte { return buildZip(t, file("a.js", "1"), file("a.js", "2")) }, nil, pkgformat.ErrDuplicateEntry, "a.js"},
		{"duplicate after case folding", func(t *testing.T) []byte { return buildZip(t, file("Pages/A.js", "1"), file("pages/a.JS", "2")) }, nil, pkgformat.ErrDuplicateEntry, "pages/a.JS"},
		{"file and directory", func(t *testing.T) []byte { return buildZip(t, file("a", "1"), file("a/b.js", "2")) }, nil, pkgformat.ErrPathConflict, "a"},
		{"encrypted", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "secret.js", data: "x", flags: 0x1, usize: -1})
		}, nil, pkgformat.ErrEncrypted, "secret.js"},
		{"unknown method", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "a.js", data: "x", raw: true, method: 99, usize: -1})
		}, nil, pkgformat.ErrUnsupportedMethod, "a.js"},
		{"too many entries", func(t *testing.T) []byte {
			return buildZip(t, file("1", ""), file("2", ""), file("3", ""), file("4", ""))
		}, &pkgformat.Limits{MaxEntries: 3}, pkgformat.ErrTooManyEntries, "4"},
		{"total size", func(t *testing.T) []byte { return buildZip(t, file("a", "0123456789"), file("b", "0123456789")) },
			&pkgformat.Limits{MaxTotalSize: 15}, pkgformat.ErrTooLarge, "b"},
		{"zip bomb ratio", func(t *testing.T) []byte { return buildZip(t, file("zeros.bin", string(bomb))) }, nil, pkgformat.ErrCompressionRatio, "zeros.bin"},
		{"size larger than header", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "liar.js", data: "0123456789", raw: true, method: zip.Store, usize: 4})
		}, nil, pkgformat.ErrSizeMismatch, "liar.js"},
		{"bad CRC", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "a.js", data: "hello", raw: true, method: zip.Store, crc: 12345, usize: -1})
		}, nil, pkgformat.ErrChecksum, "a.js"},
		{"corrupt deflate stream", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "a.js", data: "hello world", raw: true, method: zip.Deflate, usize: -1, rawData: []byte{0xff, 0xff, 0xff, 0xff}})
		}, nil, pkgformat.ErrCorruptEntry, "a.js"},
		{"directory with data", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "d/", data: "x", raw: true, method: zip.Store, usize: -1})
		}, nil, pkgformat.ErrSizeMismatch, "d/"},
		{"trailing garbage", func(t *testing.T) []byte { return append(append([]byte{}, valid...), "garbage"...) }, nil, pkgformat.ErrTrailingData, ""},
		{"leading garbage", func(t *testing.T) []byte { return append([]byte("MZ\x90\x00junk"), valid...) }, nil, pkgformat.ErrLeadingData, ""},
		{"truncated", func(t *testing.T) []byte { return valid[:len(valid)-10] }, nil, pkgformat.ErrNotZip, ""},
		{"too short", func(t *testing.T) []byte { return []byte("PK\x03\x04") }, nil, pkgformat.ErrNotZip, ""},
		{"local header then junk", func(t *testing.T) []byte {
			return append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 100)...)
		}, nil, pkgformat.ErrNotZip, ""},
	}
	if len(tests) < 20 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := tt.zip(t)
			_, err := pkgformat.CheckZip(bytes.NewReader(data), int64(len(data)), tt.limits)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckZip: got %v, want %v", err, tt.want)
			}
			var ze *pkgformat.ZipError
			if !errors.As(err, &ze) {
				t.Fatalf("error %T is not a *ZipError", err)
			}
			if ze.Entry != tt.entry {
				t.Errorf("Entry = %q, want %q (err %v)", ze.Entry, tt.entry, err)
			}
		})
	}
}

func TestCheckZipAccepts(t *testing.T) {
	t.Parallel()
	withComment := func(t *testing.T) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		zw.SetComment("built by a test")
		w, _ := zw.Create("app.js")
		w.Write([]byte("App({})"))
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name    string
		zip     func(t *testing.T) []byte
		entries int
	}{
		{"bundle", func(t *testing.T) []byte {
			return buildZip(t, file("app.json", "{}"), file("pages/index/index.js", "Page({})"), entry{name: "pages/", mode: fs.ModeDir | 0o755, usize: -1})
		}, 3},
		{"empty archive", func(t *testing.T) []byte { return buildZip(t) }, 0},
		{"comment", withComment, 1},
		{"stored", func(t *testing.T) []byte {
			return buildZip(t, entry{name: "a.txt", data: "plain", raw: true, method: zip.Store, usize: -1})
		}, 1},
		{"compressible but small", func(t *testing.T) []byte { return buildZip(t, file("z", string(make([]byte, 512<<10)))) }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := tt.zip(t)
			zr, err := pkgformat.CheckZip(bytes.NewReader(data), int64(len(data)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(zr.File) != tt.entries {
				t.Errorf("%d entries, want %d", len(zr.File), tt.entries)
			}
		})
	}
}

func TestZipDir(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"app.json":             {Data: []byte(`{"pages":["pages/index/index"]}`)},
		"pages/index/index.js": {Data: []byte("Page({})")},
		".git/config":          {Data: []byte("secret")},
		".DS_Store":            {Data: []byte("junk")},
	}
	var a, b bytes.Buffer
	if err := pkgformat.ZipDir(&a, fsys); err != nil {
		t.Fatal(err)
	}
	if err := pkgformat.ZipDir(&b, fsys); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("packing twice gave different bytes")
	}
	zr, err := pkgformat.CheckZip(bytes.NewReader(a.Bytes()), int64(a.Len()), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) != 2 || names[0] != "app.json" || names[1] != "pages/index/index.js" {
		t.Errorf("entries %q, want app.json and pages/index/index.js", names)
	}
	err = pkgformat.ZipDir(&a, fstest.MapFS{"l": {Data: []byte("x"), Mode: fs.ModeSymlink}})
	if !errors.Is(err, pkgformat.ErrSpecialFile) {
		t.Errorf("symlink: got %v, want ErrSpecialFile", err)
	}
}

func FuzzCheckZip(f *testing.F) {
	f.Add(buildZip(f, file("app.json", "{}"), file("pages/a.js", "Page({})")))
	f.Add(buildZip(f, file("../x", "1")))
	f.Add(buildZip(f, entry{name: "a", data: "hello", raw: true, method: zip.Store, usize: 2}))
	f.Add(buildZip(f))
	f.Add([]byte("PK\x05\x06"))
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := pkgformat.CheckZip(bytes.NewReader(data), int64(len(data)), &pkgformat.Limits{MaxTotalSize: 1 << 20, MaxEntries: 100})
		if err != nil {
			var ze *pkgformat.ZipError
			if !errors.As(err, &ze) {
				t.Fatalf("error %T is not a *ZipError: %v", err, err)
			}
			return
		}
		// Everything accepted must be readable as a file system with safe names.
		for _, f := range zr.File {
			name := f.Name
			if len(name) > 0 && name[len(name)-1] == '/' {
				name = name[:len(name)-1]
			}
			if !fs.ValidPath(name) {
				t.Fatalf("accepted unsafe name %q", f.Name)
			}
		}
		if err := fs.WalkDir(zr, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			_, err = fs.ReadFile(zr, p)
			return err
		}); err != nil {
			t.Fatalf("accepted zip does not read back: %v", err)
		}
	})
}
