package negotiate

import (
	"context"
	"errors"
	"fmt"
	"github.com/tablero-project/tablero/repro"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Scenario is a negotiation scenario of a tournament: an evaluated space
// whose first profiles play the roles.
type Scenario struct {
	Name  string
	Space *Space
}

// TournamentConfig describes a tournament: every ordered assignment of
// Agents to the roles (self-play included), on every scenario, Repetitions
// times. Bilateral unless Parties > 2.
type TournamentConfig struct {
	Agents      []string
	Scenarios   []Scenario
	Repetitions int
	// Parties is the number of roles (default 2).
	Parties  int
	Protocol Protocol
	// RotateProfiles also plays every assignment with the profiles rotated
	// (party i plays profile i+k), as NegMAS's rotate_ufuns.
	RotateProfiles bool
	// Workers run negotiations in parallel (0: GOMAXPROCS).
	Workers int
	// Seed is the base seed; each negotiation's seed derives from it and
	// the negotiation's coordinates, so results do not depend on Workers.
	Seed uint64
	// NTfTCursorPersistence shares NaiveTitForTat's "next worse" cursor
	// across the negotiations of a profile, as NegMAS does when ufun
	// objects are reused; off by default (it makes results order-dependent
	// and forces sequential runs for those agents).
	NTfTCursorPersistence bool
}

// Record is one negotiation of a tournament.
type Record struct {
	Scenario  string    `json:"scenario"`
	Agents    []string  `json:"negotiators"`
	Profiles  []string  `json:"profiles"`
	Rep       int       `json:"repetition"`
	Seed      uint64    `json:"seed"`
	Agreement []string  `json:"agreement,omitempty"`
	Steps     int       `json:"steps"`
	RelTime   float64   `json:"relative_time"`
	TimedOut  bool      `json:"timedout"`
	Broken    bool      `json:"broken"`
	NOffers   int       `json:"n_offers"`
	Seconds   float64   `json:"seconds"`
	Err       string    `json:"error,omitempty"`
	Metrics   Metrics   `json:"metrics"`
	Discount  []float64 `json:"discounted_utilities,omitempty"`
}

// AgentScore aggregates an agent's negotiations (each negotiation counts
// once per role the agent played in it).
type AgentScore struct {
	Agent         string  `json:"agent"`
	Negotiations  int     `json:"n_negotiations"`
	AgreementRate float64 `json:"agreement_rate"`
	Advantage     float64 `json:"advantage"` // mean (NegMAS's default score)
	Utility       float64 `json:"utility"`
	PartnerWel    float64 `json:"partner_welfare"`
	Welfare       float64 `json:"welfare"`
	ParetoOpt     float64 `json:"pareto_optimality"`
	NashOpt       float64 `json:"nash_optimality"`
	KSOpt         float64 `json:"ks_optimality"`
	WelfareOpt    float64 `json:"max_welfare_optimality"`
}

// TournamentResult is the outcome of a tournament.
type TournamentResult struct {
	// Run says how the document was computed (set by front ends).
	Run     *repro.Record `json:"run,omitempty"`
	Records []Record      `json:"negotiations"`
	Scores  []AgentScore  `json:"scores"`
	// AgreementRate over all negotiations.
	AgreementRate float64 `json:"agreement_rate"`
	Seconds       float64 `json:"seconds"`
	PerSecond     float64 `json:"negotiations_per_second"`
}

type tJob struct {
	idx      int
	scen     int
	agents   []int
	rotation int
	rep      int
	seed     uint64
}

// RunTournament runs a tournament. Views and evaluations are built once
// per scenario and shared by every negotiation; negotiations run in
// parallel with seeds derived from (Seed, scenario, agents, rotation,
// repetition), so the records are identical for any number of workers.
func RunTournament(ctx context.Context, cfg TournamentConfig) (*TournamentResult, error) {
	if len(cfg.Agents) == 0 || len(cfg.Scenarios) == 0 {
		return nil, errors.New("a tournament needs agents and scenarios")
	}
	parties := cfg.Parties
	if parties == 0 {
		parties = 2
	}
	reps := cfg.Repetitions
	if reps <= 0 {
		reps = 1
	}
	if cfg.Protocol.NSteps <= 0 && cfg.Protocol.TimeLimit <= 0 {
		cfg.Protocol.NSteps = 100
	}
	for _, a := range cfg.Agents {
		if _, err := NewAgent(a); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	type prep struct {
		views []*View
		eval  *Evaluation
		space *Space
	}
	rotations := 1
	if cfg.RotateProfiles {
		rotations = parties
	}
	// preps[scenario][rotation]
	preps := make([][]prep, len(cfg.Scenarios))
	for i, sc := range cfg.Scenarios {
		if len(sc.Space.U) < parties {
			return nil, fmt.Errorf("scenario %q has %d profiles, the tournament needs %d", sc.Name, len(sc.Space.U), parties)
		}
		base := make([]*View, parties)
		for k := range base {
			base[k] = NewView(sc.Space, k)
		}
		for rot := 0; rot < rotations; rot++ {
			idx := make([]int, parties)
			views := make([]*View, parties)
			for k := range idx {
				idx[k] = (k + rot) % parties
				views[k] = base[idx[k]]
			}
			sub := sc.Space.Sub(idx...)
			ev, err := NewEvaluation(ctx, sub)
			if err != nil {
				return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
			}
			preps[i] = append(preps[i], prep{views: views, eval: ev, space: sub})
		}
	}
	// jobs: scenarios × agent assignments × rotations × repetitions
	var assignments [][]int
	var rec func(prefix []int)
	rec = func(prefix []int) {
		if len(prefix) == parties {
			assignments = append(assignments, slices.Clone(prefix))
			return
		}
		for a := range cfg.Agents {
			rec(append(prefix, a))
		}
	}
	rec(nil)
	var jobs []tJob
	for si := range cfg.Scenarios {
		for _, as := range assignments {
			for rot := 0; rot < rotations; rot++ {
				for r := 0; r < reps; r++ {
					j := tJob{idx: len(jobs), scen: si, agents: as, rotation: rot, rep: r}
					j.seed = jobSeed(cfg.Seed, si, as, rot, r)
					jobs = append(jobs, j)
				}
			}
		}
	}
	records := make([]Record, len(jobs))
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if cfg.NTfTCursorPersistence {
		workers = 1
	}
	cursors := map[[2]int]*int{}
	runOne := func(j tJob) Record {
		p := preps[j.scen][j.rotation]
		sp, views, eval := p.space, p.views, p.eval
		rec := Record{Scenario: cfg.Scenarios[j.scen].Name, Rep: j.rep, Seed: j.seed}
		negs := make([]Negotiator, parties)
		for k, a := range j.agents {
			ng, _ := NewAgent(cfg.Agents[a])
			if tft, ok := ng.(*NaiveTitForTat); ok && cfg.NTfTCursorPersistence {
				key := [2]int{j.scen, (k + j.rotation) % parties}
				if cursors[key] == nil {
					c := -1
					cursors[key] = &c
				}
				tft.Cursor = cursors[key]
			}
			negs[k] = ng
			rec.Agents = append(rec.Agents, cfg.Agents[a])
			rec.Profiles = append(rec.Profiles, sp.Profiles[k].Name)
		}
		proto := cfg.Protocol
		proto.Seed = j.seed
		res, err := Run(ctx, sp, negs, views, proto)
		if err != nil {
			rec.Err = err.Error()
			return rec
		}
		rec.Steps, rec.RelTime, rec.TimedOut, rec.Broken, rec.NOffers, rec.Seconds = res.Steps, res.RelativeTime, res.TimedOut, res.Broken, res.NOffers, res.Seconds
		if res.Agreed {
			rec.Agreement = sp.Labels(res.Agreement)
			for k := range res.Utilities {
				rec.Discount = append(rec.Discount, sp.Profiles[k].Discounted(res.Utilities[k], res.RelativeTime))
			}
		}
		rec.Metrics = eval.Measure(res.Agreed, res.Utilities)
		return rec
	}
	var wg sync.WaitGroup
	ch := make(chan tJob)
	var firstErr error
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				records[j.idx] = runOne(j)
			}
		}()
	}
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			mu.Lock()
			firstErr = err
			mu.Unlock()
			break
		}
		ch <- j
	}
	close(ch)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	res := &TournamentResult{Records: records}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.PerSecond = float64(len(records)) / res.Seconds
	}
	res.Scores = scores(cfg.Agents, records)
	agreed := 0
	for _, r := range records {
		if r.Metrics.Agreed {
			agreed++
		}
	}
	if len(records) > 0 {
		res.AgreementRate = float64(agreed) / float64(len(records))
	}
	return res, nil
}

