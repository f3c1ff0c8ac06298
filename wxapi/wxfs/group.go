package wxfs

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/cache/pkgformat"
	"github.com/minihost/minihost/runtime"
)

// Options configures a Group. The zero value (or nil) serves the user ""
// with DefaultQuota.
type Options struct {
	// UserID is the user whose apps the group serves: each app's files are
	// under root/<user>/<app>/. "" is a user of its own (hosts without
	// accounts).
	UserID string
	// Quota is the space one app's files may take, in bytes. Zero means
	// DefaultQuota (200 MB).
	Quota int64
}

// Group is the file APIs: wx.env.USER_DATA_PATH, wx.getFileSystemManager(),
// wx.saveFile, wx.getFileInfo, wx.getSavedFileInfo, wx.removeSavedFile and
// wx.getSavedFileList. It implements bridge.Group and may be installed in
// many runtimes at once.
type Group struct {
	root string
	opts Options
}

// New returns the file APIs of the apps of one user, each confined to its
// sandbox under root, the host's directory for all apps' files.
func New(root string, opts *Options) *Group {
	g := &Group{root: root}
	if opts != nil {
		g.opts = *opts
	}
	return g
}

// UserID returns the user the group serves.
func (g *Group) UserID() string { return g.opts.UserID }

// Sandbox returns the sandbox of an app of a user, with the group's quota
// (see OpenSandbox).
func (g *Group) Sandbox(userID, appID string) (*Sandbox, error) {
	return OpenSandbox(g.root, userID, appID, g.opts.Quota)
}

// binding is the group installed in one runtime. Loop only, except sb.
type binding struct {
	d   *bridge.Definer
	env *runtime.Env
	rt  *goja.Runtime
	sb  *Sandbox
	pkg fs.FS // the mini program's package: read-only files
	mgr *goja.Object
	// queue runs the asynchronous calls one at a time, in the order the
	// mini program made them.
	queue *bridge.Queue
}

// Install defines the file APIs in one runtime.
func (g *Group) Install(d *bridge.Definer) error {
	sb, err := g.Sandbox(g.opts.UserID, d.App().AppID)
	if err != nil {
		return err
	}
	env := d.Env()
	b := &binding{d: d, env: env, rt: env.JS(), sb: sb, mgr: env.JS().NewObject(), queue: bridge.NewQueue(env)}
	if bun := env.Bundle(); bun != nil {
		b.pkg = bun.FS
	}
	if err := b.defineEnv(); err != nil {
		return err
	}
	for _, m := range b.methods() {
		if err := b.define(m); err != nil {
			return err
		}
	}
	mgr := b.mgr
	if err := d.Func("getFileSystemManager", func(goja.FunctionCall) goja.Value { return mgr }); err != nil {
		return err
	}
	for _, name := range []string{"saveFile", "getFileInfo", "getSavedFileInfo", "removeSavedFile", "getSavedFileList"} {
		m := b.method(name)
		if err := d.Async(name, func(p *bridge.Pending) { b.runAsync(p, m) }); err != nil {
			return err
		}
	}
	return nil
}

// defineEnv sets wx.env.USER_DATA_PATH, keeping what another group put in
// wx.env.
func (b *binding) defineEnv() error {
	wx := b.env.WX()
	envObj, ok := wx.Get("env").(*goja.Object)
	if !ok {
		envObj = b.rt.NewObject()
		if err := wx.Set("env", envObj); err != nil {
			return fmt.Errorf("wxfs: defining wx.env: %w", err)
		}
	}
	return envObj.Set("USER_DATA_PATH", UserDataPath)
}

// method is one file API: its Sync form takes params positionally, its
// asynchronous form takes them as an object. prep decodes the arguments on
// the loop and returns the I/O to do; the I/O's value is what the Sync form
// returns and, under field, what success receives (the I/O may also return
// a map, which success receives as it is).
type method struct {
	name   string
	params []string
	field  string
	noSync bool
	prep   func(a argv) (io func() (any, error), js func(any) (any, error), err error)
}

// argv reads the arguments of a call: an object's properties (asynchronous
// form) or positional arguments (Sync form).
type argv struct {
	obj    *goja.Object
	call   []goja.Value
	params []string
}

