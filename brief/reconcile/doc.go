// Package reconcile puts the engines' answers side by side on a common
// scale: the probability of each operational scenario (the anchors, S1–S4
// in the flagship, then OffScale) under the crisis game's equilibrium, its
// Monte Carlo means, the negotiation's ratified Nash package and
// bargaining range, and the stakeholder models' settlements (Table, with
// the distance of every answer to the game's and a sentence on why they
// differ). Its checks set the negotiation's ratification red lines
// against what the game lets the same party do (RedLine) and compare the
// bargaining range under three readings of "no deal" (ReservationCheck).
//
// It reads the brief's other sections (Sections) and is imported by
// package brief, which renders the table; it does not import brief.
package reconcile
