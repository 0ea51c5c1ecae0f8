package draws

import (
	"encoding/json"
	"regexp"

	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Reach says which engines an uncertain parameter enters: whether moving
// it over its range moves any probability of the game (the headline), and
// whether the negotiation or stakeholder blocks name it.
type Reach struct {
	Param string `json:"param"`
	// Game is true when the tornado swing of some scenario or result
	// probability is not zero.
	Game bool `json:"game"`
	// Engines lists the engines the parameter enters: "game",
	// "negotiation", "stakeholders".
	Engines []string `json:"engines"`
}

// reach computes each tornado parameter's Reach; nprob is the number of
// leading outputs that are probabilities of the game.
func reach(s *scenario.Scenario, t *uncertain.TornadoResult, nprob int) []Reach {
	neg, stake := blockText(s.Negotiation), blockText(s.Stakeholders)
	out := make([]Reach, len(t.Params))
	for i, name := range t.Params {
		r := Reach{Param: name, Engines: []string{}}
		for o := 0; o < nprob; o++ {
			if d := t.YHigh[i][o] - t.YLow[i][o]; d > 1e-9 || d < -1e-9 {
				r.Game = true
				break
			}
		}
		if r.Game {
			r.Engines = append(r.Engines, "game")
		}
		word := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
		if word.MatchString(neg) {
			r.Engines = append(r.Engines, "negotiation")
		}
		if word.MatchString(stake) {
			r.Engines = append(r.Engines, "stakeholders")
		}
		out[i] = r
	}
	return out
}

// blockText is a block's JSON text ("" when absent), where parameter ids
// appear in its expressions.
func blockText(v any) string {
	data, err := json.Marshal(v)
	if err != nil || string(data) == "null" {
		return ""
	}
	return string(data)
}

// NoEffect lists the parameters that move no probability of the game
// (multipliers of literal numbers are not knobs an analyst set: they are
// left out).
func (u *Uncertainty) NoEffect() []Reach {
	var out []Reach
	for _, r := range u.Reach {
		if !r.Game && !IsMultiplier(r.Param) {
			out = append(out, r)
		}
	}
	return out
}
