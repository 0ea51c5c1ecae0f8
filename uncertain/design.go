package uncertain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Param is a named uncertain input of a model.
type Param struct {
	Name string
	Dist Dist
}

// Method is a sampling method.
type Method string

// Sampling methods.
const (
	// MonteCarlo draws every point independently.
	MonteCarlo Method = "mc"
	// LatinHypercube stratifies each parameter into as many equally
	// probable intervals as there are draws and puts exactly one draw in each.
	LatinHypercube Method = "lhs"
)

// ParseMethod parses "mc" (or "montecarlo") and "lhs" (or "latin").
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(s) {
	case "mc", "montecarlo", "monte-carlo", "":
		return MonteCarlo, nil
	case "lhs", "latin", "latin-hypercube":
		return LatinHypercube, nil
	}
	return "", fmt.Errorf("unknown sampling method %q: expected mc or lhs", s)
}

// DesignConfig describes a sampling design.
type DesignConfig struct {
	Params []Param
	Draws  int    // number of draws N
	Seed   uint64 // master seed
	Method Method // MonteCarlo when empty
	// RankCorr, when not nil, is the target rank correlation matrix of the
	// parameters (symmetric, unit diagonal, positive definite), imposed with
	// the Iman–Conover method over the whole design.
	RankCorr [][]float64
}

// Design is a deterministic sampling plan: Point(k) is a pure function of
// the configuration and k, so any worker or shard can evaluate any draw and
// results do not depend on who evaluates what.
//
// Draw k reads its random numbers from its own stream, math/rand/v2's PCG
// seeded with (Seed, k), through Uint64 only (whose values Go specifies).
// Monte Carlo uses the first values of the stream as uniforms; Latin
// hypercube puts draw k of parameter j in stratum π_j(k) of N, where π_j is
// a pseudo-random permutation (a keyed Feistel network, so it costs no
// memory), jittered by the stream. Rank correlation (Iman–Conover) permutes
// these uniforms among draws, once for the whole design: it keeps each
// parameter's sample exactly and costs 4·N·d bytes.
type Design struct {
	params []Param
	n      int
	seed   uint64
	method Method
	corr   [][]float64
	perm   []feistel // LHS strata, one per parameter
	src    [][]int32 // with rank correlation: draw k of parameter j takes base draw src[j][k]
	fp     string
}

// NewDesign validates c and prepares the design. With a rank correlation it
// computes the Iman–Conover reordering (O(d·N·log N) time).
func NewDesign(c DesignConfig) (*Design, error) {
	if c.Draws < 1 {
		return nil, fmt.Errorf("design needs at least 1 draw, have %d", c.Draws)
	}
	if c.Draws > math.MaxInt32 {
		return nil, fmt.Errorf("design has %d draws, more than %d", c.Draws, math.MaxInt32)
	}
	if c.Method == "" {
		c.Method = MonteCarlo
	}
	if _, err := ParseMethod(string(c.Method)); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, p := range c.Params {
		if p.Dist == nil {
			return nil, fmt.Errorf("parameter %d (%q) has no distribution", i, p.Name)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("parameter %q appears twice", p.Name)
		}
		seen[p.Name] = true
	}
	d := &Design{params: append([]Param(nil), c.Params...), n: c.Draws, seed: c.Seed, method: c.Method}
	if d.method == LatinHypercube {
		for j := range d.params {
			d.perm = append(d.perm, newFeistel(uint64(d.n), mix(d.seed, 0x4c4853, uint64(j))))
		}
	}
	if c.RankCorr != nil {
		if err := d.imanConover(c.RankCorr); err != nil {
			return nil, err
		}
	}
	d.fp = d.fingerprint()
	return d, nil
}

// Draws returns the number of draws N.
func (d *Design) Draws() int { return d.n }

// Seed returns the master seed.
func (d *Design) Seed() uint64 { return d.seed }

// Method returns the sampling method.
func (d *Design) Method() Method { return d.method }

// Dim returns the number of parameters.
func (d *Design) Dim() int { return len(d.params) }

// Params returns the parameters, in order.
func (d *Design) Params() []Param { return append([]Param(nil), d.params...) }

// Names returns the parameter names, in order.
func (d *Design) Names() []string {
	names := make([]string, len(d.params))
	for i, p := range d.params {
		names[i] = p.Name
	}
	return names
}

// Fingerprint is a digest of the design (method, draws, seed, parameters
// and their distributions, rank correlation); partial results merge only
// when their fingerprints agree.
func (d *Design) Fingerprint() string { return d.fp }

