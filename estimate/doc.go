// Package estimate fits statistical strategic models: it estimates the
// utilities of the actors of a crisis game from observed outcomes by
// maximum likelihood, as Signorino's strategic probit and logit (Signorino
// 1999, 2003) and the R package games (Kenkel and Signorino 2014) do.
//
// A model is a Tree: a game tree of perfect information where each move is
// a choice between two actions (any such tree of the game package converts
// with FromGame; Egame12, Egame122 and Egame123 are the games package's
// trees), with some of the players' utilities at the outcomes written as
// linear functions of covariates and the rest fixed at zero. The choices
// are noisy: with agent error every action at every move carries a shock
// (a quantal response equilibrium); with private values every player's
// utility at every outcome does, known to that player only. Shocks are
// normal (probit) or their differences logistic (logit). The ultimatum
// model of Ramsay and Signorino (2009) has its own likelihood.
//
// Data come from CSV (ReadCSV) and models from a formula in the games
// package's notation, one equation per estimated utility:
//
//	esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2
//
// Estimate maximises the likelihood with gonum's BFGS or Newton methods
// (analytic gradients, a Hessian from differences of them) or with vmmin,
// a port of R's optim BFGS that stops where games stops, so that fits
// reproduce the package's published output. Standard errors come from the
// inverse Hessian, NaN with a warning where it is not negative definite
// (the local-identification check); Boot adds a seeded parallel bootstrap,
// Predict and PredProbs give fitted probabilities, Vuong and Clarke compare
// non-nested models, and Report.ScenarioParams turns the estimates into
// scenario parameters whose distributions carry the estimation uncertainty
// into a Monte Carlo.
package estimate
