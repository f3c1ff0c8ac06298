package runtime

import (
	"container/heap"
	runtimepkg "runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
)

// loop is the event loop that owns one goja runtime. Only the loop
// goroutine touches rt. Other goroutines hand it work with enqueue, or with
// the complete function of a reservation.
type loop struct {
	rt     *goja.Runtime
	clock  Clock
	vclock *VirtualClock // nil with a real clock
	budget time.Duration // real time a single job may run; 0 = unlimited
	// onPanic reports a Go panic recovered from a job.
	onPanic func(v any, stack []byte)
	// afterJob runs after every job (unhandled-rejection checks).
	afterJob func()

	mu       sync.Mutex
	queue    []func()
	spare    []func()
	reserved int
	busy     bool
	stopped  bool
	paused   time.Time // when timers were paused; zero when running
	timers   timerHeap
	byID     map[int]*timer
	nextID   int
	seq      uint64
	waiters  []*idleWaiter
	wake     chan struct{}
	done     chan struct{}

	stopFlag atomic.Bool
	goid     atomic.Int64 // the loop goroutine's id

	// watchdog state, see exec.
	wdMu      sync.Mutex
	wdRunning bool
	wdStart   time.Time
	wdTimer   *time.Timer
}

type timer struct {
	id       int
	when     time.Time
	seq      uint64
	interval time.Duration
	repeat   bool
	fn       func()
	index    int
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// idleWaiter is woken when the loop has nothing to run; with noTimers it also
// waits for every timer to be gone.
type idleWaiter struct {
	noTimers bool
	ch       chan struct{}
}

func newLoop(rt *goja.Runtime, clock Clock, budget time.Duration) *loop {
	l := &loop{
		rt:     rt,
		clock:  clock,
		budget: budget,
		byID:   make(map[int]*timer),
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	if vc, ok := clock.(*VirtualClock); ok {
		l.vclock = vc
	}
	return l
}

func (l *loop) start() { go l.run() }

func (l *loop) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// enqueue schedules fn on the loop. It reports false if the loop has stopped.
// Safe from any goroutine.
func (l *loop) enqueue(fn func()) bool {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return false
	}
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
	l.poke()
	return true
}

// reserve keeps the loop from counting as idle until the returned function
// is called. complete may be called from any goroutine, once; it schedules
// fn on the loop (fn may be nil). After the loop stops, fn is dropped.
func (l *loop) reserve() (complete func(fn func())) {
	l.mu.Lock()
	l.reserved++
	l.mu.Unlock()
	var once atomic.Bool
	return func(fn func()) {
		if !once.CompareAndSwap(false, true) {
			return
		}
		l.mu.Lock()
		l.reserved--
		if !l.stopped && fn != nil {
			l.queue = append(l.queue, fn)
		}
		l.mu.Unlock()
		l.poke()
	}
}

// addTimer schedules fn after d (loop only or any goroutine).
func (l *loop) addTimer(d time.Duration, repeat bool, fn func()) int {
	if d < 0 {
		d = 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nextID++
	l.seq++
	now := l.clock.Now()
	if !l.paused.IsZero() {
		now = l.paused // resume shifts deadlines by the time spent paused
	}
	t := &timer{id: l.nextID, when: now.Add(d), seq: l.seq, interval: d, repeat: repeat, fn: fn}
	heap.Push(&l.timers, t)
	l.byID[t.id] = t
	l.poke()
	return t.id
}

func (l *loop) clearTimer(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.byID[id]; ok {
		delete(l.byID, id)
		if t.index >= 0 {
			heap.Remove(&l.timers, t.index)
		}
	}
}

// pause stops timers from firing; resume shifts every deadline by the time
// spent paused, so a timer keeps the time it had left.
func (l *loop) pause() {
	l.mu.Lock()
	if l.paused.IsZero() {
		l.paused = l.clock.Now()
	}
	l.mu.Unlock()
}

func (l *loop) resume() {
	l.mu.Lock()
	if !l.paused.IsZero() {
		d := l.clock.Now().Sub(l.paused)
		for _, t := range l.timers {
			t.when = t.when.Add(d)
		}
		l.paused = time.Time{}
	}
	l.mu.Unlock()
	l.poke()
}

func (l *loop) dueLocked(now time.Time) bool {
	return l.paused.IsZero() && len(l.timers) > 0 && !l.timers[0].when.After(now)
}

func (l *loop) quietLocked() bool {
	return !l.busy && len(l.queue) == 0 && l.reserved == 0 && !l.dueLocked(l.clock.Now())
}

func (l *loop) notifyWaitersLocked() {
	if len(l.waiters) == 0 || !l.quietLocked() {
		return
	}
	kept := l.waiters[:0]
	for _, w := range l.waiters {
		if !w.noTimers || len(l.timers) == 0 || !l.paused.IsZero() {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	l.waiters = kept
}

// whenQuiet returns a channel closed once the loop has no job queued or
// running, no reservation outstanding and no timer due; with noTimers, once
// no timer is scheduled either (paused timers do not count).
func (l *loop) whenQuiet(noTimers bool) <-chan struct{} {
	ch := make(chan struct{})
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped || (l.quietLocked() && (!noTimers || len(l.timers) == 0 || !l.paused.IsZero())) {
		close(ch)
		return ch
	}
	l.waiters = append(l.waiters, &idleWaiter{noTimers: noTimers, ch: ch})
	return ch
}

// nextTimer reports the deadline of the earliest timer, if any and not paused.
func (l *loop) nextTimer() (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.timers) == 0 || !l.paused.IsZero() {
		return time.Time{}, false
	}
	return l.timers[0].when, true
}

// stop ends the loop: queued jobs and later completions are dropped, a
// running script is interrupted. It waits for the loop goroutine to exit.
func (l *loop) stop(reason error) {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		<-l.done
		return
	}
	l.stopped = true
	l.stopFlag.Store(true)
	l.queue = nil
	for _, w := range l.waiters {
		close(w.ch)
	}
	l.waiters = nil
	l.mu.Unlock()
	l.rt.Interrupt(reason)
	l.poke()
	if l.onLoop() {
		return // the loop exits when the current job returns
	}
	<-l.done
}

// goroutineID returns the current goroutine's id, read from its stack
// header ("goroutine 42 [running]:"). It is only used to detect calls made
// on the loop goroutine itself, which must not wait for the loop.
func goroutineID() int64 {
	var buf [64]byte
	b := buf[:runtimepkg.Stack(buf[:], false)]
	b = b[len("goroutine "):]
	var id int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

// onLoop reports whether the caller runs on the loop goroutine.
func (l *loop) onLoop() bool { return l.goid.Load() == goroutineID() }

func (l *loop) run() {
	l.goid.Store(goroutineID())
	defer close(l.done)
	var sleeper *time.Timer
	for {
		l.mu.Lock()
		for !l.stopped && len(l.queue) == 0 && !l.dueLocked(l.clock.Now()) {
			l.notifyWaitersLocked()
			var timerC <-chan time.Time
			if l.vclock == nil && l.paused.IsZero() && len(l.timers) > 0 {
				d := l.timers[0].when.Sub(l.clock.Now()) // a custom clock must run at wall speed
				if sleeper == nil {
					sleeper = time.NewTimer(d)
				} else {
					sleeper.Reset(d)
				}
				timerC = sleeper.C
			}
			l.mu.Unlock()
			select {
			case <-l.wake:
			case <-timerC:
			}
			if sleeper != nil {
				sleeper.Stop()
			}
			l.mu.Lock()
		}
		if l.stopped {
			l.mu.Unlock()
			return
		}
		jobs := l.queue
		l.queue = l.spare[:0]
		l.busy = true
		l.mu.Unlock()

		for i, job := range jobs {
			jobs[i] = nil
			if l.stopFlag.Load() {
				break
			}
			l.exec(job)
		}
		l.spare = jobs[:0]
		// Timers run after the queued jobs, one at a time, so a timer
		// cleared by an earlier one does not fire.
		for !l.stopFlag.Load() {
			l.mu.Lock()
			if len(l.queue) > 0 || !l.dueLocked(l.clock.Now()) {
				l.mu.Unlock()
				break
			}
			t := l.timers[0]
			if t.repeat {
				l.seq++
				t.seq = l.seq
				iv := t.interval
				if iv <= 0 {
					iv = time.Millisecond // a 0 ms interval must not starve the loop
				}
				t.when = l.clock.Now().Add(iv)
				heap.Fix(&l.timers, 0)
			} else {
				heap.Pop(&l.timers)
				delete(l.byID, t.id)
			}
			l.mu.Unlock()
			l.exec(t.fn)
		}
		l.mu.Lock()
		l.busy = false
		l.mu.Unlock()
	}
}

// exec runs one job with the script budget armed and Go panics contained.
func (l *loop) exec(job func()) {
	if l.budget > 0 {
		l.wdMu.Lock()
		l.wdRunning = true
		l.wdStart = time.Now()
		if l.wdTimer == nil {
			l.wdTimer = time.AfterFunc(l.budget, l.watchdog)
		} else {
			l.wdTimer.Reset(l.budget)
		}
		l.wdMu.Unlock()
	}
	defer func() {
		if v := recover(); v != nil && l.onPanic != nil {
			l.onPanic(v, debug.Stack())
		}
		if l.budget > 0 {
			l.wdMu.Lock()
			l.wdTimer.Stop()
			l.wdRunning = false
			l.wdMu.Unlock()
		}
		if !l.stopFlag.Load() {
			l.rt.ClearInterrupt()
		}
	}()
	job()
	if l.afterJob != nil && !l.stopFlag.Load() {
		l.afterJob()
	}
}

// restartBudget gives the running job its whole budget again: time spent
// in Go work that is not script (compiling a module) does not count.
func (l *loop) restartBudget() {
	if l.budget <= 0 {
		return
	}
	l.wdMu.Lock()
	defer l.wdMu.Unlock()
	if l.wdRunning {
		l.wdStart = time.Now()
		l.wdTimer.Reset(l.budget)
	}
}

// watchdog fires when a job outlives the budget. A late firing (the timer
// had already started when exec stopped it) finds either no job running or
// one that started less than a budget ago, and does nothing.
func (l *loop) watchdog() {
	l.wdMu.Lock()
	defer l.wdMu.Unlock()
	if l.wdRunning && time.Since(l.wdStart) >= l.budget {
		l.rt.Interrupt(ErrScriptTimeout)
		// Keep interrupting while the job runs: code that goes on after
		// the interrupt (App.onError, an outer callback) is over budget too.
		l.wdTimer.Reset(max(l.budget/10, 10*time.Millisecond))
	}
}
