package wxfs

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultQuota is the space one app's files may take: 200 MB, the limit
// WeChat documents for an app's user files and saved files together.
const DefaultQuota = 200 << 20

// Virtual path prefixes.
const (
	// Scheme starts every sandbox path.
	Scheme = "wxfile://"
	// UserDataPath is wx.env.USER_DATA_PATH, the root of the app's user
	// files.
	UserDataPath = Scheme + "usr"
)

// Errors of sandbox operations: the Err of a *PathError. Their text is the
// reason the base library reports.
var (
	ErrNotExist   = errors.New("no such file or directory")
	ErrExist      = errors.New("file already exists")
	ErrPermission = errors.New("permission denied")
	ErrNotDir     = errors.New("not a directory")
	ErrIsDir      = errors.New("illegal operation on a directory")
	ErrNotEmpty   = errors.New("directory not empty")
	// ErrQuota is a write that would bring the app's files over its quota;
	// nothing of it is written.
	ErrQuota = errors.New("the maximum size of the file storage limit is exceeded")
	// ErrInvalidID is an empty app id given to OpenSandbox.
	ErrInvalidID = errors.New("app id is required")
)

// PathError is a failed operation on a virtual path. Its message has the
// base library's shape: "<reason>, <op> <path>" (or "<reason> <path>" when
// Op is empty, and "... <path> -> <dest>" for two paths). For ErrQuota and
// ErrNotEmpty the message is the reason alone, as in the base library.
type PathError struct {
	Op   string // "open", "rename", "copyFile", "unlink"... or ""
	Path string // the virtual path as the mini program gave it
	Dest string // the second path of rename and copyFile
	Err  error  // ErrNotExist, ErrPermission, ErrQuota, ... or an I/O error
}

// Error returns the base library's form of the failure.
func (e *PathError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	if errors.Is(e.Err, ErrQuota) || errors.Is(e.Err, ErrNotEmpty) {
		return b.String()
	}
	if e.Op != "" {
		b.WriteString(", ")
		b.WriteString(e.Op)
	}
	if e.Path != "" {
		b.WriteByte(' ')
		b.WriteString(e.Path)
	}
	if e.Dest != "" {
		b.WriteString(" -> ")
		b.WriteString(e.Dest)
	}
	return b.String()
}

// Unwrap returns Err.
func (e *PathError) Unwrap() error { return e.Err }

// classify maps an error of package os to the sentinel the base library
// names; other errors are returned as they are.
func classify(err error) error {
	var errno syscall.Errno
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrQuota), errors.Is(err, ErrNotExist), errors.Is(err, ErrPermission),
		errors.Is(err, ErrExist), errors.Is(err, ErrNotDir), errors.Is(err, ErrIsDir), errors.Is(err, ErrNotEmpty):
		return err
	case errors.As(err, &errno) && errno == syscall.ENOTDIR:
		return ErrNotDir
	case errors.As(err, &errno) && errno == syscall.EISDIR:
		return ErrIsDir
	case errors.As(err, &errno) && errno == syscall.ENOTEMPTY:
		return ErrNotEmpty
	case errors.Is(err, fs.ErrNotExist):
		return ErrNotExist
	case errors.Is(err, fs.ErrExist):
		return ErrExist
	case errors.Is(err, fs.ErrPermission), strings.Contains(err.Error(), "path escapes from parent"):
		return ErrPermission
	}
	return err
}

// Sandbox is the directory of one app of one user: its user files
// (wxfile://usr/...), temporary files (wxfile://tmp_...) and saved files
// (wxfile://store_...), with a quota on their total size. Every access goes
// through an os.Root, so neither "..", absolute paths nor symbolic links can
// reach outside it. A Sandbox is safe for concurrent use; OpenSandbox
// returns the same Sandbox for the same directory, so that every user of an
// app's files shares one quota count.
type Sandbox struct {
	dir   string
	root  *os.Root
	mu    sync.Mutex // serializes changes and the usage count
	used  int64
	quota int64
}

var (
	sandboxesMu sync.Mutex
	sandboxes   = map[string]*Sandbox{}
)

