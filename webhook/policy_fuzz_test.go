package webhook

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseAllow feeds arbitrary text to ParseAllow: an error, or masked
// networks that print back to a list parsing to the same policy.
func FuzzParseAllow(f *testing.F) {
	for _, s := range []string{"127.0.0.0/8, ::1", "10.0.0.0/33", "127.0.0.1", "", ",,", "fe80::1%eth0", "::ffff:10.0.0.1/104", "10.1.2.3/8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseAllow(s)
		if err != nil {
			return
		}
		texts := make([]string, len(p.Allow))
		for i, n := range p.Allow {
			if !n.IsValid() || n != n.Masked() {
				t.Fatalf("%q: network %v not valid and masked", s, n)
			}
			texts[i] = n.String()
		}
		back, err := ParseAllow(strings.Join(texts, ","))
		if err != nil || !reflect.DeepEqual(back, p) {
			t.Fatalf("%q printed as %q reads back as %v, %v", s, texts, back, err)
		}
	})
}
