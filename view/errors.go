package view

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by this package wrap one of them where
// it applies, so errors.Is tells what went wrong.
var (
	// ErrNotFound means a WXML or WXS file (the one loaded, or one named by
	// <import>, <include>, <wxs src> or require) does not exist.
	ErrNotFound = errors.New("file not found")

	// ErrSyntax matches every *ParseError caused by malformed WXML, a
	// malformed {{ }} expression or malformed WXS.
	ErrSyntax = errors.New("syntax error")

	// ErrUnknownTemplate means <template is="name"> names a template that
	// neither the file nor the files it imports define.
	ErrUnknownTemplate = errors.New("unknown template")

	// ErrEval matches every *EvalError: a binding or WXS code failed while
	// rendering (calling something that is not a function, a WXS throw,
	// the WXS step limit...).
	ErrEval = errors.New("evaluation failed")

	// ErrSelector means a selector given to Select or SelectIn is malformed
	// or uses syntax this package does not support.
	ErrSelector = errors.New("invalid selector")

	// ErrUnknownComponent means UpdateComponent or SelectIn was given a
	// Component that is not part of the tree (never created by it, or
	// already detached).
	ErrUnknownComponent = errors.New("component not in tree")
)

// ParseError reports malformed WXML or WXS, or a file that could not be
// loaded, with the file and the 1-based line and column. Line is 0 when the
// error concerns the file as a whole. It matches ErrSyntax when the text is
// malformed and ErrNotFound when a file is missing.
type ParseError struct {
	File   string // path of the file inside the bundle, e.g. "pages/index/index.wxml"
	Line   int
	Column int
	Msg    string
	Err    error // underlying cause (ErrSyntax, or ErrNotFound wrapping the fs error)
}

// Error returns "file:line:column: message" ("file: message" when Line is 0).
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Unwrap returns the underlying cause.
func (e *ParseError) Unwrap() error { return e.Err }

// EvalError reports a failure while evaluating a binding or running WXS,
// at the innermost source position known (inside the .wxs file when WXS
// code failed). It matches ErrEval, and ErrUnknownTemplate when a
// <template is> names no template.
type EvalError struct {
	File   string
	Line   int
	Column int
	Msg    string
	Err    error
}

// Error returns "file:line:column: message".
func (e *EvalError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Unwrap returns the underlying cause.
func (e *EvalError) Unwrap() error { return e.Err }

// Is makes every EvalError match ErrEval.
func (e *EvalError) Is(target error) bool { return target == ErrEval }

// toEvalError turns an evaluator error into an *EvalError located in file
// (the binding's file and position, unless the error carries its own).
func toEvalError(err error, file *srcFile, pos int) error {
	var ee *EvalError
	if errors.As(err, &ee) {
		return err
	}
	var je *jsError
	if errors.As(err, &je) {
		if je.file != nil {
			file, pos = je.file, je.pos
		}
		line, col := file.position(pos)
		return &EvalError{File: file.path, Line: line, Column: col, Msg: je.msg, Err: err}
	}
	line, col := file.position(pos)
	return &EvalError{File: file.path, Line: line, Column: col, Msg: err.Error(), Err: err}
}
