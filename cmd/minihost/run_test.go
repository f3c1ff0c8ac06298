package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// transcriptLines decodes the JSON lines of a run.
func transcriptLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestRunCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		check    func(t *testing.T, lines []map[string]any, stderr string)
	}{
		{"example shop", []string{"run", "../../examples/miniprograms/shop"}, 0, func(t *testing.T, lines []map[string]any, _ string) {
			last := lines[len(lines)-1]
			if last["type"] != "done" {
				t.Fatalf("last line = %v, want done", last)
			}
			if stack := last["stack"].([]any); len(stack) != 1 || stack[0] != "pages/index/index" {
				t.Errorf("stack = %v", stack)
			}
			if lines[0]["type"] != "lifecycle" || lines[0]["hook"] != "onLaunch" {
				t.Errorf("first line = %v", lines[0])
			}
		}},
		{"entry path", []string{"run", "--path", "pages/detail/detail?id=2", "../../examples/miniprograms/shop"}, 0, func(t *testing.T, lines []map[string]any, _ string) {
			last := lines[len(lines)-1]
			if stack := last["stack"].([]any); len(stack) != 1 || stack[0] != "pages/detail/detail" {
				t.Errorf("stack = %v", stack)
			}
		}},
		{"uncaught error", []string{"run", "testdata/throws"}, 1, func(t *testing.T, lines []map[string]any, _ string) {
			var errs []map[string]any
			for _, l := range lines {
				if l["type"] == "error" {
					errs = append(errs, l)
				}
			}
			if len(errs) != 1 || !strings.Contains(errs[0]["message"].(string), "undefinedFn is not defined") ||
				!strings.Contains(errs[0]["stack"].(string), "pages/index/index.js:1") {
				t.Errorf("error lines = %v", errs)
			}
		}},
		{"interrupted", []string{"run", "--script-timeout", "300ms", "testdata/spin"}, 1, func(t *testing.T, lines []map[string]any, _ string) {
			found := false
			for _, l := range lines {
				found = found || (l["type"] == "error" && strings.Contains(l["message"].(string), "timed out"))
			}
			if !found {
				t.Error("no timeout error line")
			}
		}},
		{"bad app.json", []string{"run", "testdata/badjson"}, 2, func(t *testing.T, lines []map[string]any, stderr string) {
			if !strings.Contains(stderr, "app.json") || !strings.Contains(stderr, ":1:") {
				t.Errorf("stderr = %q, want it to name app.json and the position", stderr)
			}
		}},
		{"missing bundle", []string{"run", "testdata/nope"}, 2, nil},
		{"no args", []string{"run"}, 2, nil},
		{"bad flag", []string{"run", "--max-virtual-time", "soon", "testdata/throws"}, 2, nil},
		{"scripted host", []string{"run", "--host", "testdata/flow/host.json", "testdata/flow"}, 0, func(t *testing.T, lines []map[string]any, _ string) {
			var hosts []string
			for _, l := range lines {
				if l["type"] == "host" {
					b, _ := json.Marshal(l)
					hosts = append(hosts, string(b))
				}
			}
			want := []string{
				`{"name":"login","params":{},"type":"host"}`,
				`{"name":"getDeviceToken","params":{"api_name":"getDeviceToken","data":{"scope":"push"},"stateEvent":"requestCustomApi","webviewId":1},"type":"host"}`,
				`{"name":"requestPayment","params":{"nonceStr":"n","package":"prepay_id=1","paySign":"s","signType":"RSA","timeStamp":"1"},"type":"host"}`,
			}
			if strings.Join(hosts, "\n") != strings.Join(want, "\n") {
				t.Errorf("host lines:\n%s\nwant\n%s", strings.Join(hosts, "\n"), strings.Join(want, "\n"))
			}
			data := lines[len(lines)-1]["data"].(map[string]any)["pages/index/index"].(map[string]any)
			if data["code"] != "c-123" || data["token"] != "t-1" || data["paid"] != "requestPayment:fail cancel" {
				t.Errorf("final data = %v", data)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := runMain(tt.args, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstderr: %s\nstdout: %s", code, tt.wantCode, stderr.String(), stdout.String())
			}
			if tt.check != nil {
				tt.check(t, transcriptLines(t, stdout.String()), stderr.String())
			}
		})
	}
}

