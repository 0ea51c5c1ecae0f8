package draws

// Replacement is a parameter or a multiplier of literal numbers whose
// declared uncertainty the run replaced (--range, --dist): the draws and
// the tornado use Dist instead of Declared, while the default (a
// multiplier's 1) stays the point estimate.
type Replacement struct {
	Name     string `json:"name"`
	Declared string `json:"declared"` // e.g. uniform(0.1, 0.5)
	Dist     string `json:"dist"`     // e.g. normal(0.3, 0.05)
}
