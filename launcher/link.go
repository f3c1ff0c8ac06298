package launcher

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/minihost/minihost/cache/pkgformat"
)

// ErrBadLink is the cause of a link or QR code content that is not
// understood.
var ErrBadLink = errors.New("link not understood")

// Link is a parsed mini program link. Its text form, used by links and QR
// codes, is
//
//	minihost://app/<appId>[@<envVersion>][/<page route>][?<query>]
//
// for example "minihost://app/wxshop000000001@trial/pages/detail/detail?id=3".
// envVersion is release (the default), trial or develop. The query belongs
// to the page and is kept as written. https links of the same shape under
// the path "/minihost/app/" (https://example.com/minihost/app/<appId>/...)
// are accepted too, so that a QR code can point at a web page that opens the
// app.
type Link struct {
	AppID      string
	EnvVersion string // "" means release
	Path       string // "pages/x/x?a=1", "" for the home page
}

// String formats the link.
func (l Link) String() string {
	s := "minihost://app/" + l.AppID
	if l.EnvVersion != "" && l.EnvVersion != pkgformat.EnvRelease {
		s += "@" + l.EnvVersion
	}
	if l.Path != "" {
		s += "/" + strings.TrimPrefix(l.Path, "/")
	}
	return s
}

// ParseLink parses a link or QR code content. Errors wrap ErrBadLink and say
// what is wrong.
func ParseLink(s string) (Link, error) {
	bad := func(format string, a ...any) (Link, error) {
		return Link{}, fmt.Errorf("%w: %q: %s", ErrBadLink, s, fmt.Sprintf(format, a...))
	}
	s = strings.TrimSpace(s)
	var rest string
	switch {
	case strings.HasPrefix(s, "minihost://app/"):
		rest = s[len("minihost://app/"):]
	case strings.HasPrefix(s, "https://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return bad("not a URL")
		}
		const prefix = "/minihost/app/"
		if !strings.HasPrefix(u.Path, prefix) {
			return bad("the path must start with %s", prefix)
		}
		rest = u.EscapedPath()[len(prefix):]
		if u.RawQuery != "" {
			rest += "?" + u.RawQuery
		}
	default:
		return bad("want minihost://app/<appId>[@env][/<page>][?query]")
	}
	head, query, hasQuery := strings.Cut(rest, "?")
	app, page, _ := strings.Cut(head, "/")
	id, env, hasEnv := strings.Cut(app, "@")
	if !pkgformat.ValidAppID(id) {
		return bad("invalid app id %q", id)
	}
	if hasEnv && !pkgformat.ValidEnv(env) {
		return bad("invalid env version %q (want release, trial or develop)", env)
	}
	if strings.Contains(page, "..") || strings.Contains(page, "//") || strings.ContainsAny(page, "\\\x00#") || strings.HasSuffix(page, "/") {
		return bad("invalid page path %q", page)
	}
	if strings.ContainsAny(query, "#\x00") {
		return bad("invalid query")
	}
	l := Link{AppID: id, Path: page}
	if env != pkgformat.EnvRelease {
		l.EnvVersion = env
	}
	if hasQuery && query != "" {
		if page == "" {
			return bad("a query needs a page path")
		}
		l.Path += "?" + query
	}
	return l, nil
}