// OpenSandbox returns the sandbox of appID for userID under root (the host's
// directory for all apps): root/<user>/<app>/, created if needed, with
// quota bytes (0 means DefaultQuota). Ids that are not plain file names
// (letters, digits, '.', '_', '-') are hex-encoded, so no id can name
// another directory. The usage is counted once, when a directory is first
// opened in the process; later calls for the same directory return the
// same *Sandbox (with the quota of the latest call).
func OpenSandbox(root, userID, appID string, quota int64) (*Sandbox, error) {
	if appID == "" {
		return nil, fmt.Errorf("wxfs: %w", ErrInvalidID)
	}
	if quota <= 0 {
		quota = DefaultQuota
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("wxfs: sandbox root %q: %w", root, err)
	}
	dir := filepath.Join(abs, dirName(userID), dirName(appID))
	sandboxesMu.Lock()
	defer sandboxesMu.Unlock()
	if s := sandboxes[dir]; s != nil {
		s.mu.Lock()
		s.quota = quota
		s.mu.Unlock()
		return s, nil
	}
	for _, sub := range []string{"usr", "tmp", "store"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("wxfs: creating the sandbox of app %q: %w", appID, err)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("wxfs: opening the sandbox of app %q: %w", appID, err)
	}
	s := &Sandbox{dir: dir, root: r, quota: quota}
	if err := s.count(); err != nil {
		r.Close()
		return nil, fmt.Errorf("wxfs: counting the files of app %q: %w", appID, err)
	}
	sandboxes[dir] = s
	return s, nil
}

var plainName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)

// dirName is the directory name of an id: the id itself when it is a plain
// file name, else "~" and its hex form ("~" alone for the empty id).
func dirName(id string) string {
	if plainName.MatchString(id) {
		return id
	}
	return "~" + hex.EncodeToString([]byte(id))
}

// count sets the usage from the files on disk.
func (s *Sandbox) count() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recountLocked()
}

// recountLocked sets the usage from the files on disk (symbolic links not
// followed), after a failed write left an unknown size. s.mu is held.
func (s *Sandbox) recountLocked() error {
	var total int64
	err := fs.WalkDir(s.root.FS(), ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			total += fi.Size()
		}
		return nil
	})
	if err == nil {
		s.used = total
	}
	return err
}

// Rescan counts the app's files again, after the host changed them outside
// the Sandbox.
func (s *Sandbox) Rescan() error { return s.count() }

// Dir returns the host directory of the sandbox.
func (s *Sandbox) Dir() string { return s.dir }

// Usage returns the bytes the app's files take (regular files, all kinds).
func (s *Sandbox) Usage() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.used
}

// Quota returns the app's limit in bytes.
func (s *Sandbox) Quota() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.quota
}

// Reserve takes n bytes of the quota for a write made through a file the
// caller holds (a download in progress); it fails with ErrQuota, taking
// nothing, if the total would go over the quota. Give back what was not
// written with Release.
func (s *Sandbox) Reserve(n int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reserveLocked(n)
}

func (s *Sandbox) reserveLocked(n int64) error {
	if n > 0 && s.used+n > s.quota {
		return ErrQuota
	}
	s.used += n
	return nil
}

// Release gives back n bytes taken with Reserve.
func (s *Sandbox) Release(n int64) {
	s.mu.Lock()
	s.used -= n
	if s.used < 0 {
		s.used = 0
	}
	s.mu.Unlock()
}

// Kind tells which part of the sandbox a virtual path names.
type Kind int

// The kinds of virtual paths.
const (
	KindUser  Kind = iota + 1 // wxfile://usr and below
	KindTemp                  // wxfile://tmp_<name>
	KindSaved                 // wxfile://store_<name>
)