func (a argv) get(name string) goja.Value {
	if a.obj != nil {
		if v := a.obj.Get(name); v != nil {
			return v
		}
		return goja.Undefined()
	}
	for i, p := range a.params {
		if p == name && i < len(a.call) {
			return a.call[i]
		}
	}
	return goja.Undefined()
}

// str returns a required string argument.
func (a argv) str(name string) (string, error) {
	v := a.get(name)
	if s, ok := v.Export().(string); ok {
		return s, nil
	}
	return "", paramErr(name, "String", v)
}

// optStr returns an optional string argument ("" when absent).
func (a argv) optStr(name string) (string, error) {
	v := a.get(name)
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return "", nil
	}
	return a.str(name)
}

func (a argv) boolean(name string) bool { return a.get(name).ToBoolean() }

// ErrParameter is wrapped by the errors of calls whose arguments do not
// have the shape the base library requires.
var ErrParameter = bridge.ErrParameter

func paramErr(name, want string, v goja.Value) error {
	return &bridge.ParamError{Msg: fmt.Sprintf("parameter.%s should be %s instead of %s;", name, want, bridge.TypeName(v))}
}

// define puts a method and its Sync form on the FileSystemManager. The
// bridge defines APIs on wx; the functions are moved to the manager and
// wx is left as it was.
func (b *binding) define(m method) error {
	wx := b.env.WX()
	move := func(name string, def func() error) error {
		prev := wx.Get(name)
		if err := def(); err != nil {
			return err
		}
		if err := b.mgr.Set(name, wx.Get(name)); err != nil {
			return err
		}
		if prev == nil {
			return wx.Delete(name)
		}
		return wx.Set(name, prev)
	}
	// Methods of the manager have no Promise form (the base library's
	// FileSystemManager does not return Promises): AsyncTask.
	if err := move(m.name, func() error {
		return b.d.AsyncTask(m.name, func(p *bridge.Pending) goja.Value {
			b.runAsync(p, m)
			return goja.Undefined()
		})
	}); err != nil {
		return err
	}
	if m.noSync {
		return nil
	}
	return move(m.name+"Sync", func() error {
		return b.d.Sync(m.name+"Sync", func(c goja.FunctionCall) (any, error) { return b.runSync(c, m) })
	})
}

// runAsync runs a method's I/O off the loop, after the app's earlier
// asynchronous file calls, and settles p on the loop.
func (b *binding) runAsync(p *bridge.Pending, m method) {
	obj := p.ArgObject()
	if obj == nil {
		obj = b.rt.NewObject()
	}
	work, conv, err := m.prep(argv{obj: obj})
	if err != nil {
		p.Fail(err)
		return
	}
	b.queue.Go(work, func(v any, err error) {
		if err == nil && conv != nil {
			v, err = bridge.Safely(func() (any, error) { return conv(v) })
		}
		if err != nil {
			p.Settle(nil, err)
			return
		}
		switch {
		case m.field != "":
			p.Settle(map[string]any{m.field: v}, nil)
		default:
			res, _ := v.(map[string]any)
			p.Settle(res, nil)
		}
	})
}

// runSync runs a method's Sync form on the loop, after the asynchronous
// calls already made.
func (b *binding) runSync(c goja.FunctionCall, m method) (any, error) {
	work, conv, err := m.prep(argv{call: c.Arguments, params: m.params})
	if err != nil {
		return nil, err
	}
	if err := b.queue.Drain(10 * time.Second); err != nil {
		return nil, err
	}
	v, err := work()
	if err == nil && conv != nil {
		v, err = conv(v)
	}
	if v == nil && err == nil {
		return goja.Undefined(), nil // Sync APIs without a value return undefined
	}
	return v, err
}

// isSandbox reports whether p names a sandbox file (else it is a path in
// the mini program's package, read-only).
func isSandbox(p string) bool { return strings.HasPrefix(p, Scheme) }

