package forecast

import (
	"fmt"
	"math"
	"strings"
)

// AnchorID is the short name of an anchor: its label up to the first
// colon ("S2: joint operations …" → "S2"), or the whole label. Scenario
// files anchor stakeholder scales on their operational scenarios this
// way, so the short name is the scenario's id.
func AnchorID(label string) string {
	if k := strings.Index(label, ":"); k > 0 {
		return label[:k]
	}
	return label
}

// AnchorText places x among the anchors of d: "S2" on an anchor,
// "between S2 and S3", "beyond S4" or "below S1" (empty without anchors).
func AnchorText(d Dimension, x float64) string {
	if len(d.Anchors) == 0 || !finite(x) {
		return ""
	}
	lo, hi := -1, -1
	for k, a := range d.Anchors {
		if a.Value == x {
			return AnchorID(a.Label)
		}
		if a.Value < x && (lo < 0 || a.Value > d.Anchors[lo].Value) {
			lo = k
		}
		if a.Value > x && (hi < 0 || a.Value < d.Anchors[hi].Value) {
			hi = k
		}
	}
	switch {
	case lo >= 0 && hi >= 0:
		return fmt.Sprintf("between %s and %s", AnchorID(d.Anchors[lo].Label), AnchorID(d.Anchors[hi].Label))
	case lo >= 0:
		return "beyond " + AnchorID(d.Anchors[lo].Label)
	default:
		return "below " + AnchorID(d.Anchors[hi].Label)
	}
}

// NearestAnchor is the index of d's anchor nearest x (the lower on a tie
// at the midpoint), or −1 without anchors.
func NearestAnchor(d Dimension, x float64) int {
	if !finite(x) {
		return -1
	}
	best, dist := -1, math.Inf(1)
	for k, a := range d.Anchors {
		e := math.Abs(a.Value - x)
		if e < dist || (e == dist && a.Value < d.Anchors[best].Value) {
			best, dist = k, e
		}
	}
	return best
}

// AnchorShare is the share of a sample nearest one anchor.
type AnchorShare struct {
	Anchor string  `json:"anchor"` // the anchor's short name (AnchorID)
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
	Share  float64 `json:"share"`
}

// AnchorShares is the share of the values x nearest each anchor of d, in
// the anchors' order (nil without anchors or values).
func AnchorShares(d Dimension, x []float64) []AnchorShare {
	if len(d.Anchors) == 0 || len(x) == 0 {
		return nil
	}
	out := make([]AnchorShare, len(d.Anchors))
	for k, a := range d.Anchors {
		out[k] = AnchorShare{Anchor: AnchorID(a.Label), Label: a.Label, Value: a.Value}
	}
	n := 0
	for _, v := range x {
		if k := NearestAnchor(d, v); k >= 0 {
			out[k].Share++
			n++
		}
	}
	for k := range out {
		if n > 0 {
			out[k].Share /= float64(n)
		}
	}
	return out
}