func (d *Design) fingerprint() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "tablero.uncertain.design/1\nmethod %s\ndraws %d\nseed %d\n", d.method, d.n, d.seed)
	for _, p := range d.params {
		fmt.Fprintf(&sb, "param %q %s\n", p.Name, p.Dist)
	}
	for _, row := range d.corr {
		sb.WriteString("corr")
		for _, v := range row {
			sb.WriteString(" " + ftoa(v))
		}
		sb.WriteString("\n")
	}
	sum := sha256.Sum256([]byte(sb.String()))
	return hex.EncodeToString(sum[:16])
}

// Point writes the parameter values of draw k (0 <= k < N) to dst, which it
// allocates when too short, and returns it. It panics if k is out of range.
func (d *Design) Point(k int, dst []float64) []float64 {
	dst = d.Unit(k, dst)
	for j, p := range d.params {
		dst[j] = p.Dist.Quantile(dst[j])
	}
	return dst
}

// Unit writes the uniforms in (0, 1) behind draw k to dst: Point(k) is
// their image through each parameter's quantile function.
func (d *Design) Unit(k int, dst []float64) []float64 {
	if k < 0 || k >= d.n {
		panic(fmt.Sprintf("uncertain: draw %d outside [0, %d)", k, d.n))
	}
	if cap(dst) < len(d.params) {
		dst = make([]float64, len(d.params))
	}
	dst = dst[:len(d.params)]
	if d.src == nil {
		r := rand.NewPCG(d.seed, uint64(k))
		for j := range dst {
			dst[j] = d.base(k, j, r.Uint64())
		}
		return dst
	}
	for j := range dst {
		kk := int(d.src[j][k])
		dst[j] = d.base(kk, j, nthUint64(d.seed, kk, j))
	}
	return dst
}

// Rand returns a generator for the model's own randomness in draw k (for
// example to sample a realised outcome), independent of the point's stream:
// PCG seeded with (Seed, k | 1<<63).
func (d *Design) Rand(k int) *rand.Rand {
	return rand.New(rand.NewPCG(d.seed, uint64(k)|1<<63))
}

// base is the uniform of parameter j in base draw k given v, the j-th value
// of the draw's stream.
func (d *Design) base(k, j int, v uint64) float64 {
	u := unit(v)
	if d.perm != nil {
		u = (float64(d.perm[j].apply(uint64(k))) + u) / float64(d.n)
	}
	return open01(u)
}

// nthUint64 returns the j-th value (from 0) of the stream PCG(seed, k).
func nthUint64(seed uint64, k, j int) uint64 {
	r := rand.NewPCG(seed, uint64(k))
	for range j {
		r.Uint64()
	}
	return r.Uint64()
}

// unit maps 64 random bits to a uniform in (0, 1) on the grid (i+1/2)/2^52,
// exactly.
func unit(v uint64) float64 { return (float64(v>>12) + 0.5) / (1 << 52) }

// open01 keeps u strictly inside (0, 1).
func open01(u float64) float64 {
	if u >= 1 {
		return math.Nextafter(1, 0)
	}
	if u <= 0 {
		return math.SmallestNonzeroFloat64
	}
	return u
}

// mix hashes its arguments into 64 bits (SplitMix64 finaliser chain).
func mix(vals ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, v := range vals {
		h = splitmix(h ^ v)
	}
	return h
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// feistel is a keyed pseudo-random permutation of [0, n): a balanced
// Feistel network on the smallest even number of bits covering n, with
// cycle walking back into range.
type feistel struct {
	n    uint64
	half uint
	keys [6]uint64
}

func newFeistel(n, key uint64) feistel {
	bits := uint(2)
	for bits < 64 && uint64(1)<<bits < n {
		bits += 2
	}
	f := feistel{n: n, half: bits / 2}
	for r := range f.keys {
		f.keys[r] = mix(key, uint64(r))
	}
	return f
}

// apply returns π(x) for x in [0, n).
func (f *feistel) apply(x uint64) uint64 {
	if f.n <= 1 {
		return x
	}
	for {
		x = f.encrypt(x)
		if x < f.n {
			return x
		}
	}
}

func (f *feistel) encrypt(x uint64) uint64 {
	mask := uint64(1)<<f.half - 1
	l, r := x>>f.half, x&mask
	for _, k := range f.keys {
		l, r = r, l^(splitmix(r^k)&mask)
	}
	return l<<f.half | r
}
