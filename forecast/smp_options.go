package forecast

import (
	"fmt"
	"strings"
)

// SMP model parameters, with KTAB's names. The zero value of each is
// KTAB's default, so SMPOptions{} runs KTAB's default model.

// VictoryProbModel turns coalition strengths into victory probabilities.
type VictoryProbModel int

// Victory-probability models: p = f(C_ij)/(f(C_ij)+f(C_ji)) with f the
// identity, square, 4th or 8th power; Binary gives a sure win to a 10 %
// edge and interpolates linearly below it.
const (
	VPMLinear VictoryProbModel = iota
	VPMSquare
	VPMQuartic
	VPMOctic
	VPMBinary
)

// PCEModel turns pairwise victory probabilities into the probability of
// each option in a probabilistic Condorcet election.
type PCEModel int

// PCE models: Conditional P_i ∝ Π_j V(i,j); MarkovIncentive, the limit of a
// Markov chain whose challenges follow incentives C(i:j)·V(i,j);
// MarkovUniform, the limit with uniform challenges.
const (
	PCEConditional PCEModel = iota
	PCEMarkovIncentive
	PCEMarkovUniform
)

// StateTransitions chooses how an actor picks a bargain from its queue.
type StateTransitions int

// Deterministic takes the most probable bargain (first on ties);
// Stochastic draws one with the PCE probabilities.
const (
	Deterministic StateTransitions = iota
	Stochastic
)

// VotingRule maps a utility difference to a vote.
type VotingRule int

// Voting rules, vote = w·f(Δu): Binary (sign, linear within 1e-8), PropBin
// (0.8 proportional + 0.2 binary), Proportional, PropCbc (½ proportional +
// ½ cubic), Cubic, ASymProsp (gains count 2/3).
const (
	VRProportional VotingRule = iota
	VRBinary
	VRPropBin
	VRPropCbc
	VRCubic
	VRASymProsp
)

// BigRAdjust is how h estimates i's risk attitude R^h_i.
type BigRAdjust int

// Risk-attitude estimates: None R_h, OneThird (2R_h+R_i)/3, Half, TwoThirds
// (R_h+2R_i)/3, Full R_i.
const (
	RAOneThird BigRAdjust = iota
	RANone
	RAHalf
	RATwoThirds
	RAFull
)

// BigRRange is the range of the inferred risk attitudes.
type BigRRange int

// Risk ranges: Min [0,1], Mid [−½,1], Max [−1,1].
const (
	RRMid BigRRange = iota
	RRMin
	RRMax
)

// ThirdPartyCommit is how far a third party commits to the side it joins.
type ThirdPartyCommit int

// Third-party commitment levels.
const (
	SemiCommit ThirdPartyCommit = iota
	NoCommit
	FullCommit
)

// InterVecBrgn is the interpolation of a bargain between two positions.
type InterVecBrgn int

// Bargain interpolation: weights s^n p^m with (n, m) = (1, 1) or (2, 2),
// or S2PMax (weights from the excess probability).
const (
	S2P2 InterVecBrgn = iota
	S1P1
	S2PMax
)

// BargnModel chooses which bargains enter the queues.
type BargnModel int

// Bargain models: the initiator's interpolation only; both the
// initiator's and the receiver's; or their power-weighted compromise.
const (
	InitOnlyInterp BargnModel = iota
	InitRcvrInterp
	PWCompInterp
)

