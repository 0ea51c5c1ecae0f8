package brief

import (
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
)

// productText writes a path as its factors: "US resolved (30%) × it
// leaks (40%)"; "certain" when it has none.
func productText(p equilibrium.Path) string {
	if len(p.Factors) == 0 {
		return "certain"
	}
	var parts []string
	for _, st := range p.Factors {
		parts = append(parts, fmt.Sprintf("%s (%s)", st.Label, pct(st.Probability)))
	}
	return strings.Join(parts, " × ")
}

// pathsMD writes the paths behind each result: in the refined equilibrium,
// and the largest at the headline's precision.
func (b *Brief) pathsMD(p *printer) {
	if len(b.Paths) == 0 {
		return
	}
	p.f("## Paths to each result\n\n")
	p.f("Each result's probability as the sum over the paths of play that produce it; a path's probability is the product of its uncertain factors (types, chance events, mixed choices), its certain steps are the equilibrium's own choices. Histories that differ only in a draw that does not change play are merged.\n\n")
	p.f("| Equilibrium | Result | Path probability | Factors | Certain steps | Outcomes |\n|---|---|---:|---|---|---|\n")
	write := func(name string, rps []equilibrium.ResultPaths, limit int) {
		for _, rp := range rps {
			for k, path := range rp.Paths {
				if k == limit {
					break
				}
				var certain []string
				for _, st := range path.Certain {
					certain = append(certain, st.Label)
				}
				out := strings.Join(path.Outcomes, ", ")
				if path.Hidden {
					out += " (hidden)"
				}
				p.f("| %s | %s | %s | %s | %s | %s |\n", name, rp.Name, num(path.Probability, 3), cell(productText(path)), cell(strings.Join(certain, "; ")), out)
			}
		}
	}
	if b.Refined != nil {
		write("refined", b.Refined.Paths, equilibrium.MaxPaths)
	}
	write(fmt.Sprintf("headline (λ = %g), %s", b.Solution.Lambda, b.pointName()), b.Paths, 3)
	p.f("\n")
}