func TestRunThroughLauncher(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	var out, errb bytes.Buffer
	if code := runMain([]string{"pack", "../../examples/miniprograms/coupons", "-o", repo, "--app-id", "wxcoupons00000001", "--version", "1.0.0"}, &out, &errb); code != 0 {
		t.Fatalf("pack: %d %s", code, errb.String())
	}
	srv, _ := startServe(t, repo)
	cacheDir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStart  string
		wantSource string
	}{
		{"by id from the network", []string{"run", "--cache-dir", cacheDir, "--server", srv, "wxcoupons00000001"}, 0, `"code":0`, "network"},
		{"by id from the cache", []string{"run", "--cache-dir", cacheDir, "wxcoupons00000001"}, 0, `"code":0`, "cache"},
		{"by link", []string{"run", "--cache-dir", cacheDir, "--link", "minihost://app/wxcoupons00000001/pages/rules/rules"}, 0, `"code":0`, "cache"},
		{"unknown app", []string{"run", "--cache-dir", cacheDir, "--server", srv, "wxnope"}, 3, `"code":-11001`, ""},
		{"bad link", []string{"run", "--cache-dir", cacheDir, "--link", "nope"}, 3, `"code":-12004`, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := runMain(tt.args, &stdout, &stderr)
		if code != tt.wantCode {
			t.Fatalf("%s: exit %d, want %d\n%s", tt.name, code, tt.wantCode, stderr.String())
		}
		first, _, _ := strings.Cut(stdout.String(), "\n")
		if !strings.HasPrefix(first, `{"type":"start"`) || !strings.Contains(first, tt.wantStart) || !strings.Contains(first, `"source":"`+tt.wantSource+`"`) && tt.wantSource != "" {
			t.Errorf("%s: first line %s", tt.name, first)
		}
		if tt.wantCode == 0 {
			lines := transcriptLines(t, stdout.String())
			if lines[len(lines)-1]["type"] != "done" {
				t.Errorf("%s: last line %v", tt.name, lines[len(lines)-1])
			}
		}
	}
}

