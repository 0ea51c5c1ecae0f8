// Package gametest builds games for tests: trees and strategic games
// written inline (exact or float payoffs), small fixtures (poker,
// signalling, three players), and seeded random strategic games and
// trees. It is imported by tests only.
package gametest