// enumNames lists KTAB's names of each parameter's values, in the order of
// the Go constants (defaults first).
var enumNames = map[string][]string{
	"VictoryProbModel": {"Linear", "Square", "Quartic", "Octic", "Binary"},
	"PCEModel":         {"Conditional", "MarkovIncentive", "MarkovUniform"},
	"StateTransitions": {"Deterministic", "Stochastic"},
	"VotingRule":       {"Prop", "Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp"},
	"BigRAdjust":       {"OneThird", "None", "Half", "TwoThirds", "Full"},
	"BigRRange":        {"Mid", "Min", "Max"},
	"ThirdPartyCommit": {"SemiCommit", "NoCommit", "FullCommit"},
	"InterVecBrgn":     {"S2P2", "S1P1", "S2PMax"},
	"BargnModel":       {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"},
}

// paramOrder is the order KTAB lists its parameters in.
var paramOrder = []string{"VictoryProbModel", "PCEModel", "StateTransitions", "VotingRule",
	"BigRAdjust", "BigRRange", "ThirdPartyCommit", "InterVecBrgn", "BargnModel"}

// aliases are accepted alternative spellings (KTAB's C++ enum names).
var aliases = map[string]string{
	"proportional": "Prop", "conditionalpcm": "Conditional", "markovipcm": "MarkovIncentive",
	"markovupcm": "MarkovUniform", "nora": "None", "onethirdra": "OneThird", "halfra": "Half",
	"twothirdsra": "TwoThirds", "fullra": "Full", "deterministicstm": "Deterministic",
	"stochasticstm": "Stochastic",
}

// SMPOptions configures RunSMP. Parameter names and values follow KTAB.
type SMPOptions struct {
	VictoryProbModel VictoryProbModel
	PCEModel         PCEModel
	StateTransitions StateTransitions
	VotingRule       VotingRule
	BigRAdjust       BigRAdjust
	BigRRange        BigRRange
	ThirdPartyCommit ThirdPartyCommit
	InterVecBrgn     InterVecBrgn
	BargnModel       BargnModel
	// Seed drives the stochastic mode (one generator, drawn in actor order).
	Seed uint64
	// MaxTurns caps the turns (KTAB: 100); MinTurns is the first turn at
	// which the stopping rule applies (KTAB: 2). StopRatio is the fraction
	// of the first turn's movement below which the run stops (KTAB: 0.02).
	MaxTurns, MinTurns int
	StopRatio          float64
	Limits             Limits
}

// DefaultSMPOptions returns KTAB's default parameters.
func DefaultSMPOptions() SMPOptions {
	return SMPOptions{
		VictoryProbModel: VPMLinear, PCEModel: PCEConditional, StateTransitions: Deterministic,
		VotingRule: VRProportional, BigRAdjust: RAOneThird, BigRRange: RRMid,
		ThirdPartyCommit: SemiCommit, InterVecBrgn: S2P2, BargnModel: InitOnlyInterp,
		MaxTurns: 100, MinTurns: 2, StopRatio: 0.02,
	}
}

// Set sets the parameter named param (KTAB's name, e.g. "VotingRule") to
// the value named value (e.g. "PropCbc"); names are case-insensitive.
func (o *SMPOptions) Set(param, value string) error {
	var canon string
	for _, p := range paramOrder {
		if strings.EqualFold(p, param) {
			canon = p
		}
	}
	if canon == "" {
		return fmt.Errorf("unknown SMP parameter %q (want one of %s)", param, strings.Join(paramOrder, ", "))
	}
	if a, ok := aliases[strings.ToLower(value)]; ok {
		value = a
	}
	names := enumNames[canon]
	for k, n := range names {
		if strings.EqualFold(n, value) {
			o.setIndex(canon, k)
			return nil
		}
	}
	return fmt.Errorf("SMP parameter %s: unknown value %q (want one of %s)", canon, value, strings.Join(names, ", "))
}

func (o *SMPOptions) setIndex(param string, k int) {
	switch param {
	case "VictoryProbModel":
		o.VictoryProbModel = VictoryProbModel(k)
	case "PCEModel":
		o.PCEModel = PCEModel(k)
	case "StateTransitions":
		o.StateTransitions = StateTransitions(k)
	case "VotingRule":
		o.VotingRule = VotingRule(k)
	case "BigRAdjust":
		o.BigRAdjust = BigRAdjust(k)
	case "BigRRange":
		o.BigRRange = BigRRange(k)
	case "ThirdPartyCommit":
		o.ThirdPartyCommit = ThirdPartyCommit(k)
	case "InterVecBrgn":
		o.InterVecBrgn = InterVecBrgn(k)
	case "BargnModel":
		o.BargnModel = BargnModel(k)
	}
}

// Params returns the parameters as KTAB names, in KTAB's order.
func (o *SMPOptions) Params() [][2]string {
	idx := []int{int(o.VictoryProbModel), int(o.PCEModel), int(o.StateTransitions), int(o.VotingRule),
		int(o.BigRAdjust), int(o.BigRRange), int(o.ThirdPartyCommit), int(o.InterVecBrgn), int(o.BargnModel)}
	out := make([][2]string, len(paramOrder))
	for k, p := range paramOrder {
		v := "?"
		if names := enumNames[p]; idx[k] >= 0 && idx[k] < len(names) {
			v = names[idx[k]]
		}
		out[k] = [2]string{p, v}
	}
	return out
}

func (o *SMPOptions) check() error {
	idx := []int{int(o.VictoryProbModel), int(o.PCEModel), int(o.StateTransitions), int(o.VotingRule),
		int(o.BigRAdjust), int(o.BigRRange), int(o.ThirdPartyCommit), int(o.InterVecBrgn), int(o.BargnModel)}
	for k, p := range paramOrder {
		if idx[k] < 0 || idx[k] >= len(enumNames[p]) {
			return fmt.Errorf("forecast: SMP parameter %s has no value %d", p, idx[k])
		}
	}
	if o.MaxTurns == 0 {
		o.MaxTurns = 100
	}
	if o.MinTurns == 0 {
		o.MinTurns = 2
	}
	if o.StopRatio == 0 {
		o.StopRatio = 0.02
	}
	if l := o.Limits.orDefault(); o.MaxTurns < 1 || o.MaxTurns > l.MaxRounds {
		return fmt.Errorf("%w: %d SMP turns, limit %d", ErrBudget, o.MaxTurns, l.MaxRounds)
	}
	return nil
}
