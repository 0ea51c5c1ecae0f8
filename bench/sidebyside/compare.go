package main

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/solve/methods"
)

// verdict is the outcome of comparing two outputs.
type verdict struct {
	text  string
	wrong bool // tablero's answer is wrong or misses something where the peer's is right
	nPeer int  // distinct equilibria printed (-1: no output)
	nTab  int
}

// checked is a parsed output with the regret of each profile.
type checked struct {
	ps     []profile
	regret []float64
	bad    int // profiles over the tolerance
	maxReg float64
}

// compare checks the outputs of the peer and tablero for s.
func (r *runner) compare(s spec, peerT, tabT timing) verdict {
	v := verdict{nPeer: -1, nTab: -1}
	gi, err := r.game(s.file)
	if err != nil {
		v.text = "game not readable here: " + err.Error()
		return v
	}
	tol := exactTol
	switch {
	case s.check == samePoint:
		tol = gridTol
	case s.check == closeTo || s.check == eachNE || s.check == superset:
		tol = floatTol
	}
	peerForm, tabForm := s.forms(gi)
	agent := slices.Contains(s.tabArgs, "-A") // agent-form equilibria: one-set deviations
	var peer, tab *checked
	var notes []string
	if !peerT.failed() {
		parse := parseNE
		if s.peer == "lrsnash" {
			parse = parseLrsnash
		}
		if peer, err = gi.checkAll(peerT.out, parse, peerForm, agent, tol); err != nil {
			notes = append(notes, "peer output: "+err.Error())
			peer = nil
		} else {
			v.nPeer = len(peer.ps)
		}
	}
	if !tabT.failed() {
		if tab, err = gi.checkAll(tabT.out, parseNE, tabForm, agent, tol); err != nil {
			notes = append(notes, "tablero output: "+err.Error())
			tab = nil
		} else {
			v.nTab = len(tab.ps)
		}
	}
	switch {
	case tab == nil && peer == nil:
		notes = append(notes, "neither finished")
	case tab == nil:
		v.wrong = peer.bad < len(peer.ps) || len(peer.ps) == 0
		notes = append(notes, fmt.Sprintf("only the peer finished (%s)", peer.summary()))
	case tab.bad > 0:
		v.wrong = true
		notes = append(notes, fmt.Sprintf("tablero prints %d non-equilibria (regret %.2g)", tab.bad, tab.maxReg))
	}
	if tab != nil && peer == nil && len(notes) == 0 {
		notes = append(notes, fmt.Sprintf("peer gave nothing; tablero's %d all equilibria", len(tab.ps)))
	}
	if tab != nil && peer != nil && peerForm != tabForm && s.check != eachNE {
		notes = append(notes, fmt.Sprintf("forms differ (peer %s, tablero %s profiles): sets not compared; peer %s, tablero %s",
			peerForm, tabForm, peer.summary(), tab.summary()))
	} else if tab != nil && peer != nil {
		text, wrong := s.agree(peer, tab)
		v.wrong = v.wrong || wrong
		notes = append(notes, text)
	}
	v.text = strings.Join(notes, "; ")
	return v
}

// forms returns how the peer's and tablero's profiles are laid out for s:
// on a tree, Gambit's tools print behaviour profiles except for the methods
// of strategic games and -S; tablero does where its registry says the
// method solves trees (with -A only, for agent-form methods).
func (s spec) forms(gi *gameInfo) (peer, tab form) {
	if gi.tree == nil {
		return mixed, mixed
	}
	peer, tab = behaviour, behaviour
	if s.peerStrategic() {
		peer = mixed
	}
	m := s.tabArgs[slices.Index(s.tabArgs, "-m")+1]
	info, _ := methods.Lookup(m)
	if !info.Trees || (info.AgentOnly && !slices.Contains(s.tabArgs, "-A")) || slices.Contains(s.tabArgs, "-S") {
		tab = mixed
	}
	return peer, tab
}

