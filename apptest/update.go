package apptest

import "flag"

// update is the -update flag that rewrites golden transcripts. apptest
// defines it for the test binaries that import it; a test package that
// needs the same flag should call Update instead of defining its own.
var update = flag.Bool("update", false, "rewrite apptest golden transcripts")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }
