package cache

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/minihost/minihost/cache/pkgformat"
)

// DefaultPreDownloadConcurrency is the number of parallel downloads of
// PreDownload when PreDownloadOptions.Concurrency is zero.
const DefaultPreDownloadConcurrency = 4

// PreDownloadOptions configure PreDownload. A nil pointer means defaults.
type PreDownloadOptions struct {
	// EnvVersion of every app; zero means "release".
	EnvVersion string
	// Concurrency bounds parallel downloads; zero means
	// DefaultPreDownloadConcurrency.
	Concurrency int
	// Progress, if not nil, is called after each app finishes with its
	// result and the count of finished apps out of the total. Calls are
	// serialized.
	Progress func(r PreDownloadResult, done, total int)
}

// PreDownloadResult is the outcome for one app of PreDownload.
type PreDownloadResult struct {
	AppID string `json:"appId"`
	// Success is true when the latest version is in the cache afterwards.
	Success bool `json:"success"`
	// NeedUpdate is true when the server had a version the cache lacked.
	NeedUpdate bool `json:"needUpdate"`
	// ErrMsg says why Success is false.
	ErrMsg string `json:"errMsg"`
	// Err is the error behind ErrMsg, for errors.Is.
	Err error `json:"-"`
}

// PreDownload makes sure the latest versions of many apps are in the cache,
// with one batch manifest query and bounded parallel downloads. It returns
// one result per app id, in order; its error is non-nil only when nothing
// could be done (closed store, bad env, the batch query failed), in which
// case every result carries that error.
func (s *Store) PreDownload(ctx context.Context, appIDs []string, opts *PreDownloadOptions) ([]PreDownloadResult, error) {
	var o PreDownloadOptions
	if opts != nil {
		o = *opts
	}
	env := o.EnvVersion
	if env == "" {
		env = pkgformat.EnvRelease
	}
	results := make([]PreDownloadResult, len(appIDs))
	for i, id := range appIDs {
		results[i].AppID = id
	}
	failAll := func(err error) ([]PreDownloadResult, error) {
		for i := range results {
			results[i].Err, results[i].ErrMsg = err, err.Error()
		}
		return results, err
	}
	switch {
	case s.isClosed():
		return failAll(ErrClosed)
	case !pkgformat.ValidEnv(env):
		return failAll(fmt.Errorf("%w: env version %q", ErrInvalidRequest, env))
	}
	var valid []string
	for i, id := range appIDs {
		if !pkgformat.ValidAppID(id) {
			results[i].Err = fmt.Errorf("%w: app id %q", ErrInvalidRequest, id)
			continue
		}
		valid = append(valid, id)
	}
	var manifests map[string]*pkgformat.Manifest
	var fails map[string]error
	if len(valid) > 0 {
		var err error
		if manifests, fails, err = s.fetchManifests(ctx, valid, env); err != nil {
			return failAll(err)
		}
	}
	var mu sync.Mutex
	done := 0
	finish := func(i int) {
		if results[i].Err != nil {
			results[i].ErrMsg = results[i].Err.Error()
		}
		if o.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		o.Progress(results[i], done, len(results))
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(cmpOr(o.Concurrency, DefaultPreDownloadConcurrency))
	for i := range results {
		r := &results[i]
		if r.Err != nil {
			finish(i)
			continue
		}
		m, ok := manifests[r.AppID]
		if !ok {
			r.Err = fails[r.AppID]
			if r.Err == nil {
				r.Err = fmt.Errorf("%w: %s/%s", ErrAppNotFound, r.AppID, env)
			}
			finish(i)
			continue
		}
		g.Go(func() error {
			defer finish(i)
			cur, err := s.current(m.AppID, env)
			if err != nil {
				r.Err = err
				return nil
			}
			if cur != nil && len(s.cfg.TrustedKeys) > 0 && cur.Manifest.Verify(s.cfg.TrustedKeys) != nil {
				cur = nil // installed before these keys: Resolve would not use it either
			}
			if cur != nil && s.present(cur) && pkgformat.CompareVersions(m.Version, cur.Manifest.Version) <= 0 {
				r.Success = true
				return nil
			}
			r.NeedUpdate = true
			if err := s.checkTrust(m); err != nil {
				r.Err = err
				return nil
			}
			if _, err := s.download(gctx, m, false); err != nil {
				r.Err = err
				return nil
			}
			r.Success = true
			return nil
		})
	}
	g.Wait()
	return results, nil
}
