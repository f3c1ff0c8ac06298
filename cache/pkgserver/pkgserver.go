// Package pkgserver serves a package repository directory over HTTP with
// the minihost package protocol (docs/packages.md), and writes packages into
// such a directory.
//
// A repository holds, for each app id and env version,
//
//	<appId>/<env>/manifest.json    the latest version's manifest
//	<appId>/<env>/<version>.json   each version's manifest
//	<appId>/<env>/<version>.zip    each version's package
//
// so that any static file server mapping /v1/apps/ to the directory serves
// the manifest and package endpoints. [Server] adds the dynamic endpoints:
// the batch manifest query and search.
package pkgserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/minihost/minihost/cache/pkgformat"
)

// Limits of the dynamic endpoints.
const (
	// MaxBatch is the largest number of app ids in one batch query.
	MaxBatch = 100
	// DefaultPageSize is the search page size when the request names none.
	DefaultPageSize = 20
	// MaxPageSize is the largest search page size.
	MaxPageSize = 100
)

// Options configure a Server. A nil *Options means all defaults.
type Options struct {
	// Logger receives one Info record per request (method, path, status,
	// bytes, duration). Nil means no request log.
	Logger *slog.Logger
}

// Server is an http.Handler serving one repository directory. It is safe
// for concurrent use.
type Server struct {
	root *os.Root
	mux  *http.ServeMux
	log  *slog.Logger
}

// New returns a Server for the repository directory repo, which must exist.
// Close releases the directory handle.
func New(repo string, opts *Options) (*Server, error) {
	root, err := os.OpenRoot(repo)
	if err != nil {
		return nil, fmt.Errorf("pkgserver: open repository: %w", err)
	}
	s := &Server{root: root, mux: http.NewServeMux()}
	if opts != nil {
		s.log = opts.Logger
	}
	s.mux.HandleFunc("GET /v1/apps/{appId}/{env}/{file}", s.serveFile)
	s.mux.HandleFunc("GET /v1/manifests", s.serveBatch)
	s.mux.HandleFunc("GET /v1/search", s.serveSearch)
	return s, nil
}

// Close releases the repository directory.
func (s *Server) Close() error { return s.root.Close() }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.log == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.RequestURI()),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.n),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr))
	}()
	s.mux.ServeHTTP(rec, r)
}

type recorder struct {
	http.ResponseWriter
	status int
	n      int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.n += int64(n)
	return n, err
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// serveFile serves manifest.json, <version>.json and <version>.zip.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	appID, env, file := r.PathValue("appId"), r.PathValue("env"), r.PathValue("file")
	if !pkgformat.ValidAppID(appID) || !pkgformat.ValidEnv(env) {
		writeError(w, http.StatusNotFound, "no such app or env")
		return
	}
	ctype := "application/json"
	if file != "manifest.json" {
		v, ext := file, path.Ext(file)
		v = strings.TrimSuffix(v, ext)
		if (ext != ".json" && ext != ".zip") || pkgformat.CheckVersion(v) != nil {
			writeError(w, http.StatusNotFound, "no such file")
			return
		}
		if ext == ".zip" {
			ctype = "application/zip"
		}
	}
	f, err := s.root.Open(path.Join(appID, env, file))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			writeError(w, http.StatusNotFound, fmt.Sprintf("%s/%s/%s not found", appID, env, file))
			return
		}
		writeError(w, http.StatusInternalServerError, "open failed")
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		writeError(w, http.StatusNotFound, "not a file")
		return
	}
	w.Header().Set("Content-Type", ctype)
	if file == "manifest.json" {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, file, st.ModTime(), f)
}

// readManifest reads and validates <appID>/<env>/<file>.
func (s *Server) readManifest(appID, env, file string) (*pkgformat.Manifest, error) {
	b, err := s.root.ReadFile(path.Join(appID, env, file))
	if err != nil {
		return nil, err
	}
	return pkgformat.ParseManifest(b)
}

// BatchResponse is the body of GET /v1/manifests.
type BatchResponse struct {
	List     []*pkgformat.Manifest `json:"list"`
	NotFound []string              `json:"notFound"`
}

func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	env := q.Get("env")
	if env == "" {
		env = pkgformat.EnvRelease
	}
	if !pkgformat.ValidEnv(env) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("env %q is not release, trial or develop", env))
		return
	}
	var ids []string
	for _, v := range q["appIds"] {
		for id := range strings.SplitSeq(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || len(ids) > MaxBatch {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("appIds: want 1 to %d ids, got %d", MaxBatch, len(ids)))
		return
	}
	resp := BatchResponse{List: []*pkgformat.Manifest{}, NotFound: []string{}}
	for _, id := range ids {
		m, err := s.manifestFor(id, env)
		if err != nil {
			resp.NotFound = append(resp.NotFound, id)
			continue
		}
		resp.List = append(resp.List, m)
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) manifestFor(appID, env string) (*pkgformat.Manifest, error) {
	if !pkgformat.ValidAppID(appID) {
		return nil, fs.ErrNotExist
	}
	return s.readManifest(appID, env, "manifest.json")
}

// SearchResponse is the body of GET /v1/search.
type SearchResponse struct {
	Total    int                   `json:"total"`
	List     []*pkgformat.Manifest `json:"list"`
	PageNo   int                   `json:"pageNo"`
	PageSize int                   `json:"pageSize"`
}

func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	env := q.Get("env")
	if env == "" {
		env = pkgformat.EnvRelease
	}
	if !pkgformat.ValidEnv(env) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("env %q is not release, trial or develop", env))
		return
	}
	pageNo, pageSize := 1, DefaultPageSize
	var err error
	if v := q.Get("pageNo"); v != "" {
		if pageNo, err = strconv.Atoi(v); err != nil || pageNo < 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("pageNo %q is not a positive integer", v))
			return
		}
	}
	if v := q.Get("pageSize"); v != "" {
		if pageSize, err = strconv.Atoi(v); err != nil || pageSize < 1 || pageSize > MaxPageSize {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("pageSize %q is not an integer from 1 to %d", v, MaxPageSize))
			return
		}
	}
	text := strings.ToLower(strings.TrimSpace(q.Get("q")))
	entries, err := fs.ReadDir(s.root.FS(), ".")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "cannot list the repository")
		return
	}
	var all []*pkgformat.Manifest
	for _, e := range entries {
		if !e.IsDir() || !pkgformat.ValidAppID(e.Name()) {
			continue
		}
		m, err := s.readManifest(e.Name(), env, "manifest.json")
		if err != nil {
			continue
		}
		if text == "" || strings.Contains(strings.ToLower(m.AppID), text) ||
			strings.Contains(strings.ToLower(m.Name), text) ||
			strings.Contains(strings.ToLower(m.Description), text) {
			all = append(all, m)
		}
	}
	slices.SortFunc(all, func(a, b *pkgformat.Manifest) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.AppID, b.AppID)
	})
	resp := SearchResponse{Total: len(all), List: []*pkgformat.Manifest{}, PageNo: pageNo, PageSize: pageSize}
	if start := (pageNo - 1) * pageSize; start < len(all) {
		resp.List = all[start:min(start+pageSize, len(all))]
	}
	writeJSON(w, http.StatusOK, resp)
}
