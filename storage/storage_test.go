package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestSetGetKinds(t *testing.T) {
	t.Parallel()
	s := mustOpen(t, nil).App("user", "wx123")
	tests := []struct {
		key string
		in  any
	}{
		{"string", "hello"},
		{"number", 3.5},
		{"bool", true},
		{"object", map[string]any{"items": []any{map[string]any{"id": 1.0}}, "ok": false}},
		{"array", []any{1.0, "two", nil}},
		{"date", time.UnixMilli(1714950489123).UTC()},
		{"null", nil},
		{"undefined", Value{Kind: KindUndefined}},
		{"键", "值"},
		{"with/slash and \x00 nul", "v"},
	}
	for _, tt := range tests {
		in := mustValue(t, tt.in)
		if err := s.Set(tt.key, in); err != nil {
			t.Fatalf("Set(%q): %v", tt.key, err)
		}
	}
	for _, tt := range tests {
		got, err := s.Get(tt.key)
		if err != nil {
			t.Fatalf("Get(%q): %v", tt.key, err)
		}
		want := mustValue(t, tt.in)
		if got.Kind != want.Kind || string(got.Data) != string(want.Data) {
			t.Errorf("Get(%q) = %s %s, want %s %s", tt.key, got.Kind, got.Data, want.Kind, want.Data)
		}
		back, err := got.Go()
		if err != nil {
			t.Fatal(err)
		}
		if wantGo, _ := want.Go(); !reflect.DeepEqual(back, wantGo) {
			t.Errorf("Get(%q).Go() = %#v, want %#v", tt.key, back, wantGo)
		}
	}
	if _, err := s.Get("missing"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `"missing"`) {
		t.Errorf("Get(missing) = %v, want ErrNotFound naming the key", err)
	}
}

func TestGetReturnsCopy(t *testing.T) {
	t.Parallel()
	s := mustOpen(t, nil).App("u", "a")
	if err := s.Set("k", mustValue(t, "abc")); err != nil {
		t.Fatal(err)
	}
	v, err := s.Get("k")
	if err != nil {
		t.Fatal(err)
	}
	v.Data[1] = 'X'
	v2, err := s.Get("k")
	if err != nil {
		t.Fatal(err)
	}
	if string(v2.Data) != `"abc"` {
		t.Fatalf("stored value changed through a returned slice: %s", v2.Data)
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	s := db.App("u", "a")
	noApp := db.App("u", "")
	good := mustValue(t, 1)
	bad := Value{Kind: KindNumber, Data: []byte("x")}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"set empty key", func() error { return s.Set("", good) }, ErrEmptyKey},
		{"set invalid value", func() error { return s.Set("k", bad) }, ErrInvalidValue},
		{"get empty key", func() error { _, err := s.Get(""); return err }, ErrEmptyKey},
		{"remove empty key", func() error { return s.Remove("") }, ErrEmptyKey},
		{"batch set empty key", func() error { return s.BatchSet([]KV{{"k", good}, {"", good}}) }, ErrEmptyKey},
		{"batch set invalid", func() error { return s.BatchSet([]KV{{"k", good}, {"k2", bad}}) }, ErrInvalidValue},
		{"batch get empty key", func() error { _, _, err := s.BatchGet([]string{"k", ""}); return err }, ErrEmptyKey},
		{"set no app", func() error { return noApp.Set("k", good) }, ErrEmptyAppID},
		{"get no app", func() error { _, err := noApp.Get("k"); return err }, ErrEmptyAppID},
		{"remove no app", func() error { return noApp.Remove("k") }, ErrEmptyAppID},
		{"clear no app", func() error { return noApp.Clear() }, ErrEmptyAppID},
		{"info no app", func() error { _, err := noApp.Info(); return err }, ErrEmptyAppID},
		{"batch set no app", func() error { return noApp.BatchSet(nil) }, ErrEmptyAppID},
		{"batch get no app", func() error { _, _, err := noApp.BatchGet(nil); return err }, ErrEmptyAppID},
		{"clear app no app", func() error { return db.ClearApp("u", "") }, ErrEmptyAppID},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	if err := s.Set("k2", bad); err == nil || !strings.Contains(err.Error(), `key "k2"`) {
		t.Errorf("invalid value error %v does not name the key", err)
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Keys) != 0 || info.CurrentSize != 0 {
		t.Errorf("refused writes left %+v", info)
	}
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.App("alice", "wxA").BatchSet([]KV{{"b", mustValue(t, 2)}, {"a", mustValue(t, "one")}}); err != nil {
		t.Fatal(err)
	}
	if err := db.App("bob", "wxA").Set("a", mustValue(t, true)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, &Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkConsistency(t, db)
	info, err := db.App("alice", "wxA").Info()
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Keys: []string{"a", "b"}, CurrentSize: 1 + 5 + 1 + 1, LimitSize: DefaultAppQuota}
	if !reflect.DeepEqual(info, want) {
		t.Fatalf("Info after reopen = %+v, want %+v", info, want)
	}
	v, err := db.App("bob", "wxA").Get("a")
	if err != nil || v.Kind != KindBoolean || string(v.Data) != "true" {
		t.Fatalf("bob's a after reopen = %v, %v", v, err)
	}
}