func jobSeed(base uint64, scen int, agents []int, rot, rep int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d/%v/%d/%d", base, scen, agents, rot, rep)
	return h.Sum64()
}

func scores(agents []string, records []Record) []AgentScore {
	acc := map[string]*AgentScore{}
	for _, a := range agents {
		acc[a] = &AgentScore{Agent: a}
	}
	mean := func(x float64, s *float64) {
		if !math.IsNaN(x) {
			*s += x
		}
	}
	for _, r := range records {
		if r.Err != "" {
			continue
		}
		m := r.Metrics
		for k, a := range r.Agents {
			s := acc[a]
			s.Negotiations++
			if m.Agreed {
				s.AgreementRate++
			}
			s.Advantage += m.Advantages[k]
			s.Utility += m.Utilities[k]
			pw := 0.0
			for j, u := range m.Utilities {
				if j != k {
					pw += u
				}
			}
			if len(m.Utilities) > 1 {
				s.PartnerWel += pw / float64(len(m.Utilities)-1)
			}
			s.Welfare += m.Welfare
			mean(m.ParetoOptimality, &s.ParetoOpt)
			mean(m.NashOptimality, &s.NashOpt)
			mean(m.KSOptimality, &s.KSOpt)
			mean(m.MaxWelfareOptimality, &s.WelfareOpt)
		}
	}
	out := make([]AgentScore, 0, len(agents))
	for _, a := range agents {
		s := acc[a]
		if n := float64(s.Negotiations); n > 0 {
			s.AgreementRate /= n
			s.Advantage /= n
			s.Utility /= n
			s.PartnerWel /= n
			s.Welfare /= n
			s.ParetoOpt /= n
			s.NashOpt /= n
			s.KSOpt /= n
			s.WelfareOpt /= n
		}
		out = append(out, *s)
	}
	slices.SortStableFunc(out, func(a, b AgentScore) int {
		if a.Advantage != b.Advantage {
			if a.Advantage > b.Advantage {
				return -1
			}
			return 1
		}
		return 0
	})
	return out
}
