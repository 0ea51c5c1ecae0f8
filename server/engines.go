package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"

	"github.com/goccy/go-yaml"
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/repro"
)

// ForecastRequest asks for a stakeholder forecast: a table given inline
// (Table, in Format) or the stakeholders block of a stored scenario.
type ForecastRequest struct {
	// Scenario is a stored scenario's id whose stakeholders block is the
	// table; exclusive with Table.
	Scenario string `json:"scenario,omitempty"`
	// Table is a stakeholder table document: KTAB CSV or XML, a one-issue
	// EUM CSV, a Decide input, or a YAML stakeholders block.
	Table string `json:"table,omitempty"`
	// Format is ktab-csv, ktab-xml, eum-csv, decide or yaml (default:
	// detected from the content).
	Format string `json:"format,omitempty"`
	// Model is compromise, median, condorcet, eum or smp (default smp).
	Model  string `json:"model,omitempty"`
	Preset string `json:"preset,omitempty"`
	Rounds int    `json:"rounds,omitempty"`
	// NoCycleStop runs every EUM round even when positions repeat.
	NoCycleStop bool `json:"no_cycle_stop,omitempty"`
	// Params set SMP parameters by KTAB's names.
	Params map[string]string `json:"params,omitempty"`
	Seed   *uint64           `json:"seed,omitempty"`
	// Shocks is a sensitivity analysis (perturbed tables); without it the
	// table's own shocks block runs unless NoShocks.
	Shocks   *forecast.Shocks `json:"shocks,omitempty"`
	NoShocks bool             `json:"no_shocks,omitempty"`
}

func (s *Server) postForecast(w http.ResponseWriter, r *http.Request) error {
	var req ForecastRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	input, format, err := s.forecastInput(r, &req)
	if err != nil {
		return err
	}
	t, spec, err := forecast.Parse(format, input)
	if err != nil {
		return badRequest("invalid-table", "stakeholder table: %v", err)
	}
	if req.Model == "" {
		req.Model = forecast.ModelSMP
	}
	q := forecast.Request{Model: req.Model, Preset: req.Preset, Rounds: req.Rounds, NoCycleStop: req.NoCycleStop,
		Params: req.Params, Seed: req.Seed, Shocks: req.Shocks, NoShocks: req.NoShocks}
	opts := req
	opts.Table, opts.Scenario = "", ""
	rec, err := repro.New("forecast", input, opts)
	if err != nil {
		return err
	}
	rec.Seed = req.Seed
	var rep *forecast.Report
	err = s.compute(r.Context(), func(ctx context.Context) error {
		res, sens, err := forecast.RunRequest(ctx, t, spec, q)
		if err != nil {
			return err
		}
		rep = forecast.NewReport(res, sens)
		return nil
	})
	if err != nil {
		return engineError("forecast", err)
	}
	rec.Finish()
	rep.Run = &rec
	return writeJSON(w, http.StatusOK, rep)
}

// forecastInput returns the table document of a request and its format.
func (s *Server) forecastInput(r *http.Request, req *ForecastRequest) ([]byte, string, error) {
	switch {
	case req.Scenario != "" && req.Table != "":
		return nil, "", badRequest("invalid-request", `give "scenario" or "table", not both`)
	case req.Table != "":
		if len(req.Table) > MaxGameBytes {
			return nil, "", tooLarge("table", len(req.Table))
		}
		return []byte(req.Table), req.Format, nil
	case req.Scenario != "":
		sc, err := s.storedScenario(r, req.Scenario)
		if err != nil {
			return nil, "", err
		}
		if sc.Doc.Stakeholders == nil {
			return nil, "", badRequest("no-stakeholders", "scenario %s has no stakeholders block", req.Scenario)
		}
		b, err := yaml.Marshal(sc.Doc.Stakeholders)
		return b, forecast.FormatYAML, err
	}
	return nil, "", badRequest("invalid-request", `the request has no table: give "table" (a document) or "scenario" (a stored scenario's id)`)
}

