package negotiate

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

// refStats is the subset of reference/scenario_stats.json the tests use
// (NegMAS algorithms on GENIUS-semantics utilities, no cap at 1, real issue
// on 101 points).
type refStats struct {
	Domain           string      `json:"domain"`
	Profiles         []string    `json:"profiles"`
	NOutcomes        float64     `json:"n_outcomes"`
	BiParetoSize     *int        `json:"bi_pareto_size"`
	ParetoSizeAll    *int        `json:"pareto_size_all_profiles"`
	BiNash           [][]float64 `json:"bi_nash_utils"`
	BiKalai          [][]float64 `json:"bi_kalai_utils"`
	BiKS             [][]float64 `json:"bi_ks_utils"`
	BiModKalai       [][]float64 `json:"bi_modified_kalai_utils"`
	BiModKS          [][]float64 `json:"bi_modified_ks_utils"`
	BiMaxWelfare     [][]float64 `json:"bi_max_welfare_utils"`
	BiMaxRelWelfare  [][]float64 `json:"bi_max_relative_welfare_utils"`
	BiRanges         [][]float64 `json:"bi_utility_ranges"`
	BiOpposition     *float64    `json:"bi_opposition"`
	Opposition       *float64    `json:"opposition"`
	RationalFraction *float64    `json:"rational_fraction"`
	NPNash           [][]float64 `json:"nparty_nash_utils"`
	NPKS             [][]float64 `json:"nparty_ks_utils"`
	NPKalai          [][]float64 `json:"nparty_kalai_utils"`
	NPMaxWelfare     [][]float64 `json:"nparty_max_welfare_utils"`
}

type refGenius struct {
	Domain     string      `json:"domain"`
	Profiles   []string    `json:"profiles"`
	ParetoSize int         `json:"pareto_size"`
	Nash       []float64   `json:"nash"`
	KS         []float64   `json:"ks"`
	Points     [][]float64 `json:"pareto_points"`
}

// refTol is the acceptance tolerance; the reference CSV/JSON values are
// rounded to 10 decimals.
const refTol = 1e-9

func readParetoCSV(t *testing.T, name string) [][]float64 {
	rows, _ := peertest.CSV(t, filepath.Join(peerDir, "reference", "pareto", name+".csv"))
	var out [][]float64
	for _, r := range rows {
		a, _ := strconv.ParseFloat(r[0], 64)
		b, _ := strconv.ParseFloat(r[1], 64)
		out = append(out, []float64{a, b})
	}
	return out
}