// pkgName returns the fs.FS name of a package path ("/a/b.json",
// "a/b.json"), refusing "..".
func pkgName(op, p string) (string, error) {
	if strings.Contains(p, "://") { // another scheme
		return "", &PathError{Op: op, Path: p, Err: ErrPermission}
	}
	for _, elem := range strings.Split(p, "/") {
		if elem == ".." {
			return "", &PathError{Op: op, Path: p, Err: ErrPermission}
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) || strings.ContainsRune(name, 0) {
		return "", &PathError{Op: op, Path: p, Err: ErrPermission}
	}
	return name, nil
}

// readAny reads a sandbox file or a package file.
func (b *binding) readAny(p string) ([]byte, error) {
	if isSandbox(p) {
		return b.sb.ReadFile(p)
	}
	name, err := pkgName("open", p)
	if err != nil {
		return nil, err
	}
	if b.pkg == nil {
		return nil, &PathError{Op: "open", Path: p, Err: ErrNotExist}
	}
	fi, err := fs.Stat(b.pkg, name)
	if err == nil && fi.IsDir() {
		return nil, &PathError{Op: "open", Path: p, Err: ErrIsDir}
	}
	data, err := fs.ReadFile(b.pkg, name)
	if err != nil {
		return nil, &PathError{Op: "open", Path: p, Err: classify(err)}
	}
	return data, nil
}

// statAny describes a sandbox or package file.
func (b *binding) statAny(p string) (fs.FileInfo, error) {
	if isSandbox(p) {
		return b.sb.Stat(p)
	}
	name, err := pkgName("", p)
	if err != nil {
		return nil, err
	}
	if b.pkg == nil {
		return nil, &PathError{Path: p, Err: ErrNotExist}
	}
	fi, err := fs.Stat(b.pkg, name)
	if err != nil {
		return nil, &PathError{Path: p, Err: classify(err)}
	}
	return fi, nil
}

// writable refuses package paths for writes.
func writable(op, p string) error {
	if !isSandbox(p) {
		return &PathError{Op: op, Path: p, Err: ErrPermission}
	}
	return nil
}

// stats builds a Stats object (loop only).
func (b *binding) stats(fi fs.FileInfo) goja.Value {
	o := b.rt.NewObject()
	mode := int64(fi.Mode().Perm())
	if fi.IsDir() {
		mode |= 0o040000
	} else {
		mode |= 0o100000
	}
	sec := fi.ModTime().Unix()
	_ = o.Set("mode", mode)
	_ = o.Set("size", fi.Size())
	_ = o.Set("lastAccessedTime", sec)
	_ = o.Set("lastModifiedTime", sec)
	isDir := fi.IsDir()
	_ = o.Set("isDirectory", func(goja.FunctionCall) goja.Value { return b.rt.ToValue(isDir) })
	_ = o.Set("isFile", func(goja.FunctionCall) goja.Value { return b.rt.ToValue(!isDir) })
	return o
}

// data decodes writeFile's data: a string in an encoding, or an
// ArrayBuffer (whose bytes are copied).
func data(a argv) ([]byte, error) {
	v := a.get("data")
	if obj, ok := v.(*goja.Object); ok {
		if ab, ok := obj.Export().(goja.ArrayBuffer); ok {
			return append([]byte(nil), ab.Bytes()...), nil
		}
		return nil, paramErr("data", "String/ArrayBuffer", v)
	}
	s, ok := v.Export().(string)
	if !ok {
		return nil, paramErr("data", "String/ArrayBuffer", v)
	}
	enc, err := a.optStr("encoding")
	if err != nil {
		return nil, err
	}
	return encode(s, enc)
}

// digest computes getFileInfo's digest.
func digest(alg string, data []byte) (string, error) {
	var h hash.Hash
	switch strings.ToLower(alg) {
	case "", "md5":
		h = md5.New()
	case "sha1":
		h = sha1.New()
	default:
		return "", &bridge.ParamError{Msg: fmt.Sprintf("parameter.digestAlgorithm should be one of md5, sha1 instead of %q;", alg)}
	}
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// methods lists the FileSystemManager's methods.
func (b *binding) methods() []method {
	names := []string{"readFile", "writeFile", "appendFile", "access", "stat", "mkdir", "readdir", "rmdir",
		"unlink", "rename", "copyFile", "truncate", "unzip", "saveFile", "getFileInfo", "removeSavedFile", "getSavedFileList"}
	out := make([]method, len(names))
	for i, n := range names {
		out[i] = b.method(n)
	}
	// File descriptors and compressed files are not offered: the methods
	// exist and fail with "not supported" (Sync forms throw).
	for _, n := range []string{"open", "close", "fstat", "ftruncate", "read", "write", "readCompressedFile"} {
		out = append(out, unsupported(n, false))
	}
	return append(out, unsupported("readZipEntry", true))
}

// method returns the definition of one API.
func (b *binding) method(name string) method {
	sb := b.sb
	none := func(err error) (any, error) { return nil, err }
	switch name {
	case "readFile":
		return method{name: name, params: []string{"filePath", "encoding", "position", "length"}, field: "data",
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				enc, err := a.optStr("encoding")
				if err != nil {
					return nil, nil, err
				}
				if err := checkEncoding(enc); err != nil {
					return nil, nil, err
				}
				pos, length := a.get("position"), a.get("length")
				return func() (any, error) {
						data, err := b.readAny(p)
						if err != nil {
							return nil, err
						}
						return slice(data, pos, length)
					}, func(v any) (any, error) {
						data := v.([]byte)
						if enc == "" {
							return b.rt.ToValue(b.rt.NewArrayBuffer(data)), nil
						}
						return decode(data, enc), nil
					}, nil
			}}
	case "writeFile", "appendFile":
		return method{name: name, params: []string{"filePath", "data", "encoding"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				if err := writable("open", p); err != nil {
					return nil, nil, err
				}
				d, err := data(a)
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) { return none(sb.WriteFile(p, d, name == "appendFile")) }, nil, nil
			}}
	case "access":
		return method{name: name, params: []string{"path"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("path")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					_, err := b.statAny(p)
					return nil, err
				}, nil, nil
			}}
	case "stat":
		return method{name: name, params: []string{"path", "recursive"}, field: "stats",
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("path")
				if err != nil {
					return nil, nil, err
				}
				recursive := a.boolean("recursive")
				return func() (any, error) {
						if recursive && isSandbox(p) {
							return sb.StatAll(p)
						}
						return b.statAny(p)
					}, func(v any) (any, error) {
						if fi, ok := v.(fs.FileInfo); ok {
							if recursive {
								v = []Entry{{Path: "/", Info: fi}}
							} else {
								return b.stats(fi), nil
							}
						}
						entries := v.([]Entry)
						if len(entries) == 1 && !entries[0].Info.IsDir() {
							return b.stats(entries[0].Info), nil
						}
						list := make([]any, len(entries))
						for i, e := range entries {
							o := b.rt.NewObject()
							_ = o.Set("path", e.Path)
							_ = o.Set("stats", b.stats(e.Info))
							list[i] = o
						}
						return b.rt.NewArray(list...), nil
					}, nil
			}}
	case "mkdir":
		return method{name: name, params: []string{"dirPath", "recursive"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("dirPath")
				if err != nil {
					return nil, nil, err
				}
				if err := writable("open", p); err != nil {
					return nil, nil, err
				}
				recursive := a.boolean("recursive")
				return func() (any, error) { return none(sb.Mkdir(p, recursive)) }, nil, nil
			}}
	case "readdir":
		return method{name: name, params: []string{"dirPath"}, field: "files",
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("dirPath")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					var names []string
					if isSandbox(p) {
						names, err = sb.ReadDir(p)
					} else {
						names, err = b.readPkgDir(p)
					}
					if err != nil {
						return nil, err
					}
					list := make([]any, len(names))
					for i, n := range names {
						list[i] = n
					}
					return list, nil
				}, nil, nil
			}}
	case "rmdir":
		return method{name: name, params: []string{"dirPath", "recursive"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("dirPath")
				if err != nil {
					return nil, nil, err
				}
				if err := writable("open", p); err != nil {
					return nil, nil, err
				}
				recursive := a.boolean("recursive")
				return func() (any, error) { return none(sb.RemoveDir(p, recursive)) }, nil, nil
			}}
	case "unlink":
		return method{name: name, params: []string{"filePath"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				if err := writable("open", p); err != nil {
					return nil, nil, err
				}
				return func() (any, error) { return none(sb.Remove(p)) }, nil, nil
			}}
	case "rename":
		return method{name: name, params: []string{"oldPath", "newPath"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				o, err := a.str("oldPath")
				if err != nil {
					return nil, nil, err
				}
				n, err := a.str("newPath")
				if err != nil {
					return nil, nil, err
				}
				if !isSandbox(o) || !isSandbox(n) {
					return nil, nil, &PathError{Op: "rename", Path: o, Dest: n, Err: ErrPermission}
				}
				return func() (any, error) { return none(sb.Rename(o, n)) }, nil, nil
			}}
	case "copyFile":
		return method{name: name, params: []string{"srcPath", "destPath"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				src, err := a.str("srcPath")
				if err != nil {
					return nil, nil, err
				}
				dst, err := a.str("destPath")
				if err != nil {
					return nil, nil, err
				}
				if !isSandbox(dst) {
					return nil, nil, &PathError{Op: "copyFile", Path: src, Dest: dst, Err: ErrPermission}
				}
				return func() (any, error) {
					if isSandbox(src) {
						return none(sb.CopyFile(src, dst))
					}
					data, err := b.readAny(src)
					if err != nil {
						var pe *PathError
						if errors.As(err, &pe) {
							return nil, &PathError{Op: "copyFile", Path: src, Dest: dst, Err: pe.Err}
						}
						return nil, err
					}
					return none(sb.WriteFrom(strings.NewReader(string(data)), int64(len(data)), dst))
				}, nil, nil
			}}
	case "truncate":
		return method{name: name, params: []string{"filePath", "length"},
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				if err := writable("open", p); err != nil {
					return nil, nil, err
				}
				length := a.get("length").ToInteger()
				return func() (any, error) { return none(sb.Truncate(p, length)) }, nil, nil
			}}
	case "unzip":
		return method{name: name, noSync: true,
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				src, err := a.str("zipFilePath")
				if err != nil {
					return nil, nil, err
				}
				dst, err := a.str("targetPath")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) { return nil, b.unzip(src, dst) }, nil, nil
			}}
	case "saveFile":
		return method{name: name, params: []string{"tempFilePath", "filePath"}, field: "savedFilePath",
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				tmp, err := a.str("tempFilePath")
				if err != nil {
					return nil, nil, err
				}
				dst, err := a.optStr("filePath")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					saved, err := sb.Save(tmp, dst)
					if errors.Is(err, ErrNotExist) {
						var pe *PathError
						if errors.As(err, &pe) && pe.Path == tmp {
							return nil, errTempMissing
						}
					}
					if err != nil {
						return nil, err
					}
					return saved, nil
				}, nil, nil
			}}
	case "getFileInfo":
		return method{name: name, noSync: true,
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				alg, err := a.optStr("digestAlgorithm")
				if err != nil {
					return nil, nil, err
				}
				if _, err := digest(alg, nil); err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					data, err := b.readAny(p)
					if err != nil {
						return nil, errFileMissing
					}
					sum, err := digest(alg, data)
					if err != nil {
						return nil, err
					}
					return map[string]any{"size": float64(len(data)), "digest": sum}, nil
				}, nil, nil
			}}
	case "getSavedFileInfo":
		return method{name: name, noSync: true,
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					if k, err := PathKind(p); err != nil || k != KindSaved {
						return nil, errFileMissing
					}
					fi, err := sb.Stat(p)
					if err != nil {
						return nil, errFileMissing
					}
					return map[string]any{"size": float64(fi.Size()), "createTime": float64(fi.ModTime().Unix())}, nil
				}, nil, nil
			}}
	case "removeSavedFile":
		return method{name: name, noSync: true,
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				p, err := a.str("filePath")
				if err != nil {
					return nil, nil, err
				}
				return func() (any, error) {
					if k, err := PathKind(p); err != nil || k != KindSaved {
						return nil, errFileMissing
					}
					if err := sb.Remove(p); err != nil {
						return nil, errFileMissing
					}
					return nil, nil
				}, nil, nil
			}}
	case "getSavedFileList":
		return method{name: name, noSync: true,
			prep: func(a argv) (func() (any, error), func(any) (any, error), error) {
				return func() (any, error) {
					files, err := sb.SavedFiles()
					if err != nil {
						return nil, err
					}
					list := make([]any, len(files))
					for i, f := range files {
						list[i] = map[string]any{"filePath": f.Path, "size": float64(f.Size), "createTime": float64(f.Created.Unix())}
					}
					return map[string]any{"fileList": list}, nil
				}, nil, nil
			}}
	}
	panic("wxfs: no method " + name)
}

