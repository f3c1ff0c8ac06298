// Package wxfs gives each mini program a file sandbox and the wx file APIs
// over it: wx.env.USER_DATA_PATH, wx.getFileSystemManager(), wx.saveFile,
// wx.getFileInfo, wx.getSavedFileInfo, wx.removeSavedFile and
// wx.getSavedFileList.
//
// # Basics
//
// The host picks one directory for all apps' files and passes a group per
// user to the bridge:
//
//	files := wxfs.New(filepath.Join(dataDir, "files"), &wxfs.Options{UserID: userID})
//	br := bridge.New(bridge.Config{Groups: []bridge.Group{files}})
//
// Each app gets root/<user>/<appId>/ with three parts, named by virtual
// paths as on the device:
//
//   - usr/: the user files, wx.env.USER_DATA_PATH = "wxfile://usr" and
//     below, where the mini program creates directories and files.
//   - tmp/: temporary files "wxfile://tmp_<random><ext>", made by
//     Sandbox.CreateTemp (downloadFile, host APIs).
//   - store/: saved files "wxfile://store_<random><ext>", made by
//     wx.saveFile from temporary files.
//
// Other paths are files of the mini program's package ("/assets/a.json" or
// "assets/a.json"): readFile, access, stat, readdir and copyFile (as the
// source) read them; writing to them fails with "permission denied".
//
// The FileSystemManager has readFile, writeFile, appendFile, access, stat,
// mkdir, readdir, rmdir, unlink, rename, copyFile, truncate and saveFile
// with their Sync forms, and unzip, getFileInfo, removeSavedFile and
// getSavedFileList. The file-descriptor methods (open, close, fstat,
// ftruncate, read, write and their Sync forms), readCompressedFile and
// readZipEntry exist and fail with "not supported". The
// asynchronous methods take one object ({filePath, data, encoding, ...}) and
// call success/fail/complete with errMsg "readFile:ok" or "readFile:fail
// <reason>"; like the base library's, they return no Promise. The Sync forms
// take the same parameters positionally (readFileSync(filePath, encoding,
// position, length), writeFileSync(filePath, data, encoding),
// statSync(path, recursive), mkdirSync(dirPath, recursive), ...), return
// their value (undefined when there is none) and throw an Error whose
// message is the errMsg. Reasons follow the base library, for example
//
//	readFile:fail no such file or directory, open wxfile://usr/x.txt
//	access:fail no such file or directory wxfile://usr/x
//	rename:fail no such file or directory, rename wxfile://usr/a -> wxfile://usr/b
//	writeFile:fail the maximum size of the file storage limit is exceeded
//	rmdir:fail directory not empty
//	saveFile:fail tempFilePath file not exist
//
// unzip({zipFilePath, targetPath}) extracts into an existing directory
// under wx.env.USER_DATA_PATH; an entry named with ".." or an absolute name
// fails the whole call with "permission denied", and so does a total
// (declared) size over the remaining quota, before anything is written.
//
// Data: readFile without encoding gives an ArrayBuffer; encodings are
// utf8/utf-8, ascii, base64, hex, binary/latin1 and ucs2/ucs-2/utf16le/
// utf-16le (Node's semantics). writeFile takes a string (utf8 unless
// encoding says otherwise) or an ArrayBuffer. stat gives a Stats object
// (mode, size, lastAccessedTime, lastModifiedTime in seconds, isFile(),
// isDirectory()); with recursive on a directory, an array of {path, stats}
// with paths relative to it ("/" for the directory itself).
//
// The asynchronous methods do their I/O off the loop, one after another in
// the order they were called; a Sync method first waits for them, so
// writeFile followed by readFileSync reads what was written.
//
// # Sandbox and quota
//
// Every access goes through an os.Root opened on the app's directory: "..",
// absolute paths, other schemes, backslashes, NUL bytes and symbolic links
// that lead out of the directory are refused with "permission denied"
// (links that stay inside work; the APIs never make links). User and app
// ids that are not plain file names are hex-encoded ("~" + hex), so no id
// can name another directory.
//
// An app's files (all three parts) may take Options.Quota bytes, 200 MB by
// default: WeChat's limit for an app's user and saved files. A write, append
// or copy that would go over fails with ErrQuota and writes nothing;
// replacing a file counts only the difference. wxnet's downloadFile writes
// through CreateTemp and takes space with Reserve as bytes arrive.
//
// # Caveats
//
//   - The usage is counted when a directory is first opened in the
//     process and kept up to date by the Sandbox; files changed by other
//     means are seen after Sandbox.Rescan. OpenSandbox returns one shared
//     *Sandbox per directory, and sandboxes stay open for the life of the
//     process.
//   - Temporary files are kept until the host calls Sandbox.ClearTemp (the
//     device deletes them when the app ends).
//   - Stats.mode carries the file type bits (0o040000 directory, 0o100000
//     file) and the permission bits; lastAccessedTime is the modification
//     time (the access time is not kept on every file system).
//   - The Sync methods do their I/O on the loop, as on the device; keep
//     files small there.
//   - A JavaScript string holding lone surrogates is written with U+FFFD in
//     their place.
package wxfs
