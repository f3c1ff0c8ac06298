package wxfs_test

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/minihost/minihost/bridge/bridgetest"
	"github.com/minihost/minihost/wxapi/wxfs"
)

type step struct {
	name, src string
	want      []any
}

func runSteps(t *testing.T, a *bridgetest.App, steps []step) {
	t.Helper()
	for _, s := range steps {
		if got := a.Run(s.src); !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s:\n got %q\nwant %q", s.name, got, s.want)
		}
	}
}

func TestReadWrite(t *testing.T) {
	t.Parallel()
	a := launch(t, wxfs.New(t.TempDir(), nil), "wxapp")
	runSteps(t, a, []step{
		{"env", `log(U, typeof fs.readFile, typeof fs.readFileSync)`, []any{"wxfile://usr function function"}},
		{"utf8 sync", `fs.writeFileSync(U + '/a.txt', 'hi 你好', 'utf8'); log(fs.readFileSync(U + '/a.txt', 'utf8'))`, []any{"hi 你好"}},
		{"default encoding is utf8 for writes", `fs.writeFileSync(U + '/d.txt', 'é'); log(fs.readFileSync(U + '/d.txt', 'hex'))`, []any{"c3a9"}},
		{"no encoding reads an ArrayBuffer", `const ab = fs.readFileSync(U + '/a.txt'); log(ab instanceof ArrayBuffer, ab.byteLength, new Uint8Array(ab)[0])`, []any{"true 9 104"}},
		{"ArrayBuffer async", `fs.writeFile({filePath: U + '/b.bin', data: new Uint8Array([0, 255, 16]).buffer, success: r => {
				log(r.errMsg)
				fs.readFile({filePath: U + '/b.bin', encoding: 'hex', success: r => log(r.errMsg, r.data)})
				fs.readFile({filePath: U + '/b.bin', success: r => log(r.data instanceof ArrayBuffer, new Uint8Array(r.data).join(','))})
			}})`, []any{"writeFile:ok", "readFile:ok 00ff10", "true 0,255,16"}},
		{"encodings", `fs.writeFileSync(U + '/e', 'aGk=', 'base64')
			log(fs.readFileSync(U + '/e', 'utf8'), fs.readFileSync(U + '/e', 'base64'), fs.readFileSync(U + '/e', 'hex'), fs.readFileSync(U + '/e', 'ascii'), fs.readFileSync(U + '/e', 'latin1'))
			fs.writeFileSync(U + '/u', 'hé', 'ucs2'); log(fs.readFileSync(U + '/u', 'hex'), fs.readFileSync(U + '/u', 'utf16le'))
			fs.writeFileSync(U + '/l', 'ÿ', 'binary'); log(fs.readFileSync(U + '/l', 'hex'), fs.readFileSync(U + '/l', 'binary'))
			fs.writeFileSync(U + '/h', '0aFFzz', 'hex'); log(fs.readFileSync(U + '/h', 'hex'))`,
			[]any{"hi aGk= 6869 hi hi", "6800e900 hé", "ff ÿ", "0aff"}},
		{"unknown encoding", `catching(() => fs.readFileSync(U + '/e', 'klingon')); catching(() => fs.writeFileSync(U + '/e', 'x', 'klingon'))`,
			[]any{"readFileSync:fail parameter error: unknown encoding: klingon", "writeFileSync:fail parameter error: unknown encoding: klingon"}},
		{"position and length", `fs.writeFileSync(U + '/p', 'abcdef'); log(fs.readFileSync(U + '/p', 'utf8', 2, 3), fs.readFileSync(U + '/p', 'utf8', 4))
			catching(() => fs.readFileSync(U + '/p', 'utf8', 4, 5))`,
			[]any{"cde ef", `readFileSync:fail parameter error: the value of "length" is out of range. It must be >= 0 && <= 2. Received 5`}},
		{"bad data", `catching(() => fs.writeFileSync(U + '/x', 12)); fs.writeFile({filePath: U + '/x', data: {}, fail: r => log(r.errMsg)})`,
			[]any{"writeFileSync:fail parameter error: parameter.data should be String/ArrayBuffer instead of Number;",
				"writeFile:fail parameter error: parameter.data should be String/ArrayBuffer instead of Object;"}},
		{"missing file", `catching(() => fs.readFileSync(U + '/x.txt')); fs.readFile({filePath: U + '/x.txt', fail: r => log(r.errMsg), complete: r => log('complete')})`,
			[]any{"readFileSync:fail no such file or directory, open wxfile://usr/x.txt", "readFile:fail no such file or directory, open wxfile://usr/x.txt", "complete"}},
		{"no promise", `log(fs.readFile({filePath: U + '/a.txt'}) === undefined)`, []any{"true"}},
		{"missing dir", `catching(() => fs.writeFileSync(U + '/no/dir.txt', 'x'))`, []any{"writeFileSync:fail no such file or directory, open wxfile://usr/no/dir.txt"}},
		{"write a directory", `catching(() => fs.writeFileSync(U, 'x')); catching(() => fs.readFileSync(U))`,
			[]any{"writeFileSync:fail illegal operation on a directory, open wxfile://usr", "readFileSync:fail illegal operation on a directory, open wxfile://usr"}},
		{"no filePath", `catching(() => fs.readFileSync()); fs.writeFile({data: 'x', fail: r => log(r.errMsg)})`,
			[]any{"readFileSync:fail parameter error: parameter.filePath should be String instead of Undefined;", "writeFile:fail parameter error: parameter.filePath should be String instead of Undefined;"}},
		{"appendFile", `fs.appendFileSync(U + '/a.txt', '!'); fs.appendFile({filePath: U + '/a.txt', data: 'IQ==', encoding: 'base64', success: r => log(r.errMsg, fs.readFileSync(U + '/a.txt', 'utf8'))})
			fs.appendFile({filePath: U + '/nope.txt', data: 'x', fail: r => log(r.errMsg)})`,
			[]any{"appendFile:ok hi 你好!!", "appendFile:fail no such file or directory, open wxfile://usr/nope.txt"}},
		{"program order", `for (let i = 0; i < 20; i++) fs.writeFile({filePath: U + '/n', data: String(i)})
			fs.readFile({filePath: U + '/n', encoding: 'utf8', success: r => log('async', r.data)}); log('sync', fs.readFileSync(U + '/n', 'utf8'))`,
			[]any{"sync 19", "async 19"}},
		{"results in call order", `for (let i = 0; i < 5; i++) fs.writeFileSync(U + '/o' + i, String(i))
			for (let i = 0; i < 5; i++) fs.readFile({filePath: U + '/o' + i, encoding: 'utf8', success: r => log(r.data)})`,
			[]any{"0", "1", "2", "3", "4"}},
	})
}

