package pkgformat

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors found by CheckZip. Each is wrapped in a *ZipError naming the entry.
var (
	// ErrNotZip: the data is not a readable zip archive.
	ErrNotZip = errors.New("not a zip archive")
	// ErrLeadingData: bytes precede the first local file header.
	ErrLeadingData = errors.New("data before the first zip entry")
	// ErrTrailingData: bytes follow the end of central directory record
	// and its comment.
	ErrTrailingData = errors.New("data after the end of the zip archive")
	// ErrAbsolutePath: the name starts with "/" or a drive letter.
	ErrAbsolutePath = errors.New("absolute path")
	// ErrParentPath: the name has a ".." element.
	ErrParentPath = errors.New("path escapes the package with ..")
	// ErrBackslash: the name contains a backslash.
	ErrBackslash = errors.New("backslash in path")
	// ErrNULName: the name contains a NUL byte.
	ErrNULName = errors.New("NUL byte in path")
	// ErrInvalidName: the name is not clean UTF-8 (e.g. "./a", "a//b").
	ErrInvalidName = errors.New("invalid path")
	// ErrSymlink: the entry is a symbolic link.
	ErrSymlink = errors.New("symbolic link")
	// ErrSpecialFile: the entry is a device, pipe, socket or otherwise
	// not a regular file or directory.
	ErrSpecialFile = errors.New("not a regular file or directory")
	// ErrDuplicateEntry: two entries have the same name, possibly after
	// case folding.
	ErrDuplicateEntry = errors.New("duplicate entry")
	// ErrPathConflict: a file's name is also used as a directory.
	ErrPathConflict = errors.New("entry is both a file and a directory")
	// ErrEncrypted: the entry is encrypted.
	ErrEncrypted = errors.New("encrypted entry")
	// ErrUnsupportedMethod: the compression method is neither store nor
	// deflate.
	ErrUnsupportedMethod = errors.New("unsupported compression method")
	// ErrTooManyEntries: more entries than Limits.MaxEntries.
	ErrTooManyEntries = errors.New("too many entries")
	// ErrTooLarge: more uncompressed bytes than Limits.MaxTotalSize.
	ErrTooLarge = errors.New("uncompressed size over the limit")
	// ErrCompressionRatio: a compression ratio over Limits.MaxRatio.
	ErrCompressionRatio = errors.New("compression ratio over the limit")
	// ErrSizeMismatch: the entry's data is longer or shorter than its
	// header says, or a directory has data.
	ErrSizeMismatch = errors.New("entry size differs from its header")
	// ErrChecksum: the entry's CRC-32 does not match its data.
	ErrChecksum = errors.New("entry checksum mismatch")
	// ErrCorruptEntry: the entry's data cannot be decompressed.
	ErrCorruptEntry = errors.New("corrupt entry data")
)

// ZipError reports why a zip was refused. Entry is the entry's name as
// stored in the archive ("" when the problem is the archive as a whole);
// Err is one of the sentinels above.
type ZipError struct {
	Entry  string
	Err    error
	Detail string
}