// NegotiateRequest asks for a negotiation analysis or a simulated
// negotiation, on documents given inline or on a stored scenario's
// negotiation block.
type NegotiateRequest struct {
	// Action is analyze (the frontier and bargaining solutions, default)
	// or run (one stacked-alternating-offers negotiation).
	Action string `json:"action,omitempty"`
	// Scenario is a stored scenario's id whose negotiation block is the
	// domain; exclusive with Domain.
	Scenario string `json:"scenario,omitempty"`
	// Format is genius (XML), geniusweb (JSON) or spec (a negotiation
	// specification, YAML or JSON); default spec.
	Format   string   `json:"format,omitempty"`
	Domain   string   `json:"domain,omitempty"`
	Profiles []string `json:"profiles,omitempty"`
	// Types pick each party's type in a specification (party: type).
	Types map[string]string `json:"types,omitempty"`
	// Conventions are negmas and/or genius (analyze; default both).
	Conventions []string `json:"conventions,omitempty"`
	// Search finds a bilateral frontier without enumerating (analyze).
	Search bool `json:"search,omitempty"`
	// Agents, Steps and Seed configure a run.
	Agents []string `json:"agents,omitempty"`
	Steps  int      `json:"steps,omitempty"`
	Seed   uint64   `json:"seed,omitempty"`
	// IgnoreWinSets lets a run's negotiators offer and accept packages
	// their own audience would not ratify (a specification's ratification
	// constraints); by default they keep to their win-sets. Either way the
	// outcome's ratification lists the breaches of the agreement.
	IgnoreWinSets bool `json:"ignore_win_sets,omitempty"`
	// Budget caps the outcomes enumerated (capped by the server).
	Budget int64 `json:"budget,omitempty"`
}

// NegotiateResult is the document of a negotiation request: the analysis
// or the run, by the request's action.
type NegotiateResult struct {
	Run      repro.Record              `json:"run"`
	Analysis *negotiate.DomainAnalysis `json:"analysis,omitempty"`
	Outcome  *negotiate.RunView        `json:"outcome,omitempty"`
}

func (s *Server) postNegotiate(w http.ResponseWriter, r *http.Request) error {
	var req NegotiateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Action == "" {
		req.Action = "analyze"
	}
	if req.Action != "analyze" && req.Action != "run" {
		return badRequest("invalid-request", "action %q: expected analyze or run", req.Action)
	}
	if s.cfg.SolveBudget > 0 && (req.Budget <= 0 || req.Budget > int64(s.cfg.SolveBudget)) {
		req.Budget = int64(s.cfg.SolveBudget)
	}
	n, err := s.negotiationInput(r, &req)
	if err != nil {
		return err
	}
	opts := req
	opts.Domain, opts.Profiles = "", nil
	rec, err := repro.New("negotiate", n.input, opts)
	if err != nil {
		return err
	}
	out := NegotiateResult{}
	err = s.compute(r.Context(), func(ctx context.Context) error {
		if req.Action == "run" {
			seed := req.Seed
			rec.Seed = &seed
			sim, err := negotiate.Simulate(ctx, n.domain, n.profiles, negotiate.SimulateOptions{Agents: req.Agents, Budget: req.Budget,
				Protocol: negotiate.Protocol{NSteps: req.Steps, Seed: req.Seed}, WinSets: n.winSets, IgnoreWinSets: req.IgnoreWinSets})
			if err != nil {
				return err
			}
			out.Outcome = negotiate.NewRunView(sim, true)
			return nil
		}
		var convs []negotiate.Convention
		for _, c := range req.Conventions {
			convs = append(convs, negotiate.Convention(c))
		}
		as, _, err := negotiate.AnalyzeDomain(ctx, n.domain, n.profiles, negotiate.AnalyzeOptions{Conventions: convs, Search: req.Search, Budget: req.Budget})
		if err != nil {
			return err
		}
		out.Analysis = negotiate.NewDomainAnalysis(n.domain, as)
		return nil
	})
	if err != nil {
		return engineError("negotiation", err)
	}
	rec.Finish()
	out.Run = rec
	return writeJSON(w, http.StatusOK, out)
}

// negotiation is what a negotiation request computes on.
type negotiation struct {
	domain   *negotiate.Domain
	profiles []*negotiate.Profile
	// winSets are a specification's ratification constraints, compiled
	// for a run (nil for GENIUS and GeniusWeb documents and for analyze).
	winSets *negotiate.WinSets
	// input is the canonical input the run record hashes.
	input []byte
}