func TestIsolation(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	// Pairs whose naive concatenation would collide.
	handles := []struct{ user, app string }{
		{"alice", "wxA"}, {"alice", "wxB"}, {"bob", "wxA"},
		{"a", "b/c"}, {"a/b", "c"}, {"", "ab"}, {"a", "b"}, {"ab", "x"}, {"", "aab"},
		{"u", "a\x00"}, {"u\x00a", ""},
	}
	for i, h := range handles {
		if h.app == "" {
			continue
		}
		if err := db.App(h.user, h.app).Set("k", mustValue(t, i)); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range handles {
		if h.app == "" {
			continue
		}
		s := db.App(h.user, h.app)
		v, err := s.Get("k")
		if err != nil {
			t.Fatalf("%q/%q: %v", h.user, h.app, err)
		}
		if string(v.Data) != fmt.Sprint(i) {
			t.Errorf("%q/%q reads %s, want its own %d", h.user, h.app, v.Data, i)
		}
		info, err := s.Info()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(info.Keys, []string{"k"}) {
			t.Errorf("%q/%q sees keys %q", h.user, h.app, info.Keys)
		}
	}
	// Clearing one app leaves the others alone.
	if err := db.ClearApp("alice", "wxA"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.App("alice", "wxA").Get("k"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after ClearApp: %v", err)
	}
	for _, h := range [][2]string{{"alice", "wxB"}, {"bob", "wxA"}} {
		if _, err := db.App(h[0], h[1]).Get("k"); err != nil {
			t.Errorf("ClearApp(alice, wxA) affected %v: %v", h, err)
		}
	}
	// ClearUser removes every app of one user only.
	if err := db.ClearUser("alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.App("alice", "wxB").Get("k"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after ClearUser: %v", err)
	}
	if _, err := db.App("bob", "wxA").Get("k"); err != nil {
		t.Errorf("ClearUser(alice) affected bob: %v", err)
	}
	if err := db.ClearUser("nobody"); err != nil {
		t.Errorf("ClearUser(nobody) = %v", err)
	}
}

func TestKeyQuota(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, &Options{KeyQuota: 20, AppQuota: 1000})
	s := db.App("u", "a")
	// "key" (3 bytes) + 17 bytes of data is exactly 20.
	if err := s.Set("key", str(17)); err != nil {
		t.Fatalf("entry at the limit refused: %v", err)
	}
	err := s.Set("key", str(18))
	var qe *QuotaError
	if !errors.As(err, &qe) || !errors.Is(err, ErrKeyQuota) || errors.Is(err, ErrAppQuota) {
		t.Fatalf("entry 1 byte over: %v, want *QuotaError wrapping ErrKeyQuota", err)
	}
	if qe.Key != "key" || qe.Size != 21 || qe.Limit != 20 {
		t.Errorf("QuotaError = %+v", qe)
	}
	if want := `storage: key "key": entry of 21 bytes (key + value) exceeds the 20 bytes limit per key`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	v, err := s.Get("key")
	if err != nil || len(v.Data) != 17 {
		t.Errorf("refused overwrite changed the value: %s, %v", v.Data, err)
	}
	// The key's own length counts.
	if err := s.Set(strings.Repeat("k", 19), str(2)); !errors.Is(err, ErrKeyQuota) {
		t.Errorf("long key: %v", err)
	}
}

