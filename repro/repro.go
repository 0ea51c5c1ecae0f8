// Package repro records how to reproduce a result: the tool's version, a
// hash of the canonical inputs and options, the seed, and when it ran.
//
// Every document tablero computes carries a Record in its "run" block. Two
// runs with the same Hash computed the same thing with the same code, so a
// stored result with that Hash can be returned instead of computing again.
package repro

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"runtime/debug"
	"sync"
	"time"
)

// Tool names the program in every Record.
const Tool = "tablero"

// Record says how a result was computed.
type Record struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Kind is what was computed: analyze, solve, negotiate, forecast, sweep.
	Kind string `json:"kind"`
	// InputHash is the SHA-256 of the canonical input (for scenarios, the
	// parsed and re-serialised document, so layout and key order do not
	// matter).
	InputHash string `json:"input_hash"`
	// Options are the canonical options: every default filled in.
	Options json.RawMessage `json:"options"`
	// Seed is the master seed actually used, for randomised computations.
	Seed *uint64 `json:"seed,omitempty"`
	// Hash identifies the computation: version, kind, input and options.
	Hash       string    `json:"hash"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Seconds    float64   `json:"seconds"`
}

// New returns the Record of a computation of kind on the canonical input
// with the given options (marshalled canonically), started now.
func New(kind string, input []byte, options any) (Record, error) {
	opt, err := Canonical(options)
	if err != nil {
		return Record{}, err
	}
	in := Hash(input)
	return Record{
		Tool: Tool, Version: Version(), Kind: kind, InputHash: in, Options: opt,
		Hash:      Hash([]byte(Tool), []byte(Version()), []byte(kind), []byte(in), opt),
		StartedAt: time.Now().UTC(),
	}, nil
}

// Finish stamps the end time and duration.
func (r *Record) Finish() {
	r.FinishedAt = time.Now().UTC()
	r.Seconds = r.FinishedAt.Sub(r.StartedAt).Seconds()
}

// Hash returns "sha256:<hex>" of parts, each length-prefixed so that
// different splits of the same bytes hash differently.
func Hash(parts ...[]byte) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Canonical marshals v as compact JSON the way every hash in tablero sees
// it: struct fields in declaration order, map keys sorted, no HTML
// escaping, no trailing newline.
func Canonical(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi)
})

// Version returns tablero's version: the main module's version when built
// from a tagged module (go install …@v1.2.3), else "devel" with the VCS
// revision when the build recorded one ("devel+3f2a1c9d0e1b", "+dirty"
// when the tree was modified).
func Version() string { return version() }

func versionOf(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		v += "+" + rev[:min(12, len(rev))]
		if dirty {
			v += ".dirty"
		}
	}
	return v
}