// negotiationInput builds the negotiation of a request.
func (s *Server) negotiationInput(r *http.Request, req *NegotiateRequest) (*negotiation, error) {
	switch {
	case req.Scenario != "" && req.Domain != "":
		return nil, badRequest("invalid-request", `give "scenario" or "domain", not both`)
	case req.Domain != "":
		return inlineNegotiation(req)
	case req.Scenario != "":
		return s.scenarioNegotiation(r, req)
	}
	return nil, badRequest("invalid-request", `the request has no domain: give "domain" (documents) or "scenario" (a stored scenario's id)`)
}

// inlineNegotiation builds the negotiation of documents given inline.
func inlineNegotiation(req *NegotiateRequest) (*negotiation, error) {
	size := len(req.Domain)
	for _, p := range req.Profiles {
		size += len(p)
	}
	if size > MaxGameBytes {
		return nil, tooLarge("negotiation", size)
	}
	format := cmp.Or(req.Format, negotiate.FormatSpec)
	profiles := make([][]byte, len(req.Profiles))
	n := &negotiation{input: []byte(format + "\x00" + req.Domain)}
	for i, p := range req.Profiles {
		profiles[i] = []byte(p)
		n.input = append(append(n.input, 0), p...)
	}
	build := negotiate.BuildOptions{Types: req.Types}
	var err error
	if n.domain, n.profiles, err = negotiate.LoadBytes(format, []byte(req.Domain), profiles, negotiate.LoadOptions{Build: build}); err != nil {
		return nil, badRequest("invalid-domain", "negotiation: %v", err)
	}
	if format != negotiate.FormatSpec || req.Action != "run" {
		return n, nil
	}
	spec, err := negotiate.ParseSpec([]byte(req.Domain), "domain")
	if err == nil {
		n.winSets, err = spec.CompileWinSets(build)
	}
	if err != nil {
		return nil, badRequest("invalid-domain", "negotiation: %v", err)
	}
	return n, nil
}

// scenarioNegotiation builds the negotiation of a stored scenario's
// negotiation block, at the parameters' defaults.
func (s *Server) scenarioNegotiation(r *http.Request, req *NegotiateRequest) (*negotiation, error) {
	sc, err := s.storedScenario(r, req.Scenario)
	if err != nil {
		return nil, err
	}
	spec := sc.Doc.Negotiation
	if spec == nil {
		return nil, badRequest("no-negotiation", "scenario %s has no negotiation block", req.Scenario)
	}
	nums, err := sc.Model.Numbers(nil)
	if err != nil {
		return nil, err
	}
	build := negotiate.BuildOptions{Types: req.Types, Values: nums.Env}
	n := &negotiation{input: sc.Canonical}
	if n.domain, n.profiles, _, err = spec.Build(build); err == nil && req.Action == "run" {
		n.winSets, err = spec.CompileWinSets(build)
	}
	if err != nil {
		return nil, badRequest("invalid-domain", "scenario %s: negotiation: %v", req.Scenario, err)
	}
	return n, nil
}

// storedScenario returns a stored scenario, compiled (from the cache).
func (s *Server) storedScenario(r *http.Request, id string) (*analysis.Scenario, error) {
	return s.parsed.get(r.Context(), id, func(ctx context.Context) (*analysis.Scenario, error) {
		stored, err := s.st.GetScenario(ctx, id)
		if err != nil {
			return nil, err
		}
		return analysis.Parse(id, stored.Canonical)
	})
}

func tooLarge(what string, n int) error {
	return &httpError{p: problem(http.StatusRequestEntityTooLarge, "input-too-large", "Input too large",
		fmt.Sprintf("the %s document has %d bytes; this server takes at most %d", what, n, MaxGameBytes))}
}

// engineError keeps the engines' own classified errors (budgets, time)
// and reports the rest, which are problems of the input, as 422.
func engineError(what string, err error) error {
	if p := problemOf(err); p.Status != http.StatusInternalServerError {
		return err
	}
	return &httpError{p: problem(http.StatusUnprocessableEntity, "invalid-input", "The input cannot be computed",
		fmt.Sprintf("%s: %v", what, err)), err: err}
}
