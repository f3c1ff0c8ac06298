package cache

import (
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestOpenLockedFailsWithinTimeout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		s, err := Open(dir, &Options{Timeout: 3 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		start := time.Now()
		_, err = Open(dir, &Options{Timeout: 3 * time.Second})
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("second open: %v, want ErrLocked", err)
		}
		if waited := time.Since(start); waited < 3*time.Second || waited > 4*time.Second {
			t.Errorf("waited %v for a 3s timeout", waited)
		}
		// Another user's cache in the same directory is not locked.
		o, err := Open(dir, &Options{UserID: "alice", Timeout: time.Second})
		if err != nil {
			t.Fatalf("other user: %v", err)
		}
		o.Close()
	})
}

func TestCorruptIndexAndRebuild(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxa", "1.0.0")
	repo.publish("wxb", "1.0.0")
	dir := t.TempDir()
	s, err := Open(dir, &Options{ServerURL: repo.srv.URL, KeepVersions: 5})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"wxa", "wxb"} {
		if _, err := s.Resolve(ctx, ResolveRequest{AppID: id}); err != nil {
			t.Fatal(err)
		}
	}
	repo.publish("wxa", "1.5.0")
	if _, err := s.Resolve(ctx, ResolveRequest{AppID: "wxa", ForceUpdate: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	idx := filepath.Join(s.root, "index.db")
	corruptions := []struct {
		name string
		f    func(b []byte) []byte
	}{
		{"garbage", func(b []byte) []byte { return []byte("this is not a bbolt file at all, just text...") }},
		{"zeroed meta pages", func(b []byte) []byte {
			c := slices.Clone(b)
			clear(c[:8192])
			return c
		}},
		{"truncated", func(b []byte) []byte { return b[:100] }},
		{"garbage data pages", func(b []byte) []byte {
			c := slices.Clone(b)
			pageSize := os.Getpagesize()
			for i := 2 * pageSize; i < len(c); i++ {
				c[i] = byte(i*31 + 7)
			}
			return c
		}},
		{"garbage root bucket page", func(b []byte) []byte {
			// The meta page holds the page size at byte 24 and the root
			// bucket's page id at byte 32 (after the 16-byte page header).
			c := slices.Clone(b)
			pageSize := int(binary.LittleEndian.Uint32(c[24:]))
			for _, meta := range []int{0, pageSize} {
				root := int(binary.LittleEndian.Uint64(c[meta+32:]))
				for i := root * pageSize; i < (root+1)*pageSize && i < len(c); i++ {
					c[i] = 0xff
				}
			}
			return c
		}},
	}
	orig, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range corruptions {
		if err := os.WriteFile(idx, c.f(orig), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, nil)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, ErrCorruptIndex) {
			t.Fatalf("%s: Open = %v, want ErrCorruptIndex", c.name, err)
		}
	}
	// A package file damaged on disk is skipped by the rebuild.
	damaged, _ := filepath.Glob(filepath.Join(s.root, "packages", "wxb", "release", "1.0.0-*.zip"))
	if len(damaged) != 1 {
		t.Fatalf("package files of wxb: %v", damaged)
	}
	os.WriteFile(damaged[0], []byte("junk"), 0o644)
	r, err := Rebuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	apps, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 || apps[0].AppID != "wxa" || apps[0].Version != "1.5.0" {
		t.Fatalf("rebuilt index lists %+v, want wxa 1.5.0 only", apps)
	}
	if err := r.Verify(); err != nil {
		t.Fatal(err)
	}
	got, err := r.Resolve(ctx, ResolveRequest{AppID: "wxa"})
	if err != nil || got.Manifest.Version != "1.5.0" {
		t.Fatalf("resolve after rebuild: %v", err)
	}
	asides, _ := filepath.Glob(idx + ".corrupt-*")
	if len(asides) != 1 {
		t.Errorf("old index kept as %v", asides)
	}
}