// rel returns the path of a virtual path relative to the sandbox directory
// (slash-separated) and its kind, refusing anything outside the sandbox
// with ErrPermission: other schemes, "..", empty elements in temporary and
// saved names, NUL bytes.
func rel(vpath string) (string, Kind, error) {
	name, ok := strings.CutPrefix(vpath, Scheme)
	if !ok || strings.ContainsRune(name, 0) || strings.Contains(name, `\`) {
		return "", 0, ErrPermission
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == ".." {
			return "", 0, ErrPermission
		}
	}
	switch {
	case name == "usr" || strings.HasPrefix(name, "usr/"):
		clean := path.Clean(name)
		if clean != "usr" && !strings.HasPrefix(clean, "usr/") {
			return "", 0, ErrPermission
		}
		return clean, KindUser, nil
	case strings.HasPrefix(name, "tmp_") && !strings.ContainsRune(name, '/'):
		return "tmp/" + name, KindTemp, nil
	case strings.HasPrefix(name, "store_") && !strings.ContainsRune(name, '/'):
		return "store/" + name, KindSaved, nil
	}
	return "", 0, ErrPermission
}

// PathKind reports the kind of a virtual path, or an error wrapping
// ErrPermission if it is not inside a sandbox.
func PathKind(vpath string) (Kind, error) {
	_, k, err := rel(vpath)
	if err != nil {
		return 0, &PathError{Op: "open", Path: vpath, Err: err}
	}
	return k, nil
}

// Resolve returns the host path of a virtual path, refusing paths outside
// the sandbox: other schemes, absolute host paths, "..", and symbolic links
// (planted by something else: the APIs make none) that lead out of it.
// The file need not exist. Prefer the Sandbox's methods, which open files
// through an os.Root and so cannot be raced by a link created after the
// check.
func (s *Sandbox) Resolve(vpath string) (string, error) {
	r, _, err := rel(vpath)
	if err != nil {
		return "", &PathError{Op: "open", Path: vpath, Err: err}
	}
	if err := s.checkLinks(r); err != nil {
		return "", &PathError{Op: "open", Path: vpath, Err: err}
	}
	return filepath.Join(s.dir, filepath.FromSlash(r)), nil
}

// checkLinks refuses a path whose existing part goes through a symbolic
// link leading out of the sandbox.
func (s *Sandbox) checkLinks(r string) error {
	elems := strings.Split(r, "/")
	for i := range elems {
		p := strings.Join(elems[:i+1], "/")
		fi, err := s.root.Lstat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return classify(err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if _, err := s.root.Stat(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return classify(err)
			}
		}
	}
	return nil
}

// resolveRel checks a virtual path and returns its sandbox-relative path.
func resolveRel(op, vpath string) (string, Kind, error) {
	r, k, err := rel(vpath)
	if err != nil {
		return "", 0, &PathError{Op: op, Path: vpath, Err: err}
	}
	return r, k, nil
}

func randomName(prefix, ext string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:]) + ext
}

var extPattern = regexp.MustCompile(`^\.[A-Za-z0-9]{1,16}$`)

// CreateTemp creates an empty temporary file, named
// wxfile://tmp_<random><ext> (ext, such as ".png", is dropped unless it is a
// dot and 1 to 16 letters or digits), open for writing. The caller closes
// f; bytes written through f must be taken with Reserve first, or removed
// with Remove on failure.
func (s *Sandbox) CreateTemp(ext string) (vpath string, f *os.File, err error) {
	if !extPattern.MatchString(ext) {
		ext = ""
	}
	for range 10 {
		name := randomName("tmp_", ext)
		f, err = s.root.OpenFile("tmp/"+name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, &PathError{Op: "open", Path: Scheme + name, Err: classify(err)}
		}
		return Scheme + name, f, nil
	}
	return "", nil, &PathError{Op: "open", Path: Scheme + "tmp_", Err: classify(err)}
}

// Open opens a file for reading.
func (s *Sandbox) Open(vpath string) (*os.File, error) {
	r, _, err := resolveRel("open", vpath)
	if err != nil {
		return nil, err
	}
	f, err := s.root.Open(r)
	if err != nil {
		return nil, &PathError{Op: "open", Path: vpath, Err: classify(err)}
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &PathError{Op: "open", Path: vpath, Err: ErrIsDir}
	}
	return f, nil
}

// ReadFile returns the content of a file.
func (s *Sandbox) ReadFile(vpath string) ([]byte, error) {
	f, err := s.Open(vpath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, &PathError{Op: "open", Path: vpath, Err: classify(err)}
	}
	return data, nil
}

// WriteFile writes data to a file, creating it or replacing its content
// (appending when append is true; the file must then exist). Its directory
// must exist. A write that would bring the app over its quota fails with
// ErrQuota and changes nothing.
func (s *Sandbox) WriteFile(vpath string, data []byte, append bool) error {
	r, _, err := resolveRel("open", vpath)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fail := func(err error) error { return &PathError{Op: "open", Path: vpath, Err: classify(err)} }
	var old int64
	fi, err := s.root.Stat(r)
	switch {
	case err == nil && fi.IsDir():
		return fail(ErrIsDir)
	case err == nil:
		old = fi.Size()
	case append:
		return fail(err)
	case !errors.Is(err, fs.ErrNotExist):
		return fail(err)
	}
	grow := int64(len(data))
	if !append {
		grow -= old
	}
	if err := s.reserveLocked(grow); err != nil {
		return fail(err)
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if append {
		flag = os.O_WRONLY | os.O_APPEND
	}
	f, err := s.root.OpenFile(r, flag, 0o600)
	if err != nil {
		s.used -= grow
		return fail(err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = s.recountLocked()
		return fail(errors.Join(werr, cerr))
	}
	return nil
}

// Stat describes a file or directory.
func (s *Sandbox) Stat(vpath string) (fs.FileInfo, error) {
	r, _, err := resolveRel("", vpath)
	if err != nil {
		return nil, err
	}
	fi, err := s.root.Stat(r)
	if err != nil {
		return nil, &PathError{Path: vpath, Err: classify(err)}
	}
	return fi, nil
}

// Entry is one file under a directory, for a recursive Stat.
type Entry struct {
	Path string // relative to the directory, "/"-separated, starting with "/" ("/" for the directory itself)
	Info fs.FileInfo
}

// StatAll describes a directory and everything below it (or the file
// alone), in lexical order.
func (s *Sandbox) StatAll(vpath string) ([]Entry, error) {
	r, _, err := resolveRel("", vpath)
	if err != nil {
		return nil, err
	}
	fi, err := s.root.Stat(r)
	if err != nil {
		return nil, &PathError{Path: vpath, Err: classify(err)}
	}
	if !fi.IsDir() {
		return []Entry{{Path: "/", Info: fi}}, nil
	}
	var out []Entry
	err = fs.WalkDir(s.root.FS(), r, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, Entry{Path: "/" + strings.TrimPrefix(strings.TrimPrefix(p, r), "/"), Info: info})
		return nil
	})
	if err != nil {
		return nil, &PathError{Path: vpath, Err: classify(err)}
	}
	return out, nil
}

// Mkdir creates a directory (and its parents when recursive) under
// wxfile://usr.
func (s *Sandbox) Mkdir(vpath string, recursive bool) error {
	r, k, err := resolveRel("", vpath)
	if err != nil {
		return err
	}
	switch {
	case k != KindUser:
		return &PathError{Op: "open", Path: vpath, Err: ErrPermission}
	case r == "usr" && recursive:
		return nil
	case r == "usr":
		return &PathError{Path: vpath, Err: ErrExist}
	}
	if recursive {
		err = s.root.MkdirAll(r, 0o700)
	} else {
		err = s.root.Mkdir(r, 0o700)
	}
	if err != nil {
		return &PathError{Path: vpath, Err: classify(err)}
	}
	return nil
}

// ReadDir returns the names in a directory, sorted.
func (s *Sandbox) ReadDir(vpath string) ([]string, error) {
	r, _, err := resolveRel("", vpath)
	if err != nil {
		return nil, err
	}
	if r == "tmp" || r == "store" {
		return nil, &PathError{Path: vpath, Err: ErrNotDir}
	}
	f, err := s.root.Open(r)
	if err != nil {
		return nil, &PathError{Path: vpath, Err: classify(err)}
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, &PathError{Path: vpath, Err: classify(err)}
	}
	slices.Sort(names)
	return names, nil
}

// RemoveDir removes a directory under wxfile://usr: an empty one, or
// with everything in it when recursive. wxfile://usr itself is kept (a
// recursive removal empties it).
func (s *Sandbox) RemoveDir(vpath string, recursive bool) error {
	r, k, err := resolveRel("", vpath)
	if err != nil {
		return err
	}
	if k != KindUser {
		return &PathError{Op: "open", Path: vpath, Err: ErrPermission}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fi, err := s.root.Stat(r)
	if err != nil {
		return &PathError{Path: vpath, Err: classify(err)}
	}
	if !fi.IsDir() {
		return &PathError{Path: vpath, Err: ErrNotDir}
	}
	if !recursive {
		if r == "usr" {
			return &PathError{Op: "open", Path: vpath, Err: ErrPermission}
		}
		if err := s.root.Remove(r); err != nil {
			return &PathError{Path: vpath, Err: classify(err)}
		}
		return nil
	}
	defer func() { _ = s.recountLocked() }()
	if r == "usr" {
		names, err := s.ReadDir(vpath)
		if err != nil {
			return err
		}
		for _, n := range names {
			if err := s.root.RemoveAll("usr/" + n); err != nil {
				return &PathError{Path: vpath, Err: classify(err)}
			}
		}
		return nil
	}
	if err := s.root.RemoveAll(r); err != nil {
		return &PathError{Path: vpath, Err: classify(err)}
	}
	return nil
}

// Remove deletes a file (not a directory) and gives its size back to the
// quota.
func (s *Sandbox) Remove(vpath string) error {
	r, _, err := resolveRel("", vpath)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fi, err := s.root.Lstat(r)
	if err != nil {
		return &PathError{Path: vpath, Err: classify(err)}
	}
	if fi.IsDir() {
		return &PathError{Op: "unlink", Path: vpath, Err: errOperation}
	}
	if err := s.root.Remove(r); err != nil {
		return &PathError{Path: vpath, Err: classify(err)}
	}
	if fi.Mode().IsRegular() {
		s.used -= fi.Size()
	}
	return nil
}

// errOperation is unlink's refusal of a directory.
var errOperation = errors.New("operation not permitted")

// Rename moves a file or directory. A file moved over an existing file
// replaces it.
func (s *Sandbox) Rename(oldPath, newPath string) error {
	fail := func(err error) error {
		return &PathError{Op: "rename", Path: oldPath, Dest: newPath, Err: classify(err)}
	}
	ro, _, err := rel(oldPath)
	if err != nil {
		return fail(err)
	}
	rn, kn, err := rel(newPath)
	if err != nil {
		return fail(err)
	}
	if ro == "usr" || rn == "usr" {
		return fail(ErrPermission)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fi, err := s.root.Lstat(ro)
	if err != nil {
		return fail(err)
	}
	if fi.IsDir() && kn != KindUser {
		return fail(ErrPermission)
	}
	var replaced int64
	if old, err := s.root.Lstat(rn); err == nil && old.Mode().IsRegular() {
		replaced = old.Size()
	}
	if err := s.root.Rename(ro, rn); err != nil {
		return fail(err)
	}
	if ro != rn {
		s.used -= replaced
	}
	return nil
}

// CopyFile copies a file. The copy counts toward the quota: a copy that
// would go over it fails with ErrQuota and writes nothing.
func (s *Sandbox) CopyFile(srcPath, destPath string) error {
	fail := func(err error) error {
		return &PathError{Op: "copyFile", Path: srcPath, Dest: destPath, Err: classify(err)}
	}
	rs, _, err := rel(srcPath)
	if err != nil {
		return fail(err)
	}
	src, err := s.root.Open(rs)
	if err != nil {
		return fail(err)
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return fail(err)
	}
	if fi.IsDir() {
		return fail(ErrIsDir)
	}
	return s.copyFrom(src, fi.Size(), destPath, fail)
}

// WriteFrom writes size bytes read from r to destPath (creating or replacing
// it), within the quota: for files that come from outside the sandbox (the
// mini program's package).
func (s *Sandbox) WriteFrom(r io.Reader, size int64, destPath string) error {
	return s.copyFrom(r, size, destPath, func(err error) error {
		return &PathError{Op: "open", Path: destPath, Err: classify(err)}
	})
}

func (s *Sandbox) copyFrom(src io.Reader, size int64, destPath string, fail func(error) error) error {
	rd, _, err := rel(destPath)
	if err != nil {
		return fail(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var old int64
	if fi, err := s.root.Stat(rd); err == nil {
		if fi.IsDir() {
			return fail(ErrIsDir)
		}
		old = fi.Size()
	}
	if err := s.reserveLocked(size - old); err != nil {
		return fail(err)
	}
	// Write a temporary file beside the destination, then rename it over:
	// the copy is atomic, and copying a file onto itself reads it whole
	// before anything replaces it.
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := rd + ".copy-" + hex.EncodeToString(rnd[:])
	dst, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		s.used -= size - old
		return fail(err)
	}
	n, werr := io.Copy(dst, io.LimitReader(src, size))
	cerr := dst.Close()
	if werr == nil && n != size {
		werr = fmt.Errorf("copied %d bytes of %d: the source changed", n, size)
	}
	if werr == nil && cerr == nil {
		cerr = s.root.Rename(tmp, rd)
	}
	if werr != nil || cerr != nil {
		_ = s.root.Remove(tmp)
		_ = s.recountLocked()
		return fail(errors.Join(werr, cerr))
	}
	return nil
}

// Truncate sets the size of a file: shorter drops the end, longer adds
// zero bytes (within the quota).
func (s *Sandbox) Truncate(vpath string, size int64) error {
	fail := func(err error) error { return &PathError{Op: "open", Path: vpath, Err: classify(err)} }
	r, _, err := rel(vpath)
	if err != nil {
		return fail(err)
	}
	if size < 0 {
		size = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fi, err := s.root.Stat(r)
	if err != nil {
		return fail(err)
	}
	if fi.IsDir() {
		return fail(ErrIsDir)
	}
	if err := s.reserveLocked(size - fi.Size()); err != nil {
		return fail(err)
	}
	f, err := s.root.OpenFile(r, os.O_WRONLY, 0)
	if err == nil {
		err = f.Truncate(size)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		_ = s.recountLocked()
		return fail(err)
	}
	return nil
}

// Saved is one saved file (wxfile://store_...).
type Saved struct {
	Path    string // the virtual path
	Size    int64
	Created time.Time // the modification time, which the sandbox never changes after saving
}

// Save moves a temporary file to the saved files (filePath "" gives a new
// wxfile://store_<random> name keeping the extension) or to filePath under
// wxfile://usr, and returns the new virtual path.
func (s *Sandbox) Save(tempPath, filePath string) (string, error) {
	_, k, err := rel(tempPath)
	if err != nil || k != KindTemp {
		return "", &PathError{Op: "open", Path: tempPath, Err: ErrPermission}
	}
	if filePath == "" {
		filePath = Scheme + randomName("store_", path.Ext(tempPath))
	}
	if k, err := PathKind(filePath); err != nil || k == KindTemp {
		return "", &PathError{Op: "open", Path: filePath, Err: ErrPermission}
	}
	if err := s.Rename(tempPath, filePath); err != nil {
		var pe *PathError
		if errors.As(err, &pe) && errors.Is(pe.Err, ErrNotExist) {
			if _, serr := s.Stat(tempPath); serr != nil {
				return "", &PathError{Path: tempPath, Err: ErrNotExist}
			}
			return "", &PathError{Path: filePath, Err: ErrNotExist}
		}
		return "", err
	}
	now := time.Now()
	if r, _, err := rel(filePath); err == nil {
		_ = s.root.Chtimes(r, now, now)
	}
	return filePath, nil
}

// SavedFiles lists the saved files, sorted by path.
func (s *Sandbox) SavedFiles() ([]Saved, error) {
	f, err := s.root.Open("store")
	if err != nil {
		return nil, fmt.Errorf("wxfs: listing saved files: %w", err)
	}
	defer f.Close()
	infos, err := f.Readdir(-1)
	if err != nil {
		return nil, fmt.Errorf("wxfs: listing saved files: %w", err)
	}
	out := make([]Saved, 0, len(infos))
	for _, fi := range infos {
		if fi.Mode().IsRegular() {
			out = append(out, Saved{Path: Scheme + fi.Name(), Size: fi.Size(), Created: fi.ModTime()})
		}
	}
	slices.SortFunc(out, func(a, b Saved) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// ClearTemp deletes every temporary file (the device deletes them when the
// app ends; the host decides when).
func (s *Sandbox) ClearTemp() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { _ = s.recountLocked() }()
	if err := s.root.RemoveAll("tmp"); err != nil {
		return fmt.Errorf("wxfs: clearing temporary files: %w", err)
	}
	return s.root.Mkdir("tmp", 0o700)
}
