// Package actor holds the helpers the brief's packages share to find and
// name a scenario's actors.
package actor

import "github.com/tablero-project/tablero/scenario"

// Index is the index of the actor with id in s, or −1.
func Index(s *scenario.Scenario, id string) int {
	for i, a := range s.Actors {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// TypeName names an actor-type in output names and table headers: "US=H",
// or "US" for an actor without types.
func TypeName(actor, typ string) string {
	if typ == "" {
		return actor
	}
	return actor + "=" + typ
}
