package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/minihost/minihost/cache/pkgformat"
)

// get performs a GET against the server under the request timeout. The
// caller must call the returned cancel function after reading the body.
func (s *Store) get(ctx context.Context, path string) (*http.Response, context.CancelFunc, error) {
	if s.cfg.ServerURL == "" {
		return nil, nil, fmt.Errorf("%w: no server configured", ErrNetwork)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	u := s.cfg.ServerURL + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidRequest, err)
	}
	resp, err := s.cfg.client.Do(req)
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("%w: %w", ErrNetwork, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, nil, &HTTPError{URL: u, Status: resp.StatusCode}
	}
	return resp, cancel, nil
}

// getJSON fetches path and decodes at most limit bytes of JSON into v.
func (s *Store) getJSON(ctx context.Context, path string, limit int64, v any) error {
	resp, cancel, err := s.get(ctx, path)
	if err != nil {
		return err
	}
	defer cancel()
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("%w: GET %s: %w", ErrNetwork, path, err)
	}
	if int64(len(b)) > limit {
		return fmt.Errorf("%w: GET %s: response over %d bytes", ErrInvalidPackage, path, limit)
	}
	if p, ok := v.(*[]byte); ok {
		*p = b
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: GET %s: %w", ErrInvalidPackage, path, err)
	}
	return nil
}

func manifestPath(appID, env string) string {
	return "/v1/apps/" + appID + "/" + env + "/manifest.json"
}

func zipPath(m *pkgformat.Manifest) string {
	return "/v1/apps/" + m.AppID + "/" + m.Env + "/" + m.Version + ".zip"
}

// fetchManifest asks the server for the latest manifest of an app and env.
func (s *Store) fetchManifest(ctx context.Context, appID, env string) (*pkgformat.Manifest, error) {
	var b []byte
	if err := s.getJSON(ctx, manifestPath(appID, env), pkgformat.MaxManifestSize, &b); err != nil {
		return nil, err
	}
	m, err := pkgformat.ParseManifest(b)
	if err != nil {
		return nil, fmt.Errorf("%w: manifest of %s/%s: %w", ErrInvalidPackage, appID, env, err)
	}
	if err := s.checkServed(m, appID, env); err != nil {
		return nil, err
	}
	return m, nil
}

// checkServed checks that a manifest from the server is the one asked for
// and within the size limit.
func (s *Store) checkServed(m *pkgformat.Manifest, appID, env string) error {
	if m.AppID != appID || m.Env != env {
		return fmt.Errorf("%w: asked for %s/%s, server sent a manifest of %s/%s", ErrInvalidPackage, appID, env, m.AppID, m.Env)
	}
	if m.Size > s.cfg.MaxPackageSize {
		return fmt.Errorf("%w: %s %s is %d bytes, limit %d", ErrInvalidPackage, appID, m.Version, m.Size, s.cfg.MaxPackageSize)
	}
	return nil
}

// batchResponse mirrors pkgserver.BatchResponse without importing it.
type batchResponse struct {
	List     []json.RawMessage `json:"list"`
	NotFound []string          `json:"notFound"`
}

// fetchManifests asks for the latest manifests of many apps with the batch
// query, falling back to one request per app when the server has no batch
// endpoint (a static file server). Apps the server does not know are
// absent from the map.
func (s *Store) fetchManifests(ctx context.Context, appIDs []string, env string) (map[string]*pkgformat.Manifest, map[string]error, error) {
	out := make(map[string]*pkgformat.Manifest, len(appIDs))
	fails := make(map[string]error)
	for start := 0; start < len(appIDs); start += 100 {
		chunk := appIDs[start:min(start+100, len(appIDs))]
		q := url.Values{"env": {env}, "appIds": {strings.Join(chunk, ",")}}
		var br batchResponse
		err := s.getJSON(ctx, "/v1/manifests?"+q.Encode(), 16<<20, &br)
		var he *HTTPError
		if errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusMethodNotAllowed) {
			for _, id := range chunk {
				m, err := s.fetchManifest(ctx, id, env)
				if err != nil {
					fails[id] = err
					continue
				}
				out[id] = m
			}
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		for i, raw := range br.List {
			m, err := pkgformat.ParseManifest(raw)
			if err != nil {
				s.cfg.Logger.Warn("cache: bad manifest in batch response", "index", strconv.Itoa(i), "err", err)
				continue
			}
			if m.Env == env && s.checkServed(m, m.AppID, env) == nil {
				out[m.AppID] = m
			}
		}
	}
	return out, fails, nil
}