func TestDirectories(t *testing.T) {
	t.Parallel()
	a := launch(t, wxfs.New(t.TempDir(), nil), "wxapp")
	runSteps(t, a, []step{
		{"access", `fs.writeFileSync(U + '/f', 'abc'); catching(() => fs.accessSync(U + '/f')); fs.access({path: U + '/none', fail: r => log(r.errMsg)}); fs.access({path: U, success: r => log(r.errMsg)})`,
			[]any{"returned undefined", "access:fail no such file or directory wxfile://usr/none", "access:ok"}},
		{"mkdir", `catching(() => fs.mkdirSync(U + '/p/q')); fs.mkdirSync(U + '/p/q', true); catching(() => fs.mkdirSync(U + '/p'))
			fs.mkdir({dirPath: U + '/r', success: r => log(r.errMsg)}); fs.mkdir({dirPath: U + '/p', recursive: true, success: r => log(r.errMsg)})
			catching(() => fs.mkdirSync(U + '/f/x'))`,
			[]any{"mkdirSync:fail no such file or directory wxfile://usr/p/q", "mkdirSync:fail file already exists wxfile://usr/p",
				"mkdirSync:fail not a directory wxfile://usr/f/x", "mkdir:ok", "mkdir:ok"}},
		{"stat", `const s = fs.statSync(U + '/f'); log(s.size, s.isFile(), s.isDirectory(), (s.mode & 0o170000).toString(8), typeof s.lastModifiedTime)
			fs.stat({path: U + '/p', success: r => log(r.errMsg, r.stats.isDirectory())}); fs.stat({path: U + '/none', fail: r => log(r.errMsg)})`,
			[]any{"3 true false 100000 number", "stat:ok true", "stat:fail no such file or directory wxfile://usr/none"}},
		{"stat recursive", `fs.writeFileSync(U + '/p/q/z', '12345')
			log(fs.statSync(U + '/p', true).map(e => e.path + ':' + (e.stats.isDirectory() ? 'd' : e.stats.size)).join(' '))
			log(fs.statSync(U + '/p/q/z', true).size)`,
			[]any{"/:d /q:d /q/z:5", "5"}},
		{"readdir", `log(JSON.stringify(fs.readdirSync(U))); fs.readdir({dirPath: U + '/p', success: r => log(r.errMsg, JSON.stringify(r.files))})
			catching(() => fs.readdirSync(U + '/none')); catching(() => fs.readdirSync(U + '/f'))`,
			[]any{`["f","p","r"]`, "readdirSync:fail no such file or directory wxfile://usr/none", "readdirSync:fail not a directory wxfile://usr/f", `readdir:ok ["q"]`}},
		{"rmdir", `catching(() => fs.rmdirSync(U + '/p')); fs.rmdirSync(U + '/r'); catching(() => fs.rmdirSync(U + '/none'))
			fs.rmdir({dirPath: U + '/p', recursive: true, success: r => log(r.errMsg, JSON.stringify(fs.readdirSync(U)))})`,
			[]any{"rmdirSync:fail directory not empty", "rmdirSync:fail no such file or directory wxfile://usr/none", `rmdir:ok ["f"]`}},
		{"unlink", `fs.mkdirSync(U + '/dir'); catching(() => fs.unlinkSync(U + '/dir')); catching(() => fs.unlinkSync(U + '/none'))
			fs.unlink({filePath: U + '/f', success: r => log(r.errMsg, JSON.stringify(fs.readdirSync(U)))})`,
			[]any{"unlinkSync:fail operation not permitted, unlink wxfile://usr/dir", "unlinkSync:fail no such file or directory wxfile://usr/none", `unlink:ok ["dir"]`}},
		{"rename", `fs.writeFileSync(U + '/a', 'A'); fs.renameSync(U + '/a', U + '/dir/b'); log(fs.readFileSync(U + '/dir/b', 'utf8'))
			catching(() => fs.renameSync(U + '/nope', U + '/x'))
			fs.rename({oldPath: U + '/dir', newPath: U + '/dir2', success: r => log(r.errMsg, JSON.stringify(fs.readdirSync(U + '/dir2')))})`,
			[]any{"A", "renameSync:fail no such file or directory, rename wxfile://usr/nope -> wxfile://usr/x", `rename:ok ["b"]`}},
		{"copyFile", `fs.copyFileSync(U + '/dir2/b', U + '/c'); log(fs.readFileSync(U + '/c', 'utf8'))
			catching(() => fs.copyFileSync(U + '/none', U + '/c2')); catching(() => fs.copyFileSync(U + '/dir2', U + '/c2'))
			fs.copyFile({srcPath: U + '/c', destPath: U + '/c3', success: r => log(r.errMsg, fs.readFileSync(U + '/c3', 'utf8'))})`,
			[]any{"A", "copyFileSync:fail no such file or directory, copyFile wxfile://usr/none -> wxfile://usr/c2",
				"copyFileSync:fail illegal operation on a directory, copyFile wxfile://usr/dir2 -> wxfile://usr/c2", "copyFile:ok A"}},
		{"recursive rmdir of usr empties it", `fs.rmdirSync(U, true); log(JSON.stringify(fs.readdirSync(U)), fs.statSync(U).isDirectory())`, []any{"[] true"}},
	})
}