func TestDefaultQuotas(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	s := db.App("u", "a")
	if err := s.Set("k", str(1<<20-1)); err != nil {
		t.Fatalf("1 MB entry refused: %v", err)
	}
	err := s.Set("cart", str(1<<20))
	if want := `storage: key "cart": entry of 1048580 bytes (key + value) exceeds the 1 MB limit per key`; err == nil || err.Error() != want {
		t.Fatalf("over 1 MB: %v, want %s", err, want)
	}
	// Fill to exactly 10 MB: ten entries of 1 MB.
	for i := 1; i < 10; i++ {
		if err := s.Set(fmt.Sprint(i), str(1<<20-1)); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.CurrentSize != 10<<20 || info.LimitSize != 10<<20 {
		t.Fatalf("Info = size %d limit %d, want 10 MB both", info.CurrentSize, info.LimitSize)
	}
	err = s.Set("x", Value{Kind: KindNull, Data: []byte("null")})
	if want := `storage: key "x": storage of 10485765 bytes would exceed the 10 MB limit per app`; err == nil || err.Error() != want {
		t.Fatalf("over 10 MB: %v, want %s", err, want)
	}
}

func TestAppQuotaAccounting(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, &Options{KeyQuota: 50, AppQuota: 100})
	s := db.App("u", "a")
	other := db.App("u", "b")
	type step struct {
		op       string // set, remove, clear, batch
		key      string
		n        int // data length for set
		wantErr  error
		wantSize int64
	}
	steps := []step{
		{"set", "a", 39, nil, 40},
		{"set", "b", 39, nil, 80},
		{"set", "c", 20, ErrAppQuota, 80},  // 101 > 100
		{"set", "c", 19, nil, 100},         // exactly the limit
		{"set", "d", 2, ErrAppQuota, 100},  // one more key
		{"set", "c", 20, ErrAppQuota, 100}, // overwrite growing by 1
		{"set", "c", 9, nil, 90},           // overwrite shrinking
		{"set", "a", 49, nil, 100},         // overwrite growing to the limit
		{"remove", "b", 0, nil, 60},
		{"remove", "b", 0, nil, 60}, // missing key
		{"remove", "zz", 0, nil, 60},
		{"set", "b", 41, ErrAppQuota, 60},
		{"set", "b", 39, nil, 100},
		{"clear", "", 0, nil, 0},
		{"set", "a", 49, nil, 50},
	}
	for i, st := range steps {
		var err error
		switch st.op {
		case "set":
			err = s.Set(st.key, str(st.n))
		case "remove":
			err = s.Remove(st.key)
		case "clear":
			err = s.Clear()
		}
		if !errors.Is(err, st.wantErr) || (st.wantErr == nil) != (err == nil) {
			t.Fatalf("step %d %s %q %d: err %v, want %v", i, st.op, st.key, st.n, err, st.wantErr)
		}
		info, err := s.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.CurrentSize != st.wantSize {
			t.Fatalf("step %d %s %q: size %d, want %d", i, st.op, st.key, info.CurrentSize, st.wantSize)
		}
		checkConsistency(t, db)
	}
	// Another app of the same user has its own quota.
	if err := other.Set("a", str(49)); err != nil {
		t.Fatalf("other app: %v", err)
	}
}