// peerStrategic reports whether the peer of s solves a tree through its
// strategic form.
func (s spec) peerStrategic() bool {
	switch s.peer {
	case "gambit-enummixed", "gambit-simpdiv", "gambit-gnm", "gambit-ipa", "lrsnash":
		return true
	case "gambit-liap":
		return !slices.Contains(s.peerArgs, "-A")
	}
	return slices.Contains(s.peerArgs, "-S")
}

// checkAll parses an output and checks every profile's regret.
func (gi *gameInfo) checkAll(out []byte, parse func([]byte) ([]profile, error), want form, agent bool, tol float64) (*checked, error) {
	ps, err := parse(out)
	if err != nil {
		return nil, err
	}
	c := &checked{ps: ps}
	for _, p := range ps {
		reg, err := gi.regret(p.f, want, agent)
		if err != nil {
			return nil, err
		}
		c.regret = append(c.regret, reg)
		if reg > tol {
			c.bad++
			c.maxReg = math.Max(c.maxReg, reg)
		}
	}
	return c, nil
}

// summary describes a checked output in a few words.
func (c *checked) summary() string {
	if c.bad == 0 {
		return fmt.Sprintf("%d, all equilibria", len(c.ps))
	}
	return fmt.Sprintf("%d, %d not equilibria (regret %.2g)", len(c.ps), c.bad, c.maxReg)
}

// agree compares two checked outputs according to s.check; wrong is set
// when tablero misses or contradicts a right answer of the peer.
func (s spec) agree(peer, tab *checked) (text string, wrong bool) {
	peerNote := ""
	if peer.bad > 0 {
		peerNote = fmt.Sprintf(" (peer: %d not equilibria, regret %.2g)", peer.bad, peer.maxReg)
	}
	switch s.check {
	case sameSet:
		common, onlyPeer := 0, 0
		keys := map[string]bool{}
		for _, p := range tab.ps {
			keys[p.key] = true
		}
		for i, p := range peer.ps {
			switch {
			case keys[p.key]:
				common++
			case peer.regret[i] <= exactTol:
				onlyPeer++
			}
		}
		if common == len(peer.ps) && common == len(tab.ps) {
			return fmt.Sprintf("same %d", common), false
		}
		return fmt.Sprintf("differ: %d common, %d only tablero's, %d only peer's%s",
			common, len(tab.ps)-common, len(peer.ps)-common, peerNote), onlyPeer > 0
	case samePoint:
		if len(peer.ps) == 1 && len(tab.ps) == 1 && peer.ps[0].key == tab.ps[0].key {
			return "same point", false
		}
		return fmt.Sprintf("different points (%d vs %d), tablero's all equilibria%s", len(peer.ps), len(tab.ps), peerNote), false
	case closeTo:
		if len(peer.ps) == 1 && len(tab.ps) == 1 {
			d := distance(peer.ps[0].f, tab.ps[0].f)
			if d <= closeTol {
				return fmt.Sprintf("same point (±%.0e)", math.Max(d, 1e-10)), false
			}
			return fmt.Sprintf("different points (distance %.2g), tablero's an equilibrium%s", d, peerNote), false
		}
		return fmt.Sprintf("%d vs %d points%s", len(peer.ps), len(tab.ps), peerNote), false
	case superset:
		missed := 0
		for i, p := range peer.ps {
			if peer.regret[i] > floatTol {
				continue
			}
			found := false
			for _, q := range tab.ps {
				if len(q.f) == len(p.f) && distance(p.f, q.f) <= closeTol {
					found = true
					break
				}
			}
			if !found {
				missed++
			}
		}
		if missed > 0 {
			return fmt.Sprintf("tablero misses %d of the peer's %d%s", missed, len(peer.ps), peerNote), true
		}
		return fmt.Sprintf("all %d of the peer's among tablero's %d%s", len(peer.ps), len(tab.ps), peerNote), false
	}
	return fmt.Sprintf("both equilibria (%d and %d)%s", len(peer.ps), len(tab.ps), peerNote), false
}

// distance is the largest difference of two vectors.
func distance(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}
