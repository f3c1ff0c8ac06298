package bridge

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/minihost/minihost/runtime"
)

// Queue runs an app's Go work off the loop one call at a time, in the order
// of the calls, and hands each result back to the loop in that order: the
// storage and file APIs keep the order of the mini program's calls this way,
// as the device does. A Queue belongs to one runtime; its methods are loop
// only. Create it in Group.Install with NewQueue.
type Queue struct {
	env  *runtime.Env
	last chan struct{} // closed when the latest work has finished
}

// NewQueue returns an empty queue for the runtime of env.
func NewQueue(env *runtime.Env) *Queue {
	q := &Queue{env: env, last: make(chan struct{})}
	close(q.last)
	return q
}

// Go runs work off the loop after the work queued before it, then done on
// the loop with its result. The loop stays reserved meanwhile. A panic in
// work is an error wrapping ErrInternal.
func (q *Queue) Go(work func() (any, error), done func(v any, err error)) {
	prev := q.last
	finished := make(chan struct{})
	q.last = finished
	complete := q.env.Reserve()
	go func() {
		<-prev
		// finished closes after complete has queued the result, so that
		// results reach the loop in the order of the calls too.
		defer close(finished)
		v, err := Safely(work)
		complete(func() { done(v, err) })
	}()
}

// Drain waits for the work in flight, so that a Sync call made after
// asynchronous ones sees their effects. It gives up, with an error, when
// the app finishes or after timeout.
func (q *Queue) Drain(timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-q.last:
		return nil
	case <-q.env.Context().Done():
		return context.Cause(q.env.Context())
	case <-t.C:
		return ErrTimeout
	}
}

// Safely runs fn, turning a panic into an error that wraps ErrInternal and
// carries the stack.
func Safely[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v\n%s", ErrInternal, r, debug.Stack())
		}
	}()
	return fn()
}
