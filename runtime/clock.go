package runtime

import (
	"sync/atomic"
	"time"
)

// Clock is where a runtime's time comes from: Date, setTimeout and
// setInterval all read it. Use [RealClock] (the default) or a
// [*VirtualClock].
type Clock interface {
	Now() time.Time
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// VirtualClock is a clock that only moves when the runtime that owns it is
// told to: [Runtime.Advance] moves it by a duration, firing the timers that
// fall due in order, and [Runtime.RunUntilIdle] jumps from timer to timer
// while the loop has nothing else to do. A 30-second setTimeout therefore
// costs nothing in a test.
//
// A VirtualClock belongs to one runtime; Now is safe to call from any
// goroutine.
type VirtualClock struct {
	ns    atomic.Int64 // nanoseconds since the Unix epoch
	owned atomic.Bool
}

// NewVirtualClock returns a virtual clock that reads start. A zero start
// means 2024-01-01T00:00:00Z, so runs are reproducible.
func NewVirtualClock(start time.Time) *VirtualClock {
	if start.IsZero() {
		start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	c := &VirtualClock{}
	c.ns.Store(start.UnixNano())
	return c
}

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

func (c *VirtualClock) set(t time.Time) {
	if n := t.UnixNano(); n > c.ns.Load() {
		c.ns.Store(n)
	}
}
