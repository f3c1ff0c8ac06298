package wxfs_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/minihost/minihost/wxapi/wxfs"
)

// zipOf makes a zip file of the entries (a name ending in "/" is a
// directory).
func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTruncateUnzipUnsupported(t *testing.T) {
	t.Parallel()
	g := wxfs.New(t.TempDir(), &wxfs.Options{Quota: 3000})
	a := launch(t, g, "wxapp")
	sb, _ := g.Sandbox("", "wxapp")
	files := map[string][]byte{
		"wxfile://usr/good.zip":  zipOf(t, map[string]string{"a.txt": "A", "dir/": "", "dir/b.txt": "BB", "deep/er/c.txt": "CCC"}),
		"wxfile://usr/slip.zip":  zipOf(t, map[string]string{"ok.txt": "x", "../../escape.txt": "pwned"}),
		"wxfile://usr/abs.zip":   zipOf(t, map[string]string{"/etc/x": "pwned"}),
		"wxfile://usr/big.zip":   zipOf(t, map[string]string{"big.txt": string(make([]byte, 2900))}),
		"wxfile://usr/notzip":    []byte("not a zip"),
		"wxfile://usr/trunc.txt": []byte("abcdef"),
	}
	for p, data := range files {
		if err := sb.WriteFile(p, data, false); err != nil {
			t.Fatal(err)
		}
	}
	runSteps(t, a, []step{
		{"truncate", `fs.truncateSync(U + '/trunc.txt', 3); log(fs.readFileSync(U + '/trunc.txt', 'utf8'))
			fs.truncate({filePath: U + '/trunc.txt', length: 5, success: r => log(r.errMsg, fs.readFileSync(U + '/trunc.txt', 'hex'))})
			catching(() => fs.truncateSync(U + '/none', 1)); catching(() => fs.truncateSync(U + '/trunc.txt', 5000))`,
			[]any{"abc", "truncateSync:fail no such file or directory, open wxfile://usr/none", "truncateSync:fail the maximum size of the file storage limit is exceeded",
				"truncate:ok 6162630000"}},
		{"unzip", `fs.mkdirSync(U + '/out'); fs.unzip({zipFilePath: U + '/good.zip', targetPath: U + '/out', success: r => {
				log(r.errMsg, JSON.stringify(fs.readdirSync(U + '/out')), fs.readFileSync(U + '/out/dir/b.txt', 'utf8'), fs.readFileSync(U + '/out/deep/er/c.txt', 'utf8'))
			}, fail: r => log(r.errMsg)})`,
			[]any{`unzip:ok ["a.txt","deep","dir"] BB CCC`}},
		{"zip slip", `fs.mkdirSync(U + '/slip'); fs.unzip({zipFilePath: U + '/slip.zip', targetPath: U + '/slip', fail: r => log(r.errMsg, JSON.stringify(fs.readdirSync(U + '/slip')))})
			fs.unzip({zipFilePath: U + '/abs.zip', targetPath: U + '/slip', fail: r => log(r.errMsg)})`,
			[]any{"unzip:fail permission denied, unzip wxfile://usr/slip.zip -> wxfile://usr/slip []", "unzip:fail permission denied, unzip wxfile://usr/abs.zip -> wxfile://usr/slip"}},
		{"unzip errors", `fs.unzip({zipFilePath: U + '/big.zip', targetPath: U + '/out', fail: r => log(r.errMsg)})
			fs.unzip({zipFilePath: U + '/good.zip', targetPath: U + '/nodir', fail: r => log(r.errMsg)})
			fs.unzip({zipFilePath: U + '/good.zip', targetPath: '/pkg', fail: r => log(r.errMsg)})
			fs.unzip({zipFilePath: U + '/notzip', targetPath: U + '/out', fail: r => log(r.errMsg.startsWith('unzip:fail invalid zip file'))})`,
			[]any{"unzip:fail the maximum size of the file storage limit is exceeded", "unzip:fail no such file or directory, unzip wxfile://usr/good.zip -> wxfile://usr/nodir",
				"unzip:fail permission denied, unzip wxfile://usr/good.zip -> /pkg", "true"}},
		{"unsupported", `catching(() => fs.openSync({filePath: U + '/a'})); fs.open({filePath: U + '/a', fail: r => log(r.errMsg)}); log(typeof fs.readZipEntry, typeof fs.readZipEntrySync, typeof fs.writeSync)`,
			[]any{"openSync:fail not supported", "function undefined function", "open:fail not supported"}},
	})
}