// Files of the mini program's package are readable by their path and never
// writable.
func TestPackageFiles(t *testing.T) {
	t.Parallel()
	a := launch(t, wxfs.New(t.TempDir(), nil), "wxapp")
	runSteps(t, a, []step{
		{"read", `log(fs.readFileSync('/assets/hello.txt', 'utf8'), fs.readFileSync('assets/data.json', 'utf8'), fs.readFileSync('/assets/sub/x.bin').byteLength)`,
			[]any{`hello from the package {"n":1} 3`}},
		{"stat and readdir", `log(fs.statSync('/assets/hello.txt').size, fs.statSync('/assets').isDirectory(), JSON.stringify(fs.readdirSync('/assets')))
			fs.access({path: '/app.js', success: r => log(r.errMsg)})`,
			[]any{`22 true ["data.json","hello.txt","sub"]`, "access:ok"}},
		{"copy into the sandbox", `fs.copyFileSync('/assets/hello.txt', U + '/h.txt'); log(fs.readFileSync(U + '/h.txt', 'utf8'))`, []any{"hello from the package"}},
		{"missing", `catching(() => fs.readFileSync('/assets/none')); catching(() => fs.readdirSync('/assets/hello.txt'))`,
			[]any{"readFileSync:fail no such file or directory, open /assets/none", "readdirSync:fail not a directory /assets/hello.txt"}},
		{"read-only", `catching(() => fs.writeFileSync('/assets/hello.txt', 'x')); catching(() => fs.mkdirSync('/new')); catching(() => fs.unlinkSync('/app.js'))
			catching(() => fs.renameSync('/app.js', U + '/app.js')); catching(() => fs.copyFileSync(U + '/h.txt', '/h.txt'))`,
			[]any{"writeFileSync:fail permission denied, open /assets/hello.txt", "mkdirSync:fail permission denied, open /new", "unlinkSync:fail permission denied, open /app.js",
				"renameSync:fail permission denied, rename /app.js -> wxfile://usr/app.js", "copyFileSync:fail permission denied, copyFile wxfile://usr/h.txt -> /h.txt"}},
	})
}

