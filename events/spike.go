package events

import (
	"fmt"
	"math"
	"slices"
)

// SpikeOptions tune the spike detector. Zero fields take the defaults in
// brackets: the default sensitivity.
type SpikeOptions struct {
	// Metric is the series watched: events [default], conflict (verbal and
	// material), material_conflict, cooperation, goldstein_sum,
	// goldstein_mentions_sum, or index.
	Metric string `json:"metric"`
	// Window is how many preceding periods form the baseline [28].
	Window int `json:"window"`
	// Threshold is the robust z-score a period must reach [3.5, the
	// cut-off Iglewicz and Hoaglin recommend for modified z-scores].
	Threshold float64 `json:"threshold"`
	// MinHistory is how many preceding periods a baseline needs [7].
	MinHistory int `json:"min_history"`
	// MinScale floors the baseline's spread, so that a flat baseline (a
	// MAD of 0) does not turn a single extra event into a spike [1; 0.05
	// for the index, which lies in [−1, 1]].
	MinScale float64 `json:"min_scale"`
	// MinValue is the least value a spike of a count metric may have [3];
	// it is ignored for other metrics.
	MinValue float64 `json:"min_value"`
	// Direction is up [default] (surges), down (drops; e.g. for goldstein
	// or index, a turn to conflict) or both.
	Direction string `json:"direction"`
}

// Defaults returns o with every zero field set to its default.
func (o SpikeOptions) Defaults() SpikeOptions {
	if o.Metric == "" {
		o.Metric = "events"
	}
	if o.Window <= 0 {
		o.Window = 28
	}
	if o.Threshold <= 0 {
		o.Threshold = 3.5
	}
	if o.MinHistory <= 0 {
		o.MinHistory = 7
	}
	if o.MinScale <= 0 {
		o.MinScale = 1
		if o.Metric == "index" {
			o.MinScale = 0.05
		}
	}
	if o.MinValue <= 0 {
		o.MinValue = 3
	}
	if o.Direction == "" {
		o.Direction = "up"
	}
	return o
}

// Validate reports an unknown metric or direction, or a window shorter
// than the history it needs.
func (o SpikeOptions) Validate() error {
	if _, ok := metrics[o.Metric]; !ok {
		return fmt.Errorf("spike metric %q: want one of %v", o.Metric, MetricNames())
	}
	if o.Direction != "up" && o.Direction != "down" && o.Direction != "both" {
		return fmt.Errorf("spike direction %q: want up, down or both", o.Direction)
	}
	if o.MinHistory > o.Window {
		return fmt.Errorf("spike min history %d exceeds the window %d", o.MinHistory, o.Window)
	}
	return nil
}

type metric struct {
	value func(*Point) float64
	count bool
}

var metrics = map[string]metric{
	"events":                 {func(p *Point) float64 { return float64(p.Events) }, true},
	"conflict":               {func(p *Point) float64 { return float64(p.VerbalConflict + p.MaterialConflict) }, true},
	"material_conflict":      {func(p *Point) float64 { return float64(p.MaterialConflict) }, true},
	"cooperation":            {func(p *Point) float64 { return float64(p.VerbalCoop + p.MaterialCoop) }, true},
	"goldstein_sum":          {func(p *Point) float64 { return p.GoldsteinSum }, false},
	"goldstein_mentions_sum": {func(p *Point) float64 { return p.GoldsteinMentionsSum }, false},
	"index":                  {func(p *Point) float64 { return p.Index }, false},
}

// MetricNames lists the metrics a spike detector may watch.
func MetricNames() []string {
	var names []string
	for n := range metrics {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Spike is a period whose value departs from its baseline.
type Spike struct {
	Dyad
	Date   string  `json:"date"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
	// Median and Scale describe the baseline (the Window preceding
	// periods): Scale = max(1.4826·MAD, MinScale); Z = (Value − Median) /
	// Scale.
	Median float64 `json:"median"`
	Scale  float64 `json:"scale"`
	Z      float64 `json:"z"`
	// Events counts the period's events; Top lists the most mentioned of
	// them, as many as the aggregator kept.
	Events int        `json:"events"`
	Top    []EventRef `json:"top_events"`
}

// DetectSpikes runs the robust z-score detector over each series: a
// period is a spike when its value's distance from the median of the
// Window preceding periods, in units of their scaled median absolute
// deviation, reaches Threshold (in Direction), with at least MinHistory
// preceding periods and, for counts, a value of at least MinValue.
func DetectSpikes(series []Series, o SpikeOptions) ([]Spike, error) {
	o = o.Defaults()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	m := metrics[o.Metric]
	out := []Spike{}
	for _, s := range series {
		vals := make([]float64, len(s.Points))
		for i := range s.Points {
			vals[i] = m.value(&s.Points[i])
		}
		for _, i := range robustZ(vals, o, m.count) {
			p := &s.Points[i.at]
			out = append(out, Spike{Dyad: s.Dyad, Date: p.Date, Metric: o.Metric, Value: vals[i.at],
				Median: round(i.median), Scale: round(i.scale), Z: round(i.z), Events: p.Events, Top: orEmpty(p.Top)})
		}
	}
	return out, nil
}

func orEmpty(r []EventRef) []EventRef {
	if r == nil {
		return []EventRef{}
	}
	return r
}

type hit struct {
	at               int
	median, scale, z float64
}

// robustZ returns the spikes of vals.
func robustZ(vals []float64, o SpikeOptions, count bool) []hit {
	var hits []hit
	buf := make([]float64, 0, o.Window)
	for t := o.MinHistory; t < len(vals); t++ {
		base := vals[max(0, t-o.Window):t]
		buf = append(buf[:0], base...)
		med := median(buf)
		for i, v := range base {
			buf[i] = math.Abs(v - med)
		}
		scale := max(1.4826*median(buf), o.MinScale)
		z := (vals[t] - med) / scale
		up := z >= o.Threshold && (!count || vals[t] >= o.MinValue)
		down := z <= -o.Threshold
		if o.Direction == "up" && up || o.Direction == "down" && down || o.Direction == "both" && (up || down) {
			hits = append(hits, hit{t, med, scale, z})
		}
	}
	return hits
}

// median sorts v and returns its median.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