// Error names the entry, the problem and its detail.
func (e *ZipError) Error() string {
	s := "zip"
	if e.Entry != "" {
		s += " entry " + fmt.Sprintf("%q", e.Entry)
	}
	s += ": " + e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel.
func (e *ZipError) Unwrap() error { return e.Err }

// Limits bound what CheckZip accepts. A zero field means the value of the
// same field in DefaultLimits.
type Limits struct {
	// MaxEntries is the largest number of entries (files and directories).
	MaxEntries int
	// MaxTotalSize is the largest sum of the uncompressed sizes, in bytes.
	MaxTotalSize int64
	// MaxRatio is the largest uncompressed:compressed ratio of an entry
	// whose uncompressed size is at least 1 MiB, and of the whole archive
	// when it expands to at least 1 MiB.
	MaxRatio int64
}

// DefaultLimits are the limits used for zero fields of Limits.
var DefaultLimits = Limits{
	MaxEntries:   10000,
	MaxTotalSize: 256 << 20,
	MaxRatio:     100,
}

func (l *Limits) withDefaults() Limits {
	var out Limits
	if l != nil {
		out = *l
	}
	if out.MaxEntries <= 0 {
		out.MaxEntries = DefaultLimits.MaxEntries
	}
	if out.MaxTotalSize <= 0 {
		out.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if out.MaxRatio <= 0 {
		out.MaxRatio = DefaultLimits.MaxRatio
	}
	return out
}

const ratioFloor = 1 << 20

var (
	sigLocal = []byte("PK\x03\x04")
	sigEnd   = []byte("PK\x05\x06")
)

// CheckZip checks that the size bytes of r are a zip archive that is safe to
// install under lim (nil means DefaultLimits) and returns a reader for it.
// It rejects data before the first entry or after the end record, absolute
// or escaping paths, backslashes, NUL bytes, symlinks and other special
// files, duplicate names (also after case folding), a name used both as a
// file and a directory, encrypted entries, compression methods other than
// store and deflate, too many entries, too much uncompressed data, a
// compression ratio over the limit, and entries whose data does not match
// their header's size or CRC-32. Every error is a *ZipError.
func CheckZip(r io.ReaderAt, size int64, lim *Limits) (*zip.Reader, error) {
	l := lim.withDefaults()
	if size < 22 {
		return nil, &ZipError{Err: ErrNotZip, Detail: fmt.Sprintf("%d bytes is too short", size)}
	}
	head := make([]byte, 4)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, &ZipError{Err: ErrNotZip, Detail: err.Error()}
	}
	if !bytes.Equal(head, sigLocal) && !bytes.Equal(head, sigEnd) {
		return nil, &ZipError{Err: ErrLeadingData, Detail: fmt.Sprintf("archive starts with %q", head)}
	}
	if err := checkEnd(r, size); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !(zr != nil && errors.Is(err, zip.ErrInsecurePath)) {
		return nil, &ZipError{Err: ErrNotZip, Detail: err.Error()}
	}
	if len(zr.File) > l.MaxEntries {
		return nil, &ZipError{Entry: zr.File[l.MaxEntries].Name, Err: ErrTooManyEntries,
			Detail: fmt.Sprintf("%d entries, limit %d", len(zr.File), l.MaxEntries)}
	}
	seen := make(map[string]string, len(zr.File))
	dirs := make(map[string]string)
	var total, compressed uint64
	for _, f := range zr.File {
		clean, isDir, err := checkName(f.Name)
		if err != nil {
			return nil, err
		}
		key := foldName(clean)
		if prev, dup := seen[key]; dup {
			return nil, &ZipError{Entry: f.Name, Err: ErrDuplicateEntry, Detail: fmt.Sprintf("same name as %q", prev)}
		}
		seen[key] = f.Name
		if isDir {
			dirs[key] = f.Name
		}
		for i := strings.LastIndexByte(key, '/'); i > 0; i = strings.LastIndexByte(key[:i], '/') {
			if _, ok := dirs[key[:i]]; !ok {
				dirs[key[:i]] = f.Name
			}
		}
		if f.Flags&0x1 != 0 {
			return nil, &ZipError{Entry: f.Name, Err: ErrEncrypted}
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, &ZipError{Entry: f.Name, Err: ErrUnsupportedMethod, Detail: fmt.Sprintf("method %d", f.Method)}
		}
		mode := f.Mode()
		switch {
		case mode.IsDir() != isDir:
			return nil, &ZipError{Entry: f.Name, Err: ErrSpecialFile, Detail: "directory mode and name disagree"}
		case mode&fs.ModeSymlink != 0:
			return nil, &ZipError{Entry: f.Name, Err: ErrSymlink}
		case mode&(fs.ModeType&^fs.ModeDir) != 0:
			return nil, &ZipError{Entry: f.Name, Err: ErrSpecialFile, Detail: mode.String()}
		case isDir && f.UncompressedSize64 != 0:
			return nil, &ZipError{Entry: f.Name, Err: ErrSizeMismatch, Detail: "directory with data"}
		}
		if f.UncompressedSize64 > uint64(l.MaxTotalSize) || total+f.UncompressedSize64 > uint64(l.MaxTotalSize) {
			return nil, &ZipError{Entry: f.Name, Err: ErrTooLarge,
				Detail: fmt.Sprintf("total would be over %d bytes", l.MaxTotalSize)}
		}
		total += f.UncompressedSize64
		compressed += f.CompressedSize64
		if f.UncompressedSize64 >= ratioFloor && f.UncompressedSize64 > uint64(l.MaxRatio)*max(f.CompressedSize64, 1) {
			return nil, &ZipError{Entry: f.Name, Err: ErrCompressionRatio,
				Detail: fmt.Sprintf("%d bytes from %d, limit %d:1", f.UncompressedSize64, f.CompressedSize64, l.MaxRatio)}
		}
	}
	for _, f := range zr.File {
		clean, isDir, _ := checkName(f.Name)
		if isDir {
			continue
		}
		if _, ok := dirs[foldName(clean)]; ok {
			return nil, &ZipError{Entry: f.Name, Err: ErrPathConflict}
		}
	}
	if total >= ratioFloor && total > uint64(l.MaxRatio)*uint64(size) {
		return nil, &ZipError{Err: ErrCompressionRatio,
			Detail: fmt.Sprintf("%d bytes from an archive of %d, limit %d:1", total, size, l.MaxRatio)}
	}
	for _, f := range zr.File {
		if f.Mode().IsDir() {
			continue
		}
		if err := readEntry(f); err != nil {
			return nil, err
		}
	}
	return zr, nil
}

// readEntry decompresses f to the end, checking its size and checksum.
func readEntry(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return &ZipError{Entry: f.Name, Err: ErrCorruptEntry, Detail: err.Error()}
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return &ZipError{Entry: f.Name, Err: ErrChecksum}
	case errors.Is(err, zip.ErrFormat):
		// archive/zip reports data beyond the declared size, or a data
		// descriptor that disagrees with the header, as ErrFormat.
		return &ZipError{Entry: f.Name, Err: ErrSizeMismatch, Detail: fmt.Sprintf("data does not match the %d bytes declared", f.UncompressedSize64)}
	case err != nil:
		return &ZipError{Entry: f.Name, Err: ErrCorruptEntry, Detail: err.Error()}
	case uint64(n) != f.UncompressedSize64:
		return &ZipError{Entry: f.Name, Err: ErrSizeMismatch, Detail: fmt.Sprintf("%d bytes, header says %d", n, f.UncompressedSize64)}
	}
	return nil
}

