package server

import (
	"net/http"
	"os"
	"testing"

	"github.com/tablero-project/tablero/internal/testdb"
)

// TestNegotiateWinSets checks that a run of POST /v1/negotiate on a
// specification with ratification constraints keeps the negotiators inside
// their win-sets, as negotiate run does, unless ignore_win_sets asks
// otherwise, and that either way the outcome lists the agreement's
// breaches; the option is part of the run's hash.
func TestNegotiateWinSets(t *testing.T) {
	spec, err := os.ReadFile("../negotiate/testdata/crisis-2.6.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, testdb.SQLite(t), Config{})
	hashes := map[bool]string{}
	for _, ignore := range []bool{false, true} {
		req := NegotiateRequest{Action: "run", Domain: string(spec), Types: map[string]string{"MX": "T"},
			Agents: []string{"Boulware", "Conceder"}, Steps: 100, Seed: 1, IgnoreWinSets: ignore}
		var n NegotiateResult
		e.json("POST", "/v1/negotiate", req, "/v1/negotiate", http.StatusOK, &n)
		o := n.Outcome
		if o == nil || o.Ratification == nil || len(o.Package) == 0 {
			t.Fatalf("ignore_win_sets %v: outcome %+v without a ratification or a package", ignore, o)
		}
		r := o.Ratification
		if r.Respected == ignore {
			t.Errorf("ignore_win_sets %v: respected = %v", ignore, r.Respected)
		}
		// Mexico's tight type would not ratify joint operations under its
		// control: Boulware reaches them only when the win-sets are ignored.
		if joint := o.Package[0].Option == "S2_joint_MX_control"; joint != ignore {
			t.Errorf("ignore_win_sets %v: package %+v", ignore, o.Package)
		}
		if breached := len(r.Breaches) == 1 && r.Breaches[0].Party == "MX"; breached != ignore || len(r.Breaches) > 1 {
			t.Errorf("ignore_win_sets %v: breaches %+v", ignore, r.Breaches)
		}
		hashes[ignore] = n.Run.Hash
	}
	if hashes[false] == hashes[true] {
		t.Error("ignore_win_sets does not change the run's hash")
	}
	sc := e.postScenario(flagship)
	var n NegotiateResult
	e.json("POST", "/v1/negotiate", NegotiateRequest{Scenario: sc.ID, Action: "run", Steps: 50, Seed: 3}, "/v1/negotiate", http.StatusOK, &n)
	if r := n.Outcome.Ratification; r == nil || !r.Respected {
		t.Errorf("a run on a stored scenario's negotiation block: ratification %+v, want the win-sets kept to", r)
	}
}
