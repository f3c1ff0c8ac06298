package apptest_test

import (
	"testing"

	"github.com/minihost/minihost/apptest"
)

// BenchmarkPageTest measures one page test as users write them: start the
// bundle in a fresh host, tap, assert on the page data.
func BenchmarkPageTest(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		func() {
			t := newExampleTB()
			defer t.finish()
			app := apptest.New(t, counter)
			app.Tap("inc", apptest.Event{Dataset: map[string]any{"step": 2}})
			if app.Data("count") != 2.0 {
				b.Fatal("count")
			}
		}()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tests/s")
}
