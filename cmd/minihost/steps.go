package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/minihost/minihost/runtime"
	"github.com/minihost/minihost/runtime/transcript"
)

// step is one entry of a --steps file:
//
//	{"tap": "onBuy", "dataset": {...}, "detail": {...}}
//	{"tap": ".item", "index": 1}      (a selector: starts with # or .)
//	{"input": "#name", "text": "Ann", "index": 0}
//	{"advance": "5s"}
//	{"back": 1}
//	{"open": "pages/x/x?a=1"}
//	{"hide": true}
//	{"show": true}
type step struct {
	Tap     string         `json:"tap,omitempty"`
	Index   int            `json:"index,omitempty"`
	Input   string         `json:"input,omitempty"`
	Text    string         `json:"text,omitempty"`
	Dataset map[string]any `json:"dataset,omitempty"`
	Detail  map[string]any `json:"detail,omitempty"`
	Advance string         `json:"advance,omitempty"`
	Back    int            `json:"back,omitempty"`
	Open    string         `json:"open,omitempty"`
	Hide    bool           `json:"hide,omitempty"`
	Show    bool           `json:"show,omitempty"`

	advance time.Duration
}

// stepLine is the transcript line written before a step runs.
type stepLine struct {
	Type  string `json:"type"`
	Index int    `json:"index"`
	Step  step   `json:"step"`
}

// loadSteps reads and checks a --steps file: each step must do exactly one
// thing; errors name the step's index.
func loadSteps(path string) ([]step, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("steps file: %w", err)
	}
	var steps []step
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&steps); err != nil {
		return nil, fmt.Errorf("steps file %s: %w", path, err)
	}
	for i := range steps {
		s := &steps[i]
		n := 0
		for _, set := range []bool{s.Tap != "", s.Input != "", s.Advance != "", s.Back != 0, s.Open != "", s.Hide, s.Show} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, fmt.Errorf("steps file %s: step %d: want exactly one of tap, input, advance, back, open, hide, show", path, i)
		}
		if (s.Dataset != nil || s.Detail != nil) && s.Tap == "" {
			return nil, fmt.Errorf("steps file %s: step %d: dataset and detail go with tap", path, i)
		}
		if s.Advance != "" {
			d, err := time.ParseDuration(s.Advance)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("steps file %s: step %d: advance %q is not a duration such as \"5s\"", path, i, s.Advance)
			}
			s.advance = d
		}
		if s.Index < 0 {
			return nil, fmt.Errorf("steps file %s: step %d: index must not be negative", path, i)
		}
		if s.Index != 0 && !isSelector(s.Tap) && !isSelector(s.Input) {
			return nil, fmt.Errorf("steps file %s: step %d: index goes with a selector (a tap or input starting with # or .)", path, i)
		}
		if s.Input != "" && !isSelector(s.Input) {
			return nil, fmt.Errorf("steps file %s: step %d: input needs a selector starting with # or .", path, i)
		}
		if s.Back < 0 {
			return nil, fmt.Errorf("steps file %s: step %d: back must be positive", path, i)
		}
	}
	return steps, nil
}

// runSteps runs the steps on a launched app, each followed by a wait for
// what it started. A step the runtime refuses (a handler that does not
// exist, a route that is not a page) is an error naming the step.
func runSteps(tg target, steps []step, tw *transcript.Writer, virtual bool) error {
	ctx := context.Background()
	_, rt := tg.current()
	if err := rt.Wait(ctx); err != nil {
		return err
	}
	for i, s := range steps {
		_, rt := tg.current() // the app in front: a step may have moved to another
		tw.Line(stepLine{Type: "step", Index: i, Step: s})
		var err error
		switch {
		case s.Tap != "" && isSelector(s.Tap):
			err = scriptErrorsReported(rt.TapElement(ctx, s.Tap, s.Index))
		case s.Tap != "":
			err = scriptErrorsReported(rt.Dispatch(ctx, s.Tap, runtime.UIEvent{Dataset: s.Dataset, Detail: s.Detail}))
		case s.Input != "":
			err = scriptErrorsReported(rt.InputText(ctx, s.Input, s.Index, s.Text))
		case s.Advance != "":
			if virtual {
				err = rt.Advance(ctx, s.advance)
			} else {
				time.Sleep(s.advance)
			}
		case s.Back != 0:
			err = rt.NavigateBack(ctx, s.Back)
		case s.Open != "":
			err = rt.Navigate(ctx, "reLaunch", "/"+trimSlash(s.Open))
		case s.Hide:
			err = rt.Hide(ctx)
		case s.Show:
			err = rt.Show(ctx, runtime.LaunchOptions{})
		}
		if err == nil {
			err = rt.Wait(ctx)
		}
		if err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
	}
	return nil
}

// isSelector reports whether a tap or input target is a selector of the
// page's view rather than a handler name.
func isSelector(s string) bool { return strings.HasPrefix(s, "#") || strings.HasPrefix(s, ".") }

// scriptErrorsReported drops a *runtime.ScriptError: it is already in the
// transcript and makes the exit status 1.
func scriptErrorsReported(err error) error {
	var se *runtime.ScriptError
	if errors.As(err, &se) {
		return nil
	}
	return err
}

func trimSlash(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	return s
}
