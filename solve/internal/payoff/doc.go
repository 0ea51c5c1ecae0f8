// Package payoff holds the payoff arithmetic behind the regret checks of
// package solve and the methods that compute regrets themselves: the
// power-of-two scaling that keeps float64 sums of payoffs near ±1e308
// finite, and walks over the plays of a tree with their probabilities.
package payoff
