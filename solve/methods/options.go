package methods

import "github.com/tablero-project/tablero/solve"

// Options select a method and its flags, named after the flags of Gambit's
// tools and of tablero solve; JSON keys are the server API's. The zero
// value of every field but Method is the tools' default.
type Options struct {
	// Method names a registered method (see List), e.g. "enumpure".
	Method string `json:"method"`
	// Agent (-A): enumpure finds the pure equilibria of a tree's agent
	// form, and liap solves trees in their agent form.
	Agent bool `json:"agent,omitempty"`
	// Strategic (-S): solve a tree through its reduced strategic form
	// even if the method solves trees.
	Strategic bool `json:"strategic,omitempty"`
	// Perfect (-P): refine to subgame perfection by solving a tree's
	// subgames bottom-up with the method, one equilibrium each.
	Perfect bool `json:"perfect,omitempty"`
	// Decimals (-d) is the number of digits of floating-point output; 0
	// or less means 6, the tools' default.
	Decimals int `json:"decimals,omitempty"`
	// Lambdas (-l): logit reports the QRE at each of these λ instead of
	// the end point of its branch.
	Lambdas []float64 `json:"lambdas,omitempty"`
	// Budget bounds the work (0: solve.DefaultBudget), including the
	// number of pure-strategy profiles of a reduced strategic form;
	// exceeding it gives an error wrapping solve.ErrBudget.
	Budget int `json:"budget,omitempty"`
	// Components (-c): enummixed also reports the maximal convex sets of
	// equilibria, as "convex-N" lines.
	Components bool `json:"components,omitempty"`
	// Stop (-e): lcp stops after this many equilibria (0: all it
	// reaches).
	Stop int `json:"stop,omitempty"`
	// Starts (-n): the random starts or rays of gnm, ipa, liap and
	// simpdiv (0: the method's default).
	Starts int `json:"starts,omitempty"`
	// Seed (-R) seeds those random starts. 0 means 1, the CLI's default,
	// so that a request that names no seed reproduces tablero solve run
	// without -R; the generator's seed 0 is therefore not available.
	Seed uint64 `json:"seed,omitempty"`
}

// decimals returns the digits of floating-point output.
func (o Options) decimals() int {
	if o.Decimals <= 0 {
		return 6
	}
	return o.Decimals
}

// budget returns the size budget.
func (o Options) budget() int {
	if o.Budget <= 0 {
		return solve.DefaultBudget
	}
	return o.Budget
}

// floatOptions returns the options of the floating-point methods.
func (o Options) floatOptions() solve.FloatOptions {
	seed := o.Seed
	if seed == 0 {
		seed = 1
	}
	return solve.FloatOptions{Starts: o.Starts, Seed: seed, Budget: o.Budget}
}
