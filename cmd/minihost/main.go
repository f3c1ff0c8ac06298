// Command minihost runs, packs, serves and inspects WeChat-style mini
// programs without a phone.
//
// Usage:
//
//	minihost <command> [flags] [arguments]
//
// Each command is defined in its own file and registers itself with
// [register]. Run "minihost help" for the list. The flags of every command
// and the JSON-lines transcript of "minihost run" are a public contract:
// they only grow, they do not change meaning.
//
// Exit status: 0 on success, 1 when the mini program reported an uncaught
// error, 2 for bad usage or a bundle or package that cannot be loaded; other
// commands document further codes.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of minihost.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

// register adds a subcommand; it is called from init functions of the files
// that define the commands.
func register(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	if _, dup := commands[name]; dup {
		panic("minihost: command registered twice: " + name)
	}
	commands[name] = command{name: name, summary: summary, run: run}
}

// exit codes shared by the commands.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

func runMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "minihost: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: minihost <command> [flags] [arguments]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun \"minihost <command> -h\" for a command's flags.")
}
