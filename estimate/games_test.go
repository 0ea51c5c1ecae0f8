package estimate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

// crisisDir holds the games package's data and outputs (see its README).
const crisisDir = "../../shared/peers/crisis"

const headline = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"

func f64(v float64) *float64 { return &v }

// gamesModels are the models of games_models_summary.csv, as Specs on
// their datasets.
//
// seTol is the relative tolerance on SEs. It is 1e-3 except for the models
// games fits without an analytic gradient (fixed utilities, a scale
// formula): there maxLik's Hessian is forward second differences of the
// log-likelihood with step 1e-6, whose rounding error (about 1e-16 × |logLik|
// / 1e-12 per entry) moves games' own SEs by up to 2-3 %, so no
// implementation can match them closer; 3e-2 is that accuracy.
var gamesModels = map[string]struct {
	data  string
	spec  Spec
	seTol float64
}{
	"egame12_war1800_probit_agent":              {"war1800.csv", Spec{Model: "egame12", Formula: headline}, 0},
	"egame12_war1800_logit_agent":               {"war1800.csv", Spec{Model: "egame12", Formula: headline, Link: Logit}, 0},
	"egame12_war1800_probit_private":            {"war1800.csv", Spec{Model: "egame12", Formula: headline, Noise: Private}, 0},
	"egame12_war1800_probit_agent_post1850":     {"war1800.csv", Spec{Model: "egame12", Formula: headline, Subset: "year >= 1850"}, 0},
	"egame12_war1800_fixedUtils_scale":          {"war1800.csv", Spec{Model: "egame12", Formula: "esc + war ~ 1", FixedUtils: []float64{-1, 0, -1.4, 0.1}}, 3e-2},
	"egame12_war1800_fixedUtils_scale_byplayer": {"war1800.csv", Spec{Model: "egame12", Formula: "esc + war ~ 1", FixedUtils: []float64{-1, 0, -1.4, 0.1}, ScaleByPlayer: true}, 3e-2},
	"egame12_war1800_sdformula_balanc":          {"war1800.csv", Spec{Model: "egame12", Formula: headline, Scale: "~ balanc - 1"}, 3e-2},
	"egame12_war1800_balance_of_power":          {"war1800.csv", Spec{Model: "egame12", Formula: "esc + war ~ balanc + s_wt_re1 | 0 | balanc | balanc + s_wt_re1", Subset: "regime1 != nil && regime2 != nil"}, 0},
	"egame12_war1800_regime":                    {"war1800.csv", Spec{Model: "egame12", Formula: "esc + war ~ regime1 | 0 | regime1 + regime2 | regime1 + regime2"}, 0},
	"egame122_data_122":                         {"data_122.csv", Spec{Model: "egame122", Formula: "y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2"}, 0},
	"egame123_data_123_probit_private":          {"data_123.csv", Spec{Model: "egame123", Formula: "y ~ x1 + x2 | 0 | x3 | x4 + x5 | 0 | x6 | x7 | x8", Noise: Private}, 0},
	"ultimatum_data_ult":                        {"data_ult.csv", Spec{Model: "ultimatum", Formula: "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2", MaxOffer: 15}, 0},
	"ultimatum_data_ult_fixed_scales":           {"data_ult.csv", Spec{Model: "ultimatum", Formula: "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2", MaxOffer: 15, S1: f64(5), S2: f64(1)}, 0},
}

