package negotiate

import (
	"reflect"
	"testing"
)

// FuzzParseAcceptance feeds arbitrary text to ParseAcceptance: an error, or
// a strategy whose String reads back to the same strategy.
func FuzzParseAcceptance(f *testing.F) {
	for _, s := range []string{"AC_next", "AC_next(1.02,0)", "AC_const(0.8)", "AC_time(0.95)", "AC_combi(0.95)",
		"AC_const(0.5)&AC_time(0.5)", "AC_const(0.9)|AC_time(0.5)", "ac_next(1)&AC_combi|AC_const(-0)",
		"AC_const", "AC_time(x)", "AC_next(1", "nope", "|", "AC_next()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAcceptance(s)
		if err != nil {
			return
		}
		back, err := ParseAcceptance(a.String())
		if err != nil || !reflect.DeepEqual(back, a) {
			t.Fatalf("%q printed as %q reads back as %#v, %v", s, a.String(), back, err)
		}
	})
}
