package draws

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tablero-project/tablero/scenario"
)

// plays remembers the play (realisation probabilities) of each Monte Carlo
// draw, keyed by the draw's values, so that the posterior Monte Carlo of
// evidence that measures no parameter — the same model and the same
// design — reuses the prior's solves instead of repeating them. A scenario
// with given observations (what had already happened) has such evidence in
// every run. Drawers cloned from one share it; it stops storing at limit
// plays, so the sensitivity analyses that follow the draws cannot grow it.
type plays struct {
	mu    sync.Mutex
	limit int
	byKey map[string][]float64
	hits  int // plays reused
}

func newPlays(limit int) *plays { return &plays{limit: limit, byKey: map[string][]float64{}} }

// key identifies a draw's values exactly.
func playKey(v scenario.Values) string {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.FormatUint(math.Float64bits(v[k]), 16))
		b.WriteByte(';')
	}
	return b.String()
}

// get copies the remembered play of v into reach.
func (p *plays) get(v scenario.Values, reach []float64) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.byKey[playKey(v)]
	if ok {
		copy(reach, r)
		p.hits++
	}
	return ok
}

// put remembers the play of v, while there is room.
func (p *plays) put(v scenario.Values, reach []float64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.byKey) < p.limit {
		p.byKey[playKey(v)] = slices.Clone(reach)
	}
}
