package english

import (
	"fmt"
	"testing"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0 draws"},
		{1, "1 draw"},
		{2, "2 draws"},
		{1000, "1000 draws"},
	} {
		if got := Count(tc.n, "draw"); got != tc.want {
			t.Errorf("Count(%d, draw) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestAgree(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "update"},
		{1, "updates"},
		{2, "update"},
	} {
		if got := Agree(tc.n, "updates", "update"); got != tc.want {
			t.Errorf("Agree(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func Example() {
	for _, n := range []int{1, 3} {
		fmt.Printf("%s %s the forecast.\n", Count(n, "observation"), Agree(n, "moves", "move"))
	}
	// Output:
	// 1 observation moves the forecast.
	// 3 observations move the forecast.
}