func TestSavedFiles(t *testing.T) {
	t.Parallel()
	g := wxfs.New(t.TempDir(), &wxfs.Options{UserID: "u1"})
	a := launch(t, g, "wxapp")
	sb, err := g.Sandbox("u1", "wxapp")
	if err != nil {
		t.Fatal(err)
	}
	temp := func(content string) string {
		vpath, f, err := sb.CreateTemp(".png")
		if err != nil {
			t.Fatal(err)
		}
		if err := sb.Reserve(int64(len(content))); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(content); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return vpath
	}
	t1, t2, t3 := temp("image-1"), temp("image-22"), temp("333")
	if !regexp.MustCompile(`^wxfile://tmp_[0-9a-f]{24}\.png$`).MatchString(t1) {
		t.Errorf("temp path %q", t1)
	}
	sum := md5.Sum([]byte("image-1"))
	got := a.Run(`wx.saveFile({tempFilePath: '` + t1 + `'}).then(r => {
			log(r.errMsg, /^wxfile:\/\/store_[0-9a-f]{24}\.png$/.test(r.savedFilePath))
			globalThis.saved = r.savedFilePath
			return wx.getFileInfo({filePath: r.savedFilePath})
		}).then(r => log(r.errMsg, r.size, r.digest))
		.then(() => wx.getFileInfo({filePath: saved, digestAlgorithm: 'sha1'})).then(r => log(r.digest.length))
		.then(() => wx.getSavedFileInfo({filePath: saved})).then(r => log(r.errMsg, r.size, typeof r.createTime))
		.then(() => wx.getSavedFileList()).then(r => log(r.errMsg, r.fileList.length, r.fileList[0].filePath === saved, r.fileList[0].size))
		.then(() => wx.saveFile({tempFilePath: '` + t1 + `'})).catch(r => log(r.errMsg))
		.then(() => wx.removeSavedFile({filePath: saved})).then(r => log(r.errMsg))
		.then(() => wx.removeSavedFile({filePath: saved})).catch(r => log(r.errMsg))
		.then(() => wx.getFileInfo({filePath: saved})).catch(r => log(r.errMsg))
		.then(() => { log(fs.saveFileSync('` + t2 + `', U + '/kept.png'), fs.readFileSync(U + '/kept.png', 'utf8')) })
		.then(() => fs.saveFile({tempFilePath: '` + t3 + `', success: r => log(r.errMsg, r.savedFilePath.startsWith('wxfile://store_'))}))
		.then(() => wx.getSavedFileList()).then(r => log(r.fileList.length))`)
	want := []any{
		"saveFile:ok true",
		"getFileInfo:ok 7 " + hex.EncodeToString(sum[:]),
		"40",
		"getSavedFileInfo:ok 7 number",
		"getSavedFileList:ok 1 true 7",
		"saveFile:fail tempFilePath file not exist",
		"removeSavedFile:ok",
		"removeSavedFile:fail file not exist",
		"getFileInfo:fail file not exist",
		"wxfile://usr/kept.png image-22",
		"saveFile:ok true",
		"1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if u := sb.Usage(); u != int64(len("image-22")+len("333")) {
		t.Errorf("Usage = %d after saving and removing", u)
	}
}

