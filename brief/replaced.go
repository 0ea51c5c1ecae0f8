package brief

// Replacement is a parameter whose declared uncertainty the run replaced
// (--range, --dist): the draws and the tornado use Dist instead of
// Declared, while the default stays the point estimate.
type Replacement struct {
	Name     string `json:"name"`
	Declared string `json:"declared"` // e.g. uniform(0.1, 0.5)
	Dist     string `json:"dist"`     // e.g. normal(0.3, 0.05)
}

// replacedMD lists the replaced uncertainties at the top of the brief.
func (b *Brief) replacedMD(p *printer) {
	if b.Uncertainty == nil || len(b.Uncertainty.Replaced) == 0 {
		return
	}
	p.f("**Uncertainty replaced.** This run draws %d parameter(s) from another distribution than the scenario declares:\n\n", len(b.Uncertainty.Replaced))
	for _, r := range b.Uncertainty.Replaced {
		p.f("- `%s` ~ %s (declared: %s)\n", r.Name, r.Dist, r.Declared)
	}
	p.f("\n")
}
