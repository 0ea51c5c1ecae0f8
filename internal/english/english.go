// Package english spells counts in the text tablero shows its users:
// "1 observation", "3 observations", never "3 observation(s)".
package english

import "strconv"

// Count gives n and word, with the plural s unless n is 1: "1 draw",
// "0 draws", "3 draws". The words tablero counts have regular plurals.
func Count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Agree gives one when n is 1 and many otherwise: the verb or pronoun
// that agrees with n things ("updates" or "update", "it" or "they").
func Agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
