// Package pkgformat defines the mini program package format shared by the
// cache, the package server and the pack command: the [Manifest] that
// describes a package, its Ed25519 signature, version comparison, and the
// zip safety checks that run before a package is installed.
//
// # Basics
//
// A package is a zip of a bundle directory. Its [Manifest] names the app id,
// the env version ("release", "trial" or "develop"), the version, the zip's
// size and SHA-256, the publish time and optional metadata. [ParseManifest]
// decodes and validates a manifest from untrusted bytes. [Sign] adds an
// Ed25519 signature over [Manifest.SigningPayload], which pins the zip's
// hash, and [Manifest.Verify] checks it against a set of trusted keys.
//
// [CheckZip] inspects a zip before anything is extracted or installed and
// returns a *[ZipError] naming the offending entry; errors.Is matches the
// sentinel that says what was wrong (ErrParentPath, ErrSymlink, ...).
//
// [CompareVersions] orders dotted numeric versions with an optional
// pre-release suffix, in the manner of semantic versioning.
//
// # Caveats
//
// CheckZip reads every entry to the end, so that a zip whose headers lie
// about sizes or checksums is caught; its cost is one decompression of the
// whole package. Limits default to [DefaultLimits] field by field.
//
// The signature covers the fields listed in [Manifest.SigningPayload] only;
// fields added to the JSON by other tools are ignored by the verifier.
package pkgformat