func TestLoweredQuotaStillShrinks(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, &Options{AppQuota: 100, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.App("u", "a").BatchSet([]KV{{"a", str(49)}, {"b", str(49)}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path, &Options{AppQuota: 50, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := db.App("u", "a")
	if err := s.Set("a", str(10)); err != nil {
		t.Errorf("shrinking write over a lowered quota: %v", err)
	}
	if err := s.Set("a", str(11)); !errors.Is(err, ErrAppQuota) {
		t.Errorf("growing write over a lowered quota: %v", err)
	}
	if err := s.BatchSet([]KV{{"a", str(5)}, {"c", str(2)}}); err != nil {
		t.Errorf("shrinking batch: %v", err)
	}
	checkConsistency(t, db)
}

func TestBatchSet(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, &Options{KeyQuota: 50, AppQuota: 100})
	s := db.App("u", "a")
	if err := s.Set("keep", str(6)); err != nil { // 10 bytes
		t.Fatal(err)
	}
	before, _ := s.Info()

	// Over the app quota as a whole: nothing written.
	err := s.BatchSet([]KV{{"a", str(39)}, {"b", str(39)}, {"c", str(19)}, {"d", str(5)}})
	var qe *QuotaError
	if !errors.As(err, &qe) || !errors.Is(err, ErrAppQuota) {
		t.Fatalf("batch over quota: %v", err)
	}
	if qe.Key != "c" || qe.Size != 116 || qe.Limit != 100 {
		t.Errorf("QuotaError = %+v, want key c size 116", qe)
	}
	// One entry over the key quota: nothing written.
	if err := s.BatchSet([]KV{{"a", str(3)}, {"b", str(50)}}); !errors.Is(err, ErrKeyQuota) {
		t.Fatalf("batch with a big entry: %v", err)
	}
	after, _ := s.Info()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("refused batches changed storage: %+v -> %+v", before, after)
	}

	// A duplicate key ends with its last value and is counted once.
	if err := s.BatchSet([]KV{{"a", str(39)}, {"a", str(9)}, {"b", str(9)}}); err != nil {
		t.Fatal(err)
	}
	info, _ := s.Info()
	if info.CurrentSize != 10+10+10 || !slices.Equal(info.Keys, []string{"a", "b", "keep"}) {
		t.Fatalf("after batch: %+v", info)
	}
	// Exactly at the limit.
	if err := s.BatchSet([]KV{{"c", str(49)}, {"d", str(19)}}); err != nil {
		t.Fatalf("batch to the limit: %v", err)
	}
	if info, _ := s.Info(); info.CurrentSize != 100 {
		t.Fatalf("size %d, want 100", info.CurrentSize)
	}
	if err := s.BatchSet(nil); err != nil {
		t.Fatalf("empty batch: %v", err)
	}
}

func TestBatchGet(t *testing.T) {
	t.Parallel()
	s := mustOpen(t, nil).App("u", "a")
	if err := s.BatchSet([]KV{{"x", mustValue(t, 1)}, {"y", mustValue(t, "two")}}); err != nil {
		t.Fatal(err)
	}
	vals, found, err := s.BatchGet([]string{"y", "missing", "x", "y"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(found, []bool{true, false, true, true}) {
		t.Fatalf("found = %v", found)
	}
	got := []string{string(vals[0].Data), string(vals[1].Data), string(vals[2].Data), string(vals[3].Data)}
	if !slices.Equal(got, []string{`"two"`, "", "1", `"two"`}) || vals[1].Kind != "" {
		t.Fatalf("values = %q (%v)", got, vals)
	}
	// An app with no storage at all.
	vals, found, err = s.db.App("u", "none").BatchGet([]string{"x"})
	if err != nil || len(vals) != 1 || found[0] {
		t.Fatalf("BatchGet on empty app = %v %v %v", vals, found, err)
	}
}

func TestLongKeys(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	s := db.App("u", "a")
	keys := []string{
		strings.Repeat("a", maxInlineKey),
		strings.Repeat("a", maxInlineKey+1),
		strings.Repeat("b", 40000), // over bbolt's 32 KB key limit
		"z",
	}
	for i, k := range keys {
		if err := s.Set(k, mustValue(t, i)); err != nil {
			t.Fatalf("Set(len %d): %v", len(k), err)
		}
	}
	for i, k := range keys {
		v, err := s.Get(k)
		if err != nil || string(v.Data) != fmt.Sprint(i) {
			t.Fatalf("Get(len %d) = %s, %v", len(k), v.Data, err)
		}
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(info.Keys, want) {
		t.Fatalf("Info.Keys not the sorted keys")
	}
	var size int64
	for _, k := range keys {
		size += int64(len(k)) + 1
	}
	if info.CurrentSize != size {
		t.Fatalf("size %d, want %d", info.CurrentSize, size)
	}
	if err := s.Remove(keys[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(keys[2]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Remove: %v", err)
	}
	// The error message of a long key is short.
	err = s.Set(strings.Repeat("c", 1<<20), str(2))
	if !errors.Is(err, ErrKeyQuota) || len(err.Error()) > 250 {
		t.Fatalf("long key error: %d bytes, %v", len(err.Error()), errors.Is(err, ErrKeyQuota))
	}
}

func TestConcurrent(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, &Options{AppQuota: 1 << 20})
	const workers, ops = 16, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Two workers share each app; each writes its own keys.
			s := db.App(fmt.Sprint("user", w%4), fmt.Sprint("app", w%8))
			for i := range ops {
				key := fmt.Sprintf("w%d-k%d", w, i%10)
				v := Value{Kind: KindNumber, Data: []byte(fmt.Sprint(i))}
				if err := s.Set(key, v); err != nil {
					t.Error(err)
					return
				}
				got, err := s.Get(key)
				if err != nil || string(got.Data) != fmt.Sprint(i) {
					t.Errorf("Get(%s) = %s, %v; want %d", key, got.Data, err, i)
					return
				}
				switch i % 7 {
				case 3:
					if err := s.Remove(key); err != nil {
						t.Error(err)
					}
				case 5:
					if _, err := s.Info(); err != nil {
						t.Error(err)
					}
				case 6:
					if err := s.BatchSet([]KV{{key + "b", v}, {key + "c", v}}); err != nil {
						t.Error(err)
					}
					if _, _, err := s.BatchGet([]string{key + "b", key}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	checkConsistency(t, db)
	// Every worker's last write for each of its keys is visible.
	for w := range workers {
		s := db.App(fmt.Sprint("user", w%4), fmt.Sprint("app", w%8))
		for k := range 10 {
			last := ops - 10 + k
			key := fmt.Sprintf("w%d-k%d", w, k)
			v, err := s.Get(key)
			if last%7 == 3 {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("%s: removed last, got %s %v", key, v.Data, err)
				}
			} else if err != nil || string(v.Data) != fmt.Sprint(last) {
				t.Errorf("%s = %s, %v; want %d", key, v.Data, err, last)
			}
		}
	}
}

func TestLocked(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, timeout := range []time.Duration{200 * time.Millisecond, -1} {
		start := time.Now()
		db2, err := Open(path, &Options{Timeout: timeout})
		elapsed := time.Since(start)
		if !errors.Is(err, ErrLocked) {
			if db2 != nil {
				db2.Close()
			}
			t.Fatalf("second Open with timeout %v: %v, want ErrLocked", timeout, err)
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name the file", err)
		}
		if elapsed > max(timeout, 0)+time.Second {
			t.Errorf("second Open with timeout %v took %v", timeout, elapsed)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(path, &Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	db2.Close()
}

func TestOpenWaitsForRelease(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(100*time.Millisecond, func() { db.Close() })
	db2, err := Open(path, &Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open while the holder closes: %v", err)
	}
	db2.Close()
}

func TestClosed(t *testing.T) {
	t.Parallel()
	db, err := Open(filepath.Join(t.TempDir(), "s.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := db.App("u", "a")
	if err := s.Set("k", mustValue(t, 1)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	calls := map[string]func() error{
		"Set":       func() error { return s.Set("k", mustValue(t, 1)) },
		"Get":       func() error { _, err := s.Get("k"); return err },
		"Remove":    func() error { return s.Remove("k") },
		"Clear":     s.Clear,
		"Info":      func() error { _, err := s.Info(); return err },
		"BatchSet":  func() error { return s.BatchSet([]KV{{"k", mustValue(t, 1)}}) },
		"BatchGet":  func() error { _, _, err := s.BatchGet([]string{"k"}); return err },
		"ClearApp":  func() error { return db.ClearApp("u", "a") },
		"ClearUser": func() error { return db.ClearUser("u") },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	// A file of another format version.
	path := filepath.Join(dir, "v2.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return m.Put(keyVersion, []byte{2})
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if db, err := Open(path, nil); !errors.Is(err, ErrCorrupt) {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open of a version 2 file: %v, want ErrCorrupt", err)
	}

	// Not a bbolt file.
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("junk", 2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(junk, nil); err == nil || !strings.Contains(err.Error(), junk) {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open of junk: %v", err)
	}

	// A directory that does not exist, and a negative quota.
	if _, err := Open(filepath.Join(dir, "no", "such", "s.db"), nil); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
	if _, err := Open(filepath.Join(dir, "q.db"), &Options{AppQuota: -1}); err == nil {
		t.Error("negative quota accepted")
	}
}

func TestCorruptRecord(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	s := db.App("u", "a")
	if err := s.Set("k", mustValue(t, 1)); err != nil {
		t.Fatal(err)
	}
	// Overwrite the record with an unknown kind code behind the API's back.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("uu")).Bucket([]byte("aa")).Bucket(bucketData).Put(dbKey("k"), []byte{99, '1'})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("k"); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `key "k"`) {
		t.Errorf("Get of a corrupt record: %v", err)
	}
	if _, err := s.Info(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Info with a corrupt record: %v", err)
	}
	if err := s.Set("k", mustValue(t, 2)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Set over a corrupt record: %v", err)
	}
	if err := s.Clear(); err != nil { // the way out
		t.Fatal(err)
	}
}

func TestCorruptMessages(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, nil)
	s := db.App("u", "wxA")
	if err := s.Set("k", mustValue(t, 1)); err != nil {
		t.Fatal(err)
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("uu")).Bucket([]byte("awxA")).Bucket(bucketData).Put(dbKey("k"), []byte{0})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Get("k")
	if want := `storage: get app "wxA": key "k": storage file is corrupt: unknown kind code 0`; err == nil || err.Error() != want {
		t.Errorf("Get = %v, want %s", err, want)
	}
	if err := s.Remove("k"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Remove = %v", err)
	}
	if err := db.ClearApp("u", "wxA"); err != nil {
		t.Fatal(err)
	}
}
