package yamlsafe

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml"
)

// panicking is an input on which the library panics when it decodes the
// tagged "source" into a list (a nil pointer dereference in
// ast.(*ArrayNodeIter).Len), found by fuzzing events.ParseMapping
// (events/testdata/fuzz/FuzzParseMapping/15602b7a0d08573a).
const panicking = "0000008: 0000-00000000\nkeep: 0\nrules:\n  - signpost: 000000008\n    note: 0000000000 000000 00000000\n    source: !0000\n000000000000000000000000000000000000000000000000000000000000\n    000000008: 0\n000000000000008: 0\n  -0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"

// mapping has the shape of the rules of events.Mapping that the library
// fails to decode panicking into.
type mapping struct {
	Rules []struct {
		Source []string `yaml:"source"`
	} `yaml:"rules"`
}

func TestGuard(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		wantErr   bool
		wantPanic bool
	}{
		{"valid", "rules:\n  - source: [USA]\n", false, false},
		{"syntax error", "rules: [unclosed\n", true, false},
		{"library panic", panicking, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m mapping
			err := Guard(func() error { return yaml.Unmarshal([]byte(tc.in), &m) })
			var pe *PanicError
			if (err != nil) != tc.wantErr || errors.As(err, &pe) != tc.wantPanic {
				t.Errorf("error %v: want an error %v, a panic %v", err, tc.wantErr, tc.wantPanic)
			}
		})
	}
}

// TestGuardPassesErrors checks that Guard returns f's own error unchanged.
func TestGuardPassesErrors(t *testing.T) {
	want := errors.New("bad")
	if err := Guard(func() error { return want }); err != want {
		t.Errorf("Guard returned %v, want %v", err, want)
	}
}
