package num

import "testing"

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		prec int
		want string
	}{
		{0.125, 2, "0.12"}, {-0.001, 2, "0.00"}, {-0.5, 1, "-0.5"}, {3, 0, "3"},
	} {
		if got := Format(tc.x, tc.prec); got != tc.want {
			t.Errorf("Format(%g, %d) = %q, want %q", tc.x, tc.prec, got, tc.want)
		}
	}
}

func TestSig(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0.658113883008419, "0.6581"}, {1.341886116991581, "1.342"}, {0.1, "0.1"}, {2500, "2500"},
		{12345, "12340"}, {0.30000000000000004, "0.3"}, {-0.00012345, "-0.0001234"}, {0, "0"},
	} {
		if got := Sig(tc.x); got != tc.want {
			t.Errorf("Sig(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}