func TestRunSteps(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := runMain([]string{"run", "--steps", "testdata/steps-shop.json", "../../examples/miniprograms/shop"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := transcriptLines(t, stdout.String())
	var steps []float64
	sawDetail := false
	for _, l := range lines {
		if l["type"] == "step" {
			steps = append(steps, l["index"].(float64))
		}
		if l["type"] == "lifecycle" && l["target"] == "pages/detail/detail" {
			sawDetail = true
		}
	}
	if len(steps) != 8 || !sawDetail {
		t.Errorf("step lines %v, detail page seen %v", steps, sawDetail)
	}
	done := lines[len(lines)-1]
	if stack := done["stack"].([]any); len(stack) != 1 || stack[0] != "pages/mine/mine" {
		t.Errorf("final stack = %v", stack)
	}

	code = runMain([]string{"run", "--steps", "testdata/steps-bad.json", "testdata/persist"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "step 0") {
		t.Errorf("bad steps file: exit %d, stderr %q", code, stderr.String())
	}
}

func TestRunDataDirKeepsStorage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for want := 1.0; want <= 2; want++ {
		var stdout, stderr bytes.Buffer
		if code := runMain([]string{"run", "--data-dir", dir, "testdata/persist"}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		lines := transcriptLines(t, stdout.String())
		data := lines[len(lines)-1]["data"].(map[string]any)["pages/index/index"].(map[string]any)
		if data["runs"] != want {
			t.Errorf("run %v: runs = %v", want, data["runs"])
		}
	}
	// Without --data-dir every run starts afresh.
	var stdout, stderr bytes.Buffer
	runMain([]string{"run", "testdata/persist"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), `"runs":1`) {
		t.Errorf("a run without --data-dir saw old storage: %s", stdout.String())
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := runMain([]string{"check", "testdata/checkme"}, &stdout, &stderr)
	out := stdout.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, stderr.String())
	}
	for _, want := range []string{
		"ok    pages/ok/ok",
		"FAIL  pages/throws/throws: TypeError: Cannot read property 'name' of undefined (pages/throws/throws.js:4:",
		"FAIL  pages/needsid/needsid: Error: no id in the query (pages/needsid/needsid.js:3:",
		"ok    pages/fetch/fetch",
		"ok    sub/pages/s/s",
		"5 pages, 2 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	stdout.Reset()
	code = runMain([]string{"check", "--json", "--queries", "testdata/checkme-queries.json", "testdata/checkme"}, &stdout, &stderr)
	lines := transcriptLines(t, stdout.String())
	if code != 1 || len(lines) != 5 {
		t.Fatalf("--json: exit %d, %d lines", code, len(lines))
	}
	byPage := map[string]map[string]any{}
	for _, l := range lines {
		byPage[l["page"].(string)] = l
	}
	if byPage["pages/needsid/needsid"]["ok"] != true || byPage["pages/throws/throws"]["ok"] != false {
		t.Errorf("results: %v", lines)
	}
	errs := byPage["pages/throws/throws"]["errors"].([]any)
	if loc := errs[0].(map[string]any)["location"].(string); !strings.HasPrefix(loc, "pages/throws/throws.js:4:") {
		t.Errorf("location = %q", loc)
	}

	// A real server that answers {"fail": true} makes the fetch page fail.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"fail": true}`)
	}))
	defer srv.Close()
	stdout.Reset()
	runMain([]string{"check", "--server-handler", srv.URL, "testdata/checkme"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "FAIL  pages/fetch/fetch: Error: server said fail") {
		t.Errorf("with --server-handler:\n%s", stdout.String())
	}
	if code := runMain([]string{"check", "testdata/nope"}, &stdout, &stderr); code != 2 {
		t.Errorf("missing bundle: exit %d", code)
	}
}

func TestRunStepsBySelectorAndRender(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := runMain([]string{"run", "--render", "--steps", "testdata/steps-select.json", "../../examples/miniprograms/shop"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := transcriptLines(t, stdout.String())
	done := lines[len(lines)-1]
	if stack := done["stack"].([]any); len(stack) != 1 || stack[0] != "pages/cart/cart" {
		t.Errorf("final stack = %v (the badge tap should switch to the cart)", stack)
	}
	render := lines[len(lines)-2]
	if render["type"] != "render" || render["route"] != "pages/cart/cart" || !strings.Contains(render["tree"].(string), "<view") {
		t.Errorf("render line = %v", render)
	}
	code = runMain([]string{"run", "--steps", "testdata/steps-bad-index.json", "testdata/persist"}, &stdout, &stderr)
	if code != 2 {
		t.Errorf("index without a selector: exit %d", code)
	}
}

func TestRunThroughLauncherFollowsTheApps(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	for _, p := range []struct{ dir, id string }{{"shop", "wxshop000000001"}, {"coupons", "wxcoupons00000001"}} {
		var out, errb bytes.Buffer
		if code := runMain([]string{"pack", "../../examples/miniprograms/" + p.dir, "-o", repo, "--app-id", p.id, "--version", "1.0.0"}, &out, &errb); code != 0 {
			t.Fatalf("pack %s: %s", p.dir, errb.String())
		}
	}
	srv, _ := startServe(t, repo)
	var stdout, stderr bytes.Buffer
	code := runMain([]string{"run", "--cache-dir", t.TempDir(), "--server", srv, "--steps", "testdata/steps-coupons.json", "wxshop000000001"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := transcriptLines(t, stdout.String())
	if lines[0]["type"] != "start" {
		t.Errorf("first line = %v", lines[0])
	}
	sawCoupons := false
	for _, l := range lines {
		if l["appId"] == "wxcoupons00000001" && l["type"] == "lifecycle" {
			sawCoupons = true
		}
	}
	done := lines[len(lines)-1]
	// The coupon step ran in the coupon center, which sent the user back.
	if !sawCoupons || done["type"] != "done" || done["appId"] != "wxshop000000001" {
		t.Errorf("coupons seen %v; done = %v", sawCoupons, done)
	}
	if !strings.Contains(stdout.String(), `"coupon CC5 received from wxcoupons00000001"`) && !strings.Contains(stdout.String(), "coupon CC5 received") {
		t.Errorf("the shop never got the coupon back")
	}

	// A step that cannot run still ends the transcript with done.
	stdout.Reset()
	code = runMain([]string{"run", "--steps", "testdata/steps-nohandler.json", "testdata/persist"}, &stdout, &stderr)
	lines = transcriptLines(t, stdout.String())
	if code != 2 || lines[len(lines)-1]["type"] != "done" {
		t.Errorf("failing step: exit %d, last line %v", code, lines[len(lines)-1])
	}
}
