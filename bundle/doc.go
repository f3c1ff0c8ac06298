// Package bundle loads and validates mini program bundles: app.json, the
// page configuration files and project.config.json, read from any fs.FS.
//
// # Basics
//
// Open a directory or a .zip file, or Load any fs.FS (os.DirFS, a
// *zip.Reader, an embed.FS, an fstest.MapFS):
//
//	b, err := bundle.Open("testdata/hello")
//	if err != nil {
//		var ce *bundle.ConfigError
//		if errors.As(err, &ce) {
//			// ce.File, ce.Field, ce.Line, ce.Column name the problem
//		}
//		return err
//	}
//	defer b.Close()
//	home := b.HomePage()               // entryPagePath, else pages[0]
//	cfg, err := b.PageConfig(home)     // "<home>.json", cached
//	win, err := b.PageWindow(home)     // defaults < app.json window < page
//
// Load first finds the mini program root (the directory holding app.json:
// the FS root, project.config.json's miniprogramRoot, or the single
// top-level directory of a zip made from a folder), then parses and
// validates app.json with ParseAppJSON, then checks that every declared
// page has its "<route>.js" file. Page configuration files are read on
// first use by PageConfig and validated with ParsePageConfig.
//
// Every configuration problem is a *ConfigError naming the file, the field
// path (for example "tabBar.list[2].pagePath" or "subpackages[1].root") and,
// for JSON syntax errors, the line and column. Its Err matches one specific
// sentinel (ErrMissingField, ErrBadRoute, ErrDuplicate, ...) and ErrInvalid,
// except ErrNoAppJSON, which only matches itself. Only the first problem is
// reported; fields are checked in a fixed order (map keys sorted), so the
// same input always gives the same error.
//
// Keys this package does not type are never an error: they are kept as raw
// JSON in the Extra field of the enclosing struct.
//
// # Caveats
//
// Colors (HexColor fields) are kept as written and not validated, nor are
// tab bar icon files or component paths checked for existence.
//
// A *Bundle's methods are safe for concurrent use, but the values it hands
// out (App, Project, the *PageConfig from PageConfig) are shared: treat them
// as read-only.
//
// Open keeps a zip file open until Close; reading b.FS after Close fails.
// Open does not guard against zip bombs or unsafe entry names: archives from
// untrusted sources must be checked before (the package cache does).
//
// WindowOptions values remember which keys their file set (see IsSet),
// so they are not == or reflect.DeepEqual to a literal with the same
// exported fields.
package bundle