// Paths that lead outside the sandbox are refused, by the JS APIs and by
// Resolve, and nothing is written outside.
func TestTraversalRefused(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := wxfs.New(root, nil)
	a := launch(t, g, "wxapp")
	sb, err := g.Sandbox("", "wxapp")
	if err != nil {
		t.Fatal(err)
	}
	// Links planted in the sandbox by something else.
	usr := filepath.Join(sb.Dir(), "usr")
	for name, target := range map[string]string{"dirlink": outside, "filelink": filepath.Join(outside, "secret.txt"), "uplink": "../../..", "newlink": filepath.Join(outside, "new.txt")} {
		if err := os.Symlink(target, filepath.Join(usr, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(usr, "inside.txt"), []byte("in"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("inside.txt", filepath.Join(usr, "goodlink")); err != nil {
		t.Fatal(err)
	}
	paths := []struct {
		path, why string
	}{
		{"wxfile://usr/../../etc/passwd", "dot-dot"},
		{"wxfile://usr/../tmp/x", "dot-dot into another part"},
		{"wxfile://usr/a/../../x", "dot-dot after a name"},
		{"wxfile:///etc/passwd", "absolute after the scheme"},
		{"wxfile://etc/passwd", "unknown area"},
		{"wxfile://tmp_../../x", "temp name with a slash"},
		{"wxfile://store_x/../../y", "saved name with a slash"},
		{`wxfile://usr\..\..\x`, "backslashes"},
		{"wxfile://usr/x\x00y", "NUL"},
		{"file:///etc/passwd", "other scheme"},
		{"wxfile://usr/dirlink/secret.txt", "symlink to a directory outside"},
		{"wxfile://usr/filelink", "symlink to a file outside"},
		{"wxfile://usr/uplink/etc/passwd", "relative symlink upwards"},
		{"wxfile://usr/newlink", "dangling symlink outside"},
	}
	for _, p := range paths {
		if _, err := sb.Resolve(p.path); !errors.Is(err, wxfs.ErrPermission) {
			t.Errorf("Resolve(%q) (%s) = %v, want ErrPermission", p.path, p.why, err)
		}
		if _, err := sb.ReadFile(p.path); !errors.Is(err, wxfs.ErrPermission) {
			t.Errorf("ReadFile(%q) (%s) = %v, want ErrPermission", p.path, p.why, err)
		}
		if err := sb.WriteFile(p.path, []byte("x"), false); !errors.Is(err, wxfs.ErrPermission) {
			t.Errorf("WriteFile(%q) (%s) = %v, want ErrPermission", p.path, p.why, err)
		}
		got := a.Run(`catching(() => fs.readFileSync(` + jsString(p.path) + `, 'utf8'))
			catching(() => fs.writeFileSync(` + jsString(p.path) + `, 'pwned'))
			catching(() => fs.copyFileSync(` + jsString(p.path) + `, U + '/copy'))`)
		for _, line := range got {
			if s := line.(string); !strings.Contains(s, "permission denied") {
				t.Errorf("%q (%s): %q, want permission denied", p.path, p.why, s)
			}
		}
	}
	// Package paths never reach the host file system.
	got := a.Run(`catching(() => fs.readFileSync('/etc/passwd', 'utf8')); catching(() => fs.readFileSync('../../etc/passwd', 'utf8'))
		catching(() => fs.readFileSync('` + filepath.Join(outside, "secret.txt") + `', 'utf8'))`)
	want := []any{"readFileSync:fail no such file or directory, open /etc/passwd", "readFileSync:fail permission denied, open ../../etc/passwd",
		"readFileSync:fail no such file or directory, open " + filepath.Join(outside, "secret.txt")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("package paths: got %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written outside the sandbox: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(data) != "secret" {
		t.Errorf("the file outside was changed: %q", data)
	}
	// A link that stays inside works.
	if got := a.Run(`log(fs.readFileSync(U + '/goodlink', 'utf8'))`); !reflect.DeepEqual(got, []any{"in"}) {
		t.Errorf("inside link: %q", got)
	}
	if p, err := sb.Resolve("wxfile://usr/goodlink"); err != nil || p != filepath.Join(usr, "goodlink") {
		t.Errorf("Resolve(goodlink) = %q, %v", p, err)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`)
	return "'" + r.Replace(s) + "'"
}

func TestQuota(t *testing.T) {
	t.Parallel()
	g := wxfs.New(t.TempDir(), &wxfs.Options{Quota: 100})
	a := launch(t, g, "wxapp")
	sb, _ := g.Sandbox("", "wxapp")
	runSteps(t, a, []step{
		{"within", `fs.writeFileSync(U + '/a', 'x'.repeat(60)); log(fs.statSync(U + '/a').size)`, []any{"60"}},
		{"over", `catching(() => fs.writeFileSync(U + '/b', 'x'.repeat(41))); catching(() => fs.accessSync(U + '/b'))`,
			[]any{"writeFileSync:fail the maximum size of the file storage limit is exceeded", "accessSync:fail no such file or directory wxfile://usr/b"}},
		{"at the limit", `fs.writeFileSync(U + '/b', 'x'.repeat(40)); log(fs.statSync(U + '/b').size)`, []any{"40"}},
		{"replacing counts the difference", `fs.writeFileSync(U + '/a', 'y'.repeat(60)); fs.writeFileSync(U + '/a', 'z'.repeat(10)); log(fs.readFileSync(U + '/a', 'utf8'))`, []any{"zzzzzzzzzz"}},
		{"append over", `fs.appendFile({filePath: U + '/a', data: 'x'.repeat(51), fail: r => log(r.errMsg, fs.statSync(U + '/a').size)})`,
			[]any{"appendFile:fail the maximum size of the file storage limit is exceeded 10"}},
		{"copy over", `fs.copyFileSync(U + '/b', U + '/c'); catching(() => fs.copyFileSync(U + '/b', U + '/d')); catching(() => fs.accessSync(U + '/d'))`,
			[]any{"copyFileSync:fail the maximum size of the file storage limit is exceeded", "accessSync:fail no such file or directory wxfile://usr/d"}},
		{"unlink frees", `fs.unlinkSync(U + '/b'); fs.copyFileSync(U + '/a', U + '/d'); log(fs.statSync(U + '/d').size)`, []any{"10"}},
	})
	if u := sb.Usage(); u != 60 {
		t.Errorf("Usage = %d, want 60", u)
	}
	if err := sb.Reserve(41); !errors.Is(err, wxfs.ErrQuota) {
		t.Errorf("Reserve(41) = %v, want ErrQuota", err)
	}
	if err := sb.Reserve(40); err != nil {
		t.Errorf("Reserve(40) = %v", err)
	}
	sb.Release(40)
	if u := sb.Usage(); u != 60 {
		t.Errorf("Usage after Release = %d, want 60", u)
	}
	// The count agrees with a rescan of the files on disk.
	if err := sb.Rescan(); err != nil || sb.Usage() != 60 {
		t.Errorf("Rescan: %v, Usage = %d", err, sb.Usage())
	}
}

// Apps and users have separate sandboxes.
func TestIsolation(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	a := launch(t, wxfs.New(root, &wxfs.Options{UserID: "alice"}), "wxA")
	b := launch(t, wxfs.New(root, &wxfs.Options{UserID: "alice"}), "wxB")
	c := launch(t, wxfs.New(root, &wxfs.Options{UserID: "bob/../alice"}), "wxA")
	a.Run(`fs.writeFileSync(U + '/secret', 'alice A')`)
	for name, other := range map[string]*bridgetest.App{"other app": b, "other user": c} {
		got := other.Run(`catching(() => fs.readFileSync(U + '/secret', 'utf8')); log(JSON.stringify(fs.readdirSync(U)))`)
		want := []any{"readFileSync:fail no such file or directory, open wxfile://usr/secret", "[]"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"alice", "~626f622f2e2e2f616c696365"}; !reflect.DeepEqual(names, want) {
		t.Errorf("user directories %q, want %q", names, want)
	}
}

func TestOpenSandbox(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s1, err := wxfs.OpenSandbox(root, "u", "wxapp", 0)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := wxfs.New(root, &wxfs.Options{UserID: "u"}).Sandbox("u", "wxapp")
	if err != nil {
		t.Fatal(err)
	}
	if s1 != s2 {
		t.Error("two Sandboxes for one directory: their quota counts would differ")
	}
	if s1.Quota() != wxfs.DefaultQuota {
		t.Errorf("Quota = %d", s1.Quota())
	}
	if _, err := wxfs.OpenSandbox(root, "u", "", 0); !errors.Is(err, wxfs.ErrInvalidID) {
		t.Errorf("empty app id: %v", err)
	}
	tests := []struct {
		vpath string
		kind  wxfs.Kind
	}{
		{"wxfile://usr", wxfs.KindUser},
		{"wxfile://usr/a/./b", wxfs.KindUser},
		{"wxfile://tmp_abc.png", wxfs.KindTemp},
		{"wxfile://store_abc", wxfs.KindSaved},
	}
	for _, tt := range tests {
		if k, err := wxfs.PathKind(tt.vpath); err != nil || k != tt.kind {
			t.Errorf("PathKind(%q) = %v, %v; want %v", tt.vpath, k, err, tt.kind)
		}
	}
	p, err := s1.Resolve("wxfile://usr/a/./b")
	if err != nil || p != filepath.Join(s1.Dir(), "usr", "a", "b") {
		t.Errorf("Resolve = %q, %v", p, err)
	}
	var pe *wxfs.PathError
	if _, err := s1.ReadFile("wxfile://usr/none"); !errors.As(err, &pe) || pe.Path != "wxfile://usr/none" || !errors.Is(err, wxfs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	if err := s1.ClearTemp(); err != nil {
		t.Fatal(err)
	}
}

// Copying a file onto itself keeps it, and the quota count stays right.
func TestCopyFileOntoItself(t *testing.T) {
	t.Parallel()
	sb, err := wxfs.OpenSandbox(t.TempDir(), "u", "wxapp", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.WriteFile("wxfile://usr/a.txt", []byte("hello, world!"), false); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{"wxfile://usr/a.txt", "wxfile://usr/./a.txt"} {
		if err := sb.CopyFile("wxfile://usr/a.txt", dest); err != nil {
			t.Fatalf("copy onto %s: %v", dest, err)
		}
		got, err := sb.ReadFile("wxfile://usr/a.txt")
		if err != nil || string(got) != "hello, world!" {
			t.Errorf("after copying onto %s: %q, %v", dest, got, err)
		}
	}
	if u := sb.Usage(); u != 13 {
		t.Errorf("usage = %d, want 13", u)
	}
	entries, _ := sb.ReadDir("wxfile://usr")
	if len(entries) != 1 {
		t.Errorf("entries = %v: a temporary file was left", entries)
	}
}
