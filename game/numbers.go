package game

// maxFileID bounds the numbers files give information sets and outcomes
// (Gambit reads them as 32-bit integers).
const maxFileID = 1<<31 - 1

// FileNumbers numbers the information sets and outcomes met in nodes as
// files write them (Gambit's .efg, tablero's JSON): their own IDs where
// these are positive and unique (information sets within their player),
// else 1, 2, ... in order of first visit. Games built in code, such as
// those a scenario generates, often leave the IDs at 0.
func FileNumbers(nodes []*Node) (sets map[*Infoset]int, outcomes map[*Outcome]int) {
	byPlayer := map[int][]*Infoset{}
	var outs []*Outcome
	seenSet, seenOut := map[*Infoset]bool{}, map[*Outcome]bool{}
	for _, n := range nodes {
		if s := n.Infoset; s != nil && !seenSet[s] {
			seenSet[s] = true
			byPlayer[s.Player] = append(byPlayer[s.Player], s)
		}
		if o := n.Outcome; o != nil && !seenOut[o] {
			seenOut[o] = true
			outs = append(outs, o)
		}
	}
	sets = map[*Infoset]int{}
	for _, ss := range byPlayer {
		ids := make([]int, len(ss))
		for i, s := range ss {
			ids[i] = s.ID
		}
		for i, id := range keepOrRenumber(ids) {
			sets[ss[i]] = id
		}
	}
	ids := make([]int, len(outs))
	for i, o := range outs {
		ids[i] = o.ID
	}
	outcomes = map[*Outcome]int{}
	for i, id := range keepOrRenumber(ids) {
		outcomes[outs[i]] = id
	}
	return sets, outcomes
}

// keepOrRenumber returns ids if they are positive, at most maxFileID and
// unique, else 1, 2, ..., len(ids).
func keepOrRenumber(ids []int) []int {
	seen := map[int]bool{}
	for _, id := range ids {
		if id < 1 || id > maxFileID || seen[id] {
			out := make([]int, len(ids))
			for i := range out {
				out[i] = i + 1
			}
			return out
		}
		seen[id] = true
	}
	return ids
}