// checkEnd checks that the end of central directory record ends the file,
// with nothing but its comment after it.
func checkEnd(r io.ReaderAt, size int64) error {
	n := min(size, 22+65535)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return &ZipError{Err: ErrNotZip, Detail: err.Error()}
	}
	for p := len(buf) - 22; p >= 0; p-- {
		if !bytes.Equal(buf[p:p+4], sigEnd) {
			continue
		}
		end := p + 22 + int(binary.LittleEndian.Uint16(buf[p+20:]))
		switch {
		case end == len(buf):
			return nil
		case end < len(buf):
			return &ZipError{Err: ErrTrailingData, Detail: fmt.Sprintf("%d bytes after the end record", len(buf)-end)}
		}
	}
	return &ZipError{Err: ErrNotZip, Detail: "no end of central directory record"}
}

// checkName validates an entry name and returns it without a trailing slash.
func checkName(name string) (clean string, isDir bool, err error) {
	bad := func(e error) (string, bool, error) { return "", false, &ZipError{Entry: name, Err: e} }
	switch {
	case strings.IndexByte(name, 0) >= 0:
		return bad(ErrNULName)
	case strings.IndexByte(name, '\\') >= 0:
		return bad(ErrBackslash)
	case strings.HasPrefix(name, "/") || len(name) >= 2 && name[1] == ':':
		return bad(ErrAbsolutePath)
	case len(name) > 1024 || !utf8.ValidString(name):
		return bad(ErrInvalidName)
	}
	clean, isDir = strings.CutSuffix(name, "/")
	for _, el := range strings.Split(clean, "/") {
		if el == ".." {
			return bad(ErrParentPath)
		}
	}
	if !fs.ValidPath(clean) || clean == "." {
		return bad(ErrInvalidName)
	}
	return clean, isDir, nil
}

// foldName maps names that differ only in case to one key.
func foldName(s string) string {
	return strings.ToLower(strings.ToUpper(s))
}

// ZipModTime is the modification time ZipDir records for every entry, so
// that packing the same files twice gives the same bytes.
var ZipModTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// ZipDir writes every regular file of fsys to w as a deflated zip, in lexical
// order, with the time ZipModTime. Files and directories whose names start
// with "." are skipped; a symlink or other special file is an error.
func ZipDir(w io.Writer, fsys fs.FS) error {
	zw := zip.NewWriter(w)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("pack %s: %w", p, ErrSpecialFile)
		}
		hw, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: ZipModTime})
		if err != nil {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(hw, f)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