func TestOpenAutoRebuild(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxa", "1.0.0")
	dir := t.TempDir()
	s, err := Open(dir, &Options{ServerURL: repo.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxa"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.WriteFile(filepath.Join(s.root, "index.db"), []byte("garbage garbage garbage garbage"), 0o600)
	s = mustOpen(t, dir, &Options{AutoRebuild: true})
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxa"})
	if err != nil || r.Source != SourceCache {
		t.Fatalf("after auto rebuild: %v", err)
	}
}

func TestPerUserSeparation(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxa", "1.0.0")
	dir := t.TempDir()
	alice := mustOpen(t, dir, &Options{UserID: "alice", ServerURL: repo.srv.URL})
	if _, err := alice.Resolve(context.Background(), ResolveRequest{AppID: "wxa"}); err != nil {
		t.Fatal(err)
	}
	alice.AddFavourite("wxa")
	for _, user := range []string{"bob", "", "alice/../bob", "Alice"} {
		other := mustOpen(t, dir, &Options{UserID: user})
		if apps, _ := other.List(); len(apps) != 0 {
			t.Errorf("user %q sees %v", user, apps)
		}
		if f, _ := other.Favourites(1, 10); f.Total != 0 {
			t.Errorf("user %q sees favourites %v", user, f.List)
		}
		if _, err := other.Resolve(context.Background(), ResolveRequest{AppID: "wxa"}); !errors.Is(err, ErrNotCached) {
			t.Errorf("user %q resolve: %v, want ErrNotCached", user, err)
		}
		if rel, err := filepath.Rel(dir, other.Dir()); err != nil || !filepath.IsLocal(rel) {
			t.Errorf("user %q cache at %s, outside %s", user, other.Dir(), dir)
		}
		other.Close()
	}
}

func TestManagement(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	for _, id := range []string{"wxa", "wxb", "wxc"} {
		repo.publish(id, "1.0.0")
	}
	var mu sync.Mutex
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}
	dir := t.TempDir()
	s := mustOpen(t, dir, &Options{ServerURL: repo.srv.URL, Now: clock})
	ctx := context.Background()
	for _, id := range []string{"wxa", "wxb", "wxc", "wxa"} {
		r, err := s.Resolve(ctx, ResolveRequest{AppID: id})
		if err != nil {
			t.Fatal(err)
		}
		if r.Updates != nil {
			drain(t, r.Updates)
		}
	}
	rec, err := s.Recent(0)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, a := range rec {
		order = append(order, a.AppID)
	}
	if !slices.Equal(order, []string{"wxa", "wxc", "wxb"}) {
		t.Errorf("recent %v, want [wxa wxc wxb]", order)
	}
	if rec, _ := s.Recent(1); len(rec) != 1 {
		t.Errorf("Recent(1) gave %d", len(rec))
	}
	// Last-use times survive a reopen.
	s.Close()
	s = mustOpen(t, dir, &Options{ServerURL: repo.srv.URL, Now: clock})
	if rec2, _ := s.Recent(0); len(rec2) != 3 || rec2[0].AppID != "wxa" {
		t.Errorf("recent after reopen %v", rec2)
	}

	for _, id := range []string{"wxa", "wxb", "wxc", "wxd", "wxb"} {
		if err := s.AddFavourite(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddFavourite("no/slash"); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("bad favourite id: %v", err)
	}
	s.RemoveFavourite("wxc")
	p1, _ := s.Favourites(1, 2)
	p2, _ := s.Favourites(2, 2)
	p3, _ := s.Favourites(3, 2)
	if p1.Total != 3 || len(p1.List) != 2 || p1.List[0].AppID != "wxd" || p1.List[1].AppID != "wxb" ||
		len(p2.List) != 1 || p2.List[0].AppID != "wxa" || len(p3.List) != 0 {
		t.Errorf("favourite pages %+v %+v %+v", p1, p2, p3)
	}

	if err := s.Remove("wxb"); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove("wxb"); !errors.Is(err, ErrNotCached) {
		t.Errorf("second remove: %v, want ErrNotCached", err)
	}
	if _, err := os.Stat(filepath.Join(s.root, "packages", "wxb")); !os.IsNotExist(err) {
		t.Errorf("wxb files remain: %v", err)
	}
	apps, _ := s.List()
	if len(apps) != 2 || apps[0].AppID != "wxa" || !apps[0].Favourite || apps[1].AppID != "wxc" || apps[1].Favourite {
		t.Errorf("after remove: %+v", apps)
	}
	if err := s.RemoveAll(); err != nil {
		t.Fatal(err)
	}
	if apps, _ := s.List(); len(apps) != 0 {
		t.Errorf("after remove all: %+v", apps)
	}
	if f, _ := s.Favourites(0, 0); f.Total != 3 {
		t.Errorf("favourites after remove all: %d", f.Total)
	}
	if r, err := s.Resolve(ctx, ResolveRequest{AppID: "wxa"}); err != nil || r.Source != SourceNetwork {
		t.Errorf("resolve after remove all: %v", err)
	}
}

func TestKeepVersions(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL, KeepVersions: 2})
	for _, v := range []string{"1.0.0", "1.1.0", "1.2.0", "1.3.0"} {
		repo.publish("wxa", v)
		if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxa", ForceUpdate: true}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(s.root, "packages", "wxa", "release", "*.zip"))
	for i := range files { // files are named <version>-<sha prefix>.zip
		files[i], _, _ = strings.Cut(filepath.Base(files[i]), "-")
	}
	if !slices.Equal(files, []string{"1.2.0", "1.3.0"}) {
		t.Errorf("kept %v, want 1.2.0 and 1.3.0", files)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	for _, id := range []string{"wxmaps", "wxmail", "wxgame"} {
		repo.publish(id, "1.0.0")
	}
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	res, err := s.Search(context.Background(), "WXMA", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.List) != 1 || res.List[0].AppID != "wxmail" || res.PageSize != 1 {
		t.Errorf("search: %+v", res)
	}
	noServer := mustOpen(t, t.TempDir(), nil)
	if _, err := noServer.Search(context.Background(), "x", 1, 10); !errors.Is(err, ErrNetwork) {
		t.Errorf("search without a server: %v", err)
	}
}

func TestPreDownload(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	for _, id := range []string{"wxa", "wxb", "wxc"} {
		repo.publish(id, "1.0.0")
	}
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: repo.srv.URL})
	var progress []int
	opts := &PreDownloadOptions{Concurrency: 2, Progress: func(r PreDownloadResult, done, total int) {
		if total != 5 {
			t.Errorf("total %d", total)
		}
		progress = append(progress, done)
	}}
	res, err := s.PreDownload(context.Background(), []string{"wxa", "wxb", "nope", "bad/id", "wxc"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []PreDownloadResult{
		{AppID: "wxa", Success: true, NeedUpdate: true},
		{AppID: "wxb", Success: true, NeedUpdate: true},
		{AppID: "nope"},
		{AppID: "bad/id"},
		{AppID: "wxc", Success: true, NeedUpdate: true},
	}
	for i, w := range want {
		g := res[i]
		if g.AppID != w.AppID || g.Success != w.Success || g.NeedUpdate != w.NeedUpdate || (g.ErrMsg == "") != w.Success {
			t.Errorf("result %d: %+v, want %+v", i, g, w)
		}
	}
	if !errors.Is(res[2].Err, ErrAppNotFound) || !errors.Is(res[3].Err, ErrInvalidRequest) {
		t.Errorf("errors: %v / %v", res[2].Err, res[3].Err)
	}
	if !slices.Equal(progress, []int{1, 2, 3, 4, 5}) {
		t.Errorf("progress %v", progress)
	}
	res, _ = s.PreDownload(context.Background(), []string{"wxa"}, nil)
	if !res[0].Success || res[0].NeedUpdate {
		t.Errorf("second pre-download: %+v", res[0])
	}
	if repo.zipHits.Load() != 3 {
		t.Errorf("%d downloads, want 3", repo.zipHits.Load())
	}
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxc"})
	if err != nil || r.Source != SourceCache {
		t.Errorf("resolve after pre-download: %v", err)
	}
}

// TestStaticServer serves a repository with a plain file server: manifests
// and packages work, and pre-download falls back from the batch query.
func TestStaticServer(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxa", "1.0.0")
	repo.publish("wxb", "2.0.0")
	static := httptest.NewServer(http.StripPrefix("/v1/apps/", http.FileServer(http.Dir(repo.dir))))
	defer static.Close()
	s := mustOpen(t, t.TempDir(), &Options{ServerURL: static.URL + "/"})
	res, err := s.PreDownload(context.Background(), []string{"wxa", "wxb", "wxz"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Success || !res[1].Success || res[2].Success || !errors.Is(res[2].Err, ErrAppNotFound) {
		t.Fatalf("pre-download from a static server: %+v", res)
	}
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxb"})
	if err != nil || r.Manifest.Version != "2.0.0" {
		t.Fatalf("resolve: %v", err)
	}
	drain(t, r.Updates)
}

func TestCloseWaitsForBackgroundChecks(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	repo.publish("wxa", "1.0.0")
	s, err := Open(t.TempDir(), &Options{ServerURL: repo.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxa"}); err != nil {
		t.Fatal(err)
	}
	repo.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done() // hang until the client gives up
		return true
	})
	r, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxa"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-r.Updates:
		for ok {
			_, ok = <-r.Updates
		}
	default:
		t.Fatal("Close returned before the background check ended")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := s.List(); !errors.Is(err, ErrClosed) {
		t.Errorf("List after close: %v", err)
	}
}