// TestConformanceNegMAS checks the bilateral frontier and every solution
// concept in the NegMAS convention against reference/scenario_stats.json
// and reference/pareto/*.csv, and the n-party statistics where given.
func TestConformanceNegMAS(t *testing.T) {
	needPeers(t)
	var refs []refStats
	readJSON(t, "scenario_stats.json", &refs)
	counts := map[string]int{}
	total := 0
	for _, ref := range refs {
		if ref.BiParetoSize == nil {
			continue
		}
		total++
		t.Run(ref.Domain, func(t *testing.T) {
			pd := peerLookup(t, ref.Domain)
			d, ps := loadPeer(t, pd, 0, XMLOptions{RealLevels: 101, NoCap: true})
			s, err := Evaluate(context.Background(), d, ps, 0)
			if err != nil {
				t.Fatal(err)
			}
			if float64(s.N) != ref.NOutcomes {
				t.Fatalf("outcomes %d, reference %g", s.N, ref.NOutcomes)
			}
			a, err := Analyze(context.Background(), s.Sub(0, 1), NegMAS, AnalysisOptions{})
			if err != nil {
				t.Fatal(err)
			}
			check := func(name string, got []Point, want [][]float64) {
				t.Helper()
				if !sameSets(utilsOf(got), want, refTol) {
					t.Errorf("%s: got %v, want %v", name, utilsOf(got), want)
					return
				}
				counts[name]++
			}
			if len(a.Frontier) != *ref.BiParetoSize {
				t.Errorf("pareto size %d, want %d", len(a.Frontier), *ref.BiParetoSize)
			}
			check("pareto", a.Frontier, readParetoCSV(t, ref.Domain))
			check("nash", a.Nash, ref.BiNash)
			check("kalai", a.Kalai, ref.BiKalai)
			check("ks", a.KS, ref.BiKS)
			check("modified_kalai", a.ModifiedKalai, ref.BiModKalai)
			check("modified_ks", a.ModifiedKS, ref.BiModKS)
			check("max_welfare", a.MaxWelfare, ref.BiMaxWelfare)
			check("max_relative_welfare", a.MaxRelativeWelfare, ref.BiMaxRelWelfare)
			for i := range a.Ranges {
				if math.Abs(a.Ranges[i][0]-ref.BiRanges[i][0]) > refTol || math.Abs(a.Ranges[i][1]-ref.BiRanges[i][1]) > refTol {
					t.Errorf("range %d: %v, want %v", i, a.Ranges[i], ref.BiRanges[i])
				}
			}
			if math.Abs(a.Opposition-*ref.BiOpposition) > refTol {
				t.Errorf("bilateral opposition %v, want %v", a.Opposition, *ref.BiOpposition)
			}
			// all profiles: frontier size, opposition, rational fraction,
			// n-party solutions
			all, err := Analyze(context.Background(), s, NegMAS, AnalysisOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(all.Frontier) != *ref.ParetoSizeAll {
				t.Errorf("all-profile pareto size %d, want %d", len(all.Frontier), *ref.ParetoSizeAll)
			}
			if math.Abs(all.Opposition-*ref.Opposition) > refTol {
				t.Errorf("opposition %v, want %v", all.Opposition, *ref.Opposition)
			}
			if math.Abs(all.RationalFraction-*ref.RationalFraction) > refTol {
				t.Errorf("rational fraction %v, want %v", all.RationalFraction, *ref.RationalFraction)
			}
			if ref.NPNash != nil {
				check("nparty_nash", all.Nash, ref.NPNash)
				check("nparty_ks", all.KS, ref.NPKS)
				check("nparty_kalai", all.Kalai, ref.NPKalai)
				check("nparty_max_welfare", all.MaxWelfare, ref.NPMaxWelfare)
			}
		})
	}
	t.Logf("NegMAS convention, domains matched per concept (of %d): %v", total, counts)
}

// TestConformanceGENIUS checks the frontier (as a set of utility points),
// Nash and KS in the GENIUS convention against GENIUS's own BidSpace
// (reference/genius_bidspace_and_runs.json): capped sums, real issue on 21
// points, every outcome competing.
func TestConformanceGENIUS(t *testing.T) {
	needPeers(t)
	var refs []refGenius
	readJSON(t, "genius_bidspace_and_runs.json", &refs)
	counts := map[string]int{}
	for _, ref := range refs {
		t.Run(ref.Domain, func(t *testing.T) {
			pd := peerLookup(t, ref.Domain)
			d, ps := loadPeer(t, pd, 2, XMLOptions{})
			s, err := Evaluate(context.Background(), d, ps, 0)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Analyze(context.Background(), s, GENIUS, AnalysisOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if sameSets(utilsOf(a.Frontier), ref.Points, refTol) {
				counts["pareto"]++
			} else {
				t.Errorf("pareto: got %v, want %v", utilsOf(a.Frontier), ref.Points)
			}
			if a.FrontierOutcomes == ref.ParetoSize {
				counts["pareto_bids"]++
			} else {
				t.Errorf("frontier outcomes %d, GENIUS lists %d bids", a.FrontierOutcomes, ref.ParetoSize)
			}
			if subset([][]float64{ref.Nash}, utilsOf(a.Nash), refTol) {
				counts["nash"]++
			} else {
				t.Errorf("nash: got %v, want %v", utilsOf(a.Nash), ref.Nash)
			}
			if subset([][]float64{ref.KS}, utilsOf(a.KS), refTol) {
				counts["ks"]++
			} else {
				t.Errorf("ks: got %v, want %v", utilsOf(a.KS), ref.KS)
			}
			// max welfare of GENIUS's own frontier points
			best := math.Inf(-1)
			for _, p := range ref.Points {
				best = math.Max(best, p[0]+p[1])
			}
			var mw [][]float64
			for _, p := range ref.Points {
				if p[0]+p[1] >= best-1e-12 {
					mw = append(mw, p)
				}
			}
			if sameSets(utilsOf(a.MaxWelfare), mw, refTol) {
				counts["max_welfare"]++
			} else {
				t.Errorf("max welfare: got %v, want %v", utilsOf(a.MaxWelfare), mw)
			}
		})
	}
	t.Logf("GENIUS convention, domains matched per concept (of %d): %v", len(refs), counts)
}
