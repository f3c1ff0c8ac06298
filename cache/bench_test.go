package cache

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
)

func BenchmarkResolveHit(b *testing.B) {
	repo := newRepo(b)
	repo.publish("wxdemo", "1.0.0")
	dir := b.TempDir()
	s, err := Open(dir, &Options{ServerURL: repo.srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	// No server: a hit without the background check, which is network work.
	s = mustOpen(b, dir, nil)
	ctx := context.Background()
	req := ResolveRequest{AppID: "wxdemo"}
	b.ReportAllocs()
	for b.Loop() {
		r, err := s.Resolve(ctx, req)
		if err != nil || r.Source != SourceCache {
			b.Fatal(err)
		}
	}
}

func BenchmarkInstall2MB(b *testing.B) {
	asset := make([]byte, 2<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range asset {
		asset[i] = byte(rng.Uint32())
	}
	data := bundleZipWith(b, "1.0.0", asset)
	m := manifestFor("wxdemo", "release", "1.0.0", data, nil)
	s := mustOpen(b, b.TempDir(), nil)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := s.install(m, bytes.NewReader(data), true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveDownload2MB(b *testing.B) {
	asset := make([]byte, 2<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range asset {
		asset[i] = byte(rng.Uint32())
	}
	repo := newRepo(b)
	data := bundleZipWith(b, "1.0.0", asset)
	repo.publishZip("wxdemo", "release", "1.0.0", data)
	s := mustOpen(b, b.TempDir(), &Options{ServerURL: repo.srv.URL})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := s.RemoveAll(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Resolve(context.Background(), ResolveRequest{AppID: "wxdemo"}); err != nil {
			b.Fatal(err)
		}
	}
}
