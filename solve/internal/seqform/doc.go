// Package seqform builds the sequence form of a two-player tree with
// perfect recall (Koller, Megiddo and von Stengel 1996): the sequences of
// each player, the nonzero entries of the payoff matrices, and the
// translation of realization plans back to behaviour strategies. It is
// shared by lcp.SequenceLCP and lp.SequenceLP.
package seqform