func readData(t testing.TB, name string) *Data {
	t.Helper()
	path := peertest.Need(t, filepath.Join(crisisDir, name))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadCSV(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NaN" || s == "NA" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func relClose(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-300)
}

func TestGamesModels(t *testing.T) {
	rows, col := peertest.CSV(t, filepath.Join(crisisDir, "games_models_summary.csv"))
	coefRows, ccol := peertest.CSV(t, filepath.Join(crisisDir, "games_coefficients.csv"))
	for _, row := range rows {
		name := row[col["model"]]
		t.Run(name, func(t *testing.T) {
			m, ok := gamesModels[name]
			if !ok {
				t.Skipf("%s: its dataset (leblang2003) is not among the exported reference data", name)
			}
			fit, err := Estimate(context.Background(), m.spec, readData(t, m.data), Options{Method: "vmmin"})
			if err != nil {
				t.Fatal(err)
			}
			if n := num(t, row[col["n_obs"]]); fit.N != int(n) {
				t.Errorf("n = %d, games %v", fit.N, n)
			}
			if want := num(t, row[col["logLik"]]); math.Abs(fit.LogLik-want) > 1e-4 {
				t.Errorf("logLik = %.8f, games %.8f", fit.LogLik, want)
			}
			if want := row[col["localID"]] == "TRUE"; fit.LocalID != want {
				t.Errorf("localID = %v, games %v", fit.LocalID, want)
			}
			var got int
			for _, cr := range coefRows {
				if cr[ccol["model"]] != name {
					continue
				}
				got++
				j := indexOf(fit.Names, cr[ccol["param"]])
				if j < 0 {
					t.Errorf("no parameter %q in %v", cr[ccol["param"]], fit.Names)
					continue
				}
				est, se := num(t, cr[ccol["estimate"]]), num(t, cr[ccol["std_error"]])
				if !relClose(fit.Estimate[j], est, 1e-3) {
					t.Errorf("%s = %.7g, games %.7g", fit.Names[j], fit.Estimate[j], est)
				}
				tol := m.seTol
				if tol == 0 {
					tol = 1e-3
				}
				if !relClose(fit.SE[j], se, tol) {
					t.Errorf("SE(%s) = %.7g, games %.7g", fit.Names[j], fit.SE[j], se)
				}
			}
			if n := int(num(t, row[col["n_params"]])); got != n || len(fit.Names) != n {
				t.Errorf("%d parameters, games reports %d (%d in its coefficient table)", len(fit.Names), n, got)
			}
			t.Logf("%s: logLik %.6f, %d function evaluations (games: %s), %s", name, fit.LogLik, fit.Evaluations, row[col["optimizer"]], fit.Status)
		})
	}
}

// TestGonumMethods fits the games models with gonum's BFGS and Newton,
// which run to a tighter optimum than games' stopping rule: the
// log-likelihood must be at least games', and the estimates must agree
// with games' to within 2 % of their SEs, except on the two flat ridges
// (the balance-of-power and regime models) where games stops early and
// any point along the ridge is as good.
func TestGonumMethods(t *testing.T) {
	rows, col := peertest.CSV(t, filepath.Join(crisisDir, "games_models_summary.csv"))
	coefRows, ccol := peertest.CSV(t, filepath.Join(crisisDir, "games_coefficients.csv"))
	ridge := map[string]bool{"egame12_war1800_balance_of_power": true, "egame12_war1800_regime": true}
	for _, method := range []string{"bfgs", "newton"} {
		for _, row := range rows {
			name := row[col["model"]]
			m, ok := gamesModels[name]
			if !ok {
				continue
			}
			t.Run(method+"/"+name, func(t *testing.T) {
				fit, err := Estimate(context.Background(), m.spec, readData(t, m.data), Options{Method: method})
				if err != nil {
					t.Fatal(err)
				}
				if want := num(t, row[col["logLik"]]); fit.LogLik < want-1e-6 {
					t.Errorf("logLik %.8f below games' %.8f", fit.LogLik, want)
				}
				if ridge[name] {
					return
				}
				for _, cr := range coefRows {
					if cr[ccol["model"]] != name {
						continue
					}
					j := indexOf(fit.Names, cr[ccol["param"]])
					est, se := num(t, cr[ccol["estimate"]]), num(t, cr[ccol["std_error"]])
					if !math.IsNaN(se) && math.Abs(fit.Estimate[j]-est) > 0.02*se {
						t.Errorf("%s = %.7g, games %.7g (SE %.3g)", fit.Names[j], fit.Estimate[j], est, se)
					}
				}
			})
		}
	}
}