// unsupported is a method that fails with bridge.ErrNotSupported.
func unsupported(name string, noSync bool) method {
	return method{name: name, noSync: noSync, prep: func(argv) (func() (any, error), func(any) (any, error), error) {
		return nil, nil, bridge.ErrNotSupported
	}}
}

// The base library's reasons for the saved-file APIs.
var (
	errTempMissing = errors.New("tempFilePath file not exist")
	errFileMissing = errors.New("file not exist")
)

// unzip extracts a zip file (of the sandbox or the package) into a
// directory under wxfile://usr, creating directories as needed. Entries
// whose names would leave the target ("..", absolute names) fail the whole
// call, as does a total size over the quota, before anything is written.
func (b *binding) unzip(src, dst string) error {
	fail := func(err error) error {
		var pe *PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &PathError{Op: "unzip", Path: src, Dest: dst, Err: err}
	}
	if k, err := PathKind(dst); err != nil || k != KindUser {
		return fail(ErrPermission)
	}
	if fi, err := b.sb.Stat(dst); err != nil || !fi.IsDir() {
		return fail(ErrNotExist)
	}
	data, err := b.readAny(src)
	if err != nil {
		return fail(err)
	}
	// The package cache's checks, before anything is written: unsafe names
	// (absolute, .., backslashes, symlinks), duplicates, too many entries,
	// zip bombs, lying sizes.
	zr, err := pkgformat.CheckZip(bytes.NewReader(data), int64(len(data)), &pkgformat.Limits{MaxEntries: maxUnzipEntries})
	if err != nil {
		var ze *pkgformat.ZipError
		if errors.As(err, &ze) && ze.Entry != "" {
			return fail(ErrPermission) // the base library's wording; the entry is in err
		}
		return fail(fmt.Errorf("invalid zip file: %w", err))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(max(b.sb.Quota()-b.sb.Usage(), 0)) {
		return fail(ErrQuota)
	}
	base := strings.TrimSuffix(dst, "/")
	for _, f := range zr.File {
		target := base + "/" + strings.TrimSuffix(f.Name, "/")
		if f.FileInfo().IsDir() {
			if err := b.sb.Mkdir(target, true); err != nil {
				return fail(err)
			}
			continue
		}
		if dir := target[:strings.LastIndexByte(target, '/')]; dir != base { // not path.Dir: it would fold "wxfile://"
			if err := b.sb.Mkdir(dir, true); err != nil {
				return fail(err)
			}
		}
		rc, err := f.Open()
		if err != nil {
			return fail(fmt.Errorf("invalid zip file: %w", err))
		}
		err = b.sb.WriteFrom(rc, int64(f.UncompressedSize64), target)
		rc.Close()
		if err != nil {
			return fail(err)
		}
	}
	return nil
}

// maxUnzipEntries bounds the files and directories one unzip creates.
const maxUnzipEntries = 10000

// readPkgDir lists a directory of the package.
func (b *binding) readPkgDir(p string) ([]string, error) {
	name, err := pkgName("", p)
	if err != nil {
		return nil, err
	}
	if b.pkg == nil {
		return nil, &PathError{Path: p, Err: ErrNotExist}
	}
	entries, err := fs.ReadDir(b.pkg, name)
	if err != nil {
		if fi, serr := fs.Stat(b.pkg, name); serr == nil && !fi.IsDir() {
			return nil, &PathError{Path: p, Err: ErrNotDir}
		}
		return nil, &PathError{Path: p, Err: classify(err)}
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, nil
}

// slice applies readFile's position and length.
func slice(data []byte, pos, length goja.Value) ([]byte, error) {
	start, end := int64(0), int64(len(data))
	if !goja.IsUndefined(pos) && !goja.IsNull(pos) {
		start = pos.ToInteger()
		if start < 0 || start > int64(len(data)) {
			return nil, &bridge.ParamError{Msg: fmt.Sprintf("the value of \"position\" is out of range. It must be >= 0 && <= %d. Received %d", len(data), start)}
		}
	}
	if !goja.IsUndefined(length) && !goja.IsNull(length) {
		n := length.ToInteger()
		if n < 0 || start+n > int64(len(data)) {
			return nil, &bridge.ParamError{Msg: fmt.Sprintf("the value of \"length\" is out of range. It must be >= 0 && <= %d. Received %d", int64(len(data))-start, n)}
		}
		end = start + n
	}
	return data[start:end], nil
}
