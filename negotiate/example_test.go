package negotiate_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tablero-project/tablero/negotiate"
)

// house is a two-issue domain (price × furniture) with a buyer and a seller.
func house() (*negotiate.Domain, []*negotiate.Profile) {
	d := &negotiate.Domain{Name: "house", Issues: []negotiate.Issue{
		{Name: "price", Kind: negotiate.Integer, Min: 200, Max: 204},
		{Name: "furniture", Kind: negotiate.Discrete, Values: []string{"none", "some", "all"}},
	}}
	buyer := &negotiate.Profile{Name: "buyer", Weights: []float64{0.7, 0.3}, Evaluators: []negotiate.Evaluator{
		{Kind: negotiate.EvalLinear, Slope: -0.25, Offset: 1}, // 1 at 200, 0 at 204
		{Kind: negotiate.EvalTable, Table: []float64{0, 0.6, 1}},
	}, Reservation: 0.2}
	seller := &negotiate.Profile{Name: "seller", Weights: []float64{0.8, 0.2}, Evaluators: []negotiate.Evaluator{
		{Kind: negotiate.EvalLinear, Slope: 0.25},
		{Kind: negotiate.EvalTable, Table: []float64{1, 0.8, 0.3}},
	}, Reservation: 0.2}
	return d, []*negotiate.Profile{buyer, seller}
}

func Example_analyze() {
	ctx := context.Background()
	d, ps := house()
	s, err := negotiate.Evaluate(ctx, d, ps, 0)
	if err != nil {
		panic(err)
	}
	a, err := negotiate.Analyze(ctx, s, negotiate.NegMAS, negotiate.AnalysisOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d outcomes, %d on the frontier\n", s.N, len(a.Frontier))
	for _, p := range a.Nash {
		fmt.Printf("Nash %.3f %v\n", p.U, d.Labels(p.Outcomes[0]))
	}
	for _, p := range a.KS {
		fmt.Printf("KS   %.3f %v\n", p.U, d.Labels(p.Outcomes[0]))
	}
	// Output:
	// 15 outcomes, 7 on the frontier
	// Nash [0.475 0.660] [203 all]
	// KS   [0.530 0.560] [202 some]
}

func ExampleRun() {
	ctx := context.Background()
	d, ps := house()
	s, _ := negotiate.Evaluate(ctx, d, ps, 0)
	res, err := negotiate.Run(ctx, s, []negotiate.Negotiator{negotiate.NewBoulware(), negotiate.NewConceder()}, nil,
		negotiate.Protocol{NSteps: 20})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Agreed, res.Steps, s.Labels(res.Agreement))
	fmt.Printf("%.3f\n", res.Utilities)
	// Output:
	// true 16 [201 all]
	// [0.825 0.260]
}

func ExampleLinkageAnalysis() {
	s, err := negotiate.LoadSpec("testdata/crisis-2.6.yaml")
	if err != nil {
		panic(err)
	}
	r, err := negotiate.LinkageAnalysis(context.Background(), s, negotiate.ReportOptions{
		BuildOptions: negotiate.BuildOptions{Types: map[string]string{"MX": "T"}}, NoTypeTable: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("linked: range %d of %d, Nash %.3f\n", r.Linked.Range, r.Linked.Packages, r.Linked.Nash.Utilities)
	fmt.Printf("linked, within the red line: range %d\n", r.Ratified.Range)
	a := r.Agendas[0]
	fmt.Printf("%s: range %d of %d, Nash %.3f\n", a.ID, a.Range, a.Packages, a.Nash.Utilities)
	// Output:
	// linked: range 403 of 1458, Nash [0.755 0.768]
	// linked, within the red line: range 210
	// security-only: range 12 of 54, Nash [0.615 0.738]
}

// The JSON document of an analysis names outcomes by their labels.
func ExampleNewDomainAnalysis() {
	ctx := context.Background()
	d, ps := house()
	as, _, err := negotiate.AnalyzeDomain(ctx, d, ps, negotiate.AnalyzeOptions{Conventions: []negotiate.Convention{negotiate.NegMAS}})
	if err != nil {
		panic(err)
	}
	v := negotiate.NewDomainAnalysis(d, as)
	b, _ := json.Marshal(v.Analyses[0].Nash[0].Outcomes)
	fmt.Printf("%s %s %.3f\n", v.Analyses[0].Convention, b, v.Analyses[0].Nash[0].Utilities)
	// Output:
	// negmas [["203","all"]] [0.475 0.660]
}

// A simulated negotiation from documents in memory, as a server receives
// them.
func ExampleSimulate() {
	ctx := context.Background()
	domain := []byte(`<negotiation_template><utility_space><objective index="0" name="deal">
<issue index="1" name="price" type="discrete"><item index="1" value="low"/><item index="2" value="mid"/><item index="3" value="high"/></issue>
</objective></utility_space></negotiation_template>`)
	profile := func(low, mid, high string) []byte {
		return []byte(`<utility_space><objective index="0" name="deal">
<issue index="1" name="price" type="discrete"><item index="1" value="low" evaluation="` + low + `"/><item index="2" value="mid" evaluation="` + mid + `"/><item index="3" value="high" evaluation="` + high + `"/></issue>
<weight index="1" value="1"/></objective></utility_space>`)
	}
	d, ps, err := negotiate.LoadBytes(negotiate.FormatGenius, domain, [][]byte{profile("1", "0.6", "0"), profile("0", "0.7", "1")},
		negotiate.LoadOptions{DomainName: "market", ProfileNames: []string{"buyer", "seller"}})
	if err != nil {
		panic(err)
	}
	sim, err := negotiate.Simulate(ctx, d, ps, negotiate.SimulateOptions{Protocol: negotiate.Protocol{NSteps: 10}})
	if err != nil {
		panic(err)
	}
	v := negotiate.NewRunView(sim, false)
	fmt.Println(v.Negotiators, v.Profiles, v.Agreement, v.Steps)
	// Output:
	// [Boulware Conceder] [buyer seller] [mid] 9
}
