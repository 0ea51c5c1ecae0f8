package gambit

import (
	"bytes"
	"errors"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/game"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// rat parses an exact number for expectations.
func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad test number " + s)
	}
	return r
}

func wantRats(t *testing.T, what string, got []*big.Rat, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		if got[i].Cmp(rat(w)) != 0 {
			t.Errorf("%s[%d] = %s, want %s", what, i, got[i].RatString(), w)
		}
	}
}

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, f *File)
	}{
		{"chance.efg", checkChance},
		{"infoset.efg", checkInfosetGame},
		{"labels.efg", checkLabels},
		{"outcome.nfg", checkOutcomeVersion},
		{"payoff.nfg", checkPayoffVersion},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if (f.Tree == nil) == (f.Normal == nil) {
				t.Fatalf("File has Tree %v and Normal %v; want exactly one", f.Tree != nil, f.Normal != nil)
			}
			tt.check(t, f)
		})
	}
}

func checkChance(t *testing.T, f *File) {
	g := f.Tree
	if len(g.ChanceInfosets) != 1 || len(g.Nodes) != 13 {
		t.Fatalf("%d chance sets, %d nodes; want 1, 13", len(g.ChanceInfosets), len(g.Nodes))
	}
	probs := []*big.Rat{g.ChanceInfosets[0].Actions[0].Prob, g.ChanceInfosets[0].Actions[1].Prob}
	wantRats(t, "chance probabilities", probs, "1/4", "3/4")
	var ids []int
	for _, o := range g.Outcomes {
		ids = append(ids, o.ID)
	}
	if want := []int{6, 1, 2, 3, 4}; !equalInts(ids, want) {
		t.Errorf("outcome ids %v, want %v (order of definition)", ids, want)
	}
	wantRats(t, "War", g.Outcomes[1].Payoffs, "-1", "-5/2")
	if s := g.Infosets[1][0]; len(s.Members) != 2 {
		t.Errorf("defender's set has %d members, want 2", len(s.Members))
	}
	// Challenge, resist, fight: the mobilisation cost adds to every path.
	u := g.PayoffsRat([][]int{{0, 0, 0}, {0}})
	wantRats(t, "expected payoffs", u, "-13/5", "7/8")
}

func checkInfosetGame(t *testing.T, f *File) {
	g := f.Tree
	if g.IsPerfectInformation() {
		t.Error("IsPerfectInformation() = true, want false")
	}
	if err := g.PerfectRecall(); err != nil {
		t.Error(err)
	}
	if s := g.Infosets[1][0]; len(s.Members) != 2 || s.Label != "B decides without seeing A" {
		t.Errorf("B's set: %d members, label %q", len(s.Members), s.Label)
	}
}

func checkLabels(t *testing.T, f *File) {
	g := f.Tree
	if g.Title != `The "hawk" and the dove` {
		t.Errorf("title %q", g.Title)
	}
	if !strings.Contains(g.Comment, `verbatim: \n, \t, C:\games.`+"\n") {
		t.Errorf("comment %q: backslash pairs not kept", g.Comment)
	}
	if g.Players[1] != "" {
		t.Errorf("empty player label read as %q", g.Players[1])
	}
	var labels []string
	for _, n := range g.Nodes {
		labels = append(labels, n.Label)
	}
	if got := strings.Join(labels, ","); got != "move,move,end,end,move,end,end" {
		t.Errorf("node labels %s", got)
	}
	s := g.Infosets[0][0]
	if s.ID != 7 || s.Actions[0].Label != "" || s.Actions[1].Label != "" {
		t.Errorf("player 1's set: id %d, actions %q", s.ID, s.Actions)
	}
	if a, b := g.Infosets[1][0], g.Infosets[1][1]; a.ID != 3 || b.ID != 1 || a.Label != b.Label {
		t.Errorf("player 2's sets: ids %d, %d, labels %q, %q", a.ID, b.ID, a.Label, b.Label)
	}
	if o := g.Outcomes[1]; o.ID != 9 || o.Label != "Ünentschieden" {
		t.Errorf("second outcome %d %q", o.ID, o.Label)
	}
	if g.Nodes[2].Outcome != g.Nodes[5].Outcome {
		t.Error("outcome 5 used twice gave two outcomes")
	}
}

func checkOutcomeVersion(t *testing.T, f *File) {
	n := f.Normal
	if n.Players[0] != `Row "hawk"` || n.Strategies[1][1] != "Yield" {
		t.Errorf("labels %q %q", n.Players, n.Strategies)
	}
	if len(n.Outcomes) != 4 {
		t.Fatalf("%d outcomes, want 4", len(n.Outcomes))
	}
	want := []int{1, 2, 0, 3, 2, 0}
	for i, o := range n.Cells {
		id := 0
		if o != nil {
			id = o.ID
		}
		if id != want[i] {
			t.Errorf("cell %d has outcome %d, want %d", i, id, want[i])
		}
	}
	wantRats(t, "Coercion", n.Outcomes[2].Payoffs, "3", "-1")
}

func checkPayoffVersion(t *testing.T, f *File) {
	n := f.Normal
	if len(n.Cells) != 8 || len(n.Outcomes) != 8 || n.Strategies[2][1] != "2" {
		t.Fatalf("%d cells, %d outcomes, strategies %q", len(n.Cells), len(n.Outcomes), n.Strategies)
	}
	wantRats(t, "cell 5", n.Cells[4].Payoffs, "-1/2", "1/2", "100")
	wantRats(t, "cell 6", n.Cells[5].Payoffs, "1/4", "0", "3")
	for i, o := range n.Cells {
		if o.Label != "" || o != n.Outcomes[i] {
			t.Errorf("cell %d: outcome %q is not its own unlabelled outcome", i, o.Label)
		}
	}
}

func equalInts(a, b []int) bool {
	return len(a) == len(b) && string(intsKey(a)) == string(intsKey(b))
}

func intsKey(v []int) []byte {
	var b []byte
	for _, x := range v {
		b = append(b, byte(x), byte(x>>8))
	}
	return b
}

// TestFixtureRoundTrip round-trips the fixtures and compares the writer's
// output with the golden files (go test -update rewrites them).
func TestFixtureRoundTrip(t *testing.T) {
	tests := []struct {
		file, contains string
	}{
		{"chance.efg", `c "Nature" 1 "Resolve" { "Resolved" 1/4 "Irresolute" 3/4 } 0`},
		{"infoset.efg", `p "" 2 1 "B decides without seeing A" { "Escalate" "Hold" } 0`},
		{"labels.efg", `EFG 2 R "The \"hawk\" and the dove" { "Hawk" "" }`},
		{"outcome.nfg", "{ \"Coercion\" 3, -1 }\n{ \"Unused\" 9, 9 }\n}\n1 2 0 3 2 0\n"},
		{"payoff.nfg", "\n-1/2 1/2 100\n1/4 0 3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			if err := roundTripFile(path); err != nil {
				t.Fatal(err)
			}
			f, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, err := writeFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(tt.contains)) {
				t.Errorf("output lacks %q:\n%s", tt.contains, out)
			}
			golden := filepath.Join("testdata", "golden", tt.file)
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s:\n%s", golden, out)
			}
		})
	}
}

// TestReadErrors checks that malformed inputs give errors naming the
// position and what was expected.
func TestReadErrors(t *testing.T) {
	const efg = "EFG 2 R \"t\" { \"A\" \"B\" }\n"
	const nfg = "NFG 1 R \"t\" { \"A\" \"B\" } "
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "1:1: expected 'EFG' or 'NFG' at the start of the file, found end of file"},
		{"unknown", "GAME 1", "1:1: expected 'EFG' or 'NFG' at the start of the file, found symbol \"GAME\""},
		{"agg", "#AGG\n2\n", "1:1: unsupported format: action graph games (#AGG)"},
		{"bagg", "#BAGG\n", "1:1: unsupported format: Bayesian action graph games"},
		{"gbt", "<?xml version=\"1.0\"?>", "1:1: unsupported format: Gambit workbooks"},
		{"version", "EFG 3 R", "1:5: expected version number 2 after 'EFG', found number 3"},
		{"data type", "EFG 2 X", "1:7: expected 'R' or 'D' after the version number, found symbol \"X\""},
		{"title", "EFG 2 R title", "1:9: expected the game title (a quoted text), found symbol \"title\""},
		{"player brace", "EFG 2 R \"t\" \"A\"", "1:13: expected '{' opening the player list, found text \"A\""},
		{"players unclosed", "EFG 2 R \"t\" { \"A\" \"B\"", "1:22: expected a player name or '}' closing the player list, found end of file"},
		{"players number", "EFG 2 R \"t\" { \"A\" 5 }", "1:19: expected a player name or '}' closing the player list, found number 5"},
		{"no players", "EFG 2 R \"t\" { }", "1:15: the player list is empty"},
		{"root", efg + "x", "2:1: expected the root node ('c', 'p' or 't'), found symbol \"x\""},
		{"node label", efg + "t 1", "2:3: expected the node label (a quoted text) after 't', found number 1"},
		{"no player", efg + "p \"\" 3 1 \"\" { \"a\" } 0", "2:6: player 3 does not exist: the game has 2 players"},
		{"player 0", efg + "p \"\" 0 1", "2:6: expected the number of the player who moves (1 to 2), found number 0"},
		{"infoset 0", efg + "p \"\" 1 0", "2:8: expected the information set number of player 1 (a positive integer), found number 0"},
		{"infoset fraction", efg + "p \"\" 1 1/2", "2:8: expected the information set number of player 1 (a positive integer), found number 1/2"},
		{"huge id", efg + "p \"\" 1 99999999999999999999", "2:8: expected the information set number of player 1 (a positive integer), found number 99999999999999999999, which is larger than the limit of 2147483647"},
		{"undefined infoset", efg + "p \"\" 1 1 0", "2:8: information set 1 of player 1 is used before it is defined: expected its label (a quoted text) and actions, found number 0"},
		{"undefined chance", efg + "c \"\" 4 0", "2:6: information set 4 of chance is used before it is defined"},
		{"no actions", efg + "p \"\" 1 1 \"\" { } 0", "2:15: information set 1 of player 1 has no actions"},
		{"action brace", efg + "p \"\" 1 1 \"\" \"a\" }", "2:13: expected '{' opening the actions of information set 1 of player 1, found text \"a\""},
		{"actions unclosed", efg + "p \"\" 1 1 \"\" { \"a\" 0", "2:19: expected an action label or '}' closing the actions of information set 1 of player 1, found number 0"},
		{"probability missing", efg + "c \"\" 1 \"\" { \"H\" \"T\" } 0", "2:17: expected the probability of chance action \"H\" (a number), found text \"T\""},
		{"probability sum", efg + "c \"\" 1 \"\" { \"H\" 1/2 \"T\" 0.4 } 0", "2:11: the probabilities of information set 1 of chance sum to 9/10, not exactly 1"},
		{"probability negative", efg + "c \"\" 1 \"\" { \"H\" -1/2 \"T\" 3/2 } 0", "2:17: the probability of chance action \"H\" is negative (-1/2)"},
		{"probability above one", efg + "c \"\" 1 \"\" { \"H\" 3/2 \"T\" -1/2 } 0", "2:17: the probability of chance action \"H\" is greater than 1 (3/2)"},
		{"denominator", efg + "c \"\" 1 \"\" { \"H\" 1/1" + strings.Repeat("0", 1300) + " } 0", "2:17: the probabilities up to chance action \"H\" have a common denominator of more than 4096 bits"},
		{"utf8 column", "EFG 2 R \"Ünï\" x", "1:15: expected '{' opening the player list, found symbol \"x\""},
		{"crlf", "EFG 2 R \"t\"\r\n{ \"A\" }\r\nq", "3:1: expected the root node"},
		{"outcome missing", efg + "t \"\"", "2:5: expected the outcome number (0 for none), found end of file"},
		{"outcome negative", efg + "t \"\" -1", "2:6: expected the outcome number (0 for none), found number -1"},
		{"null outcome", efg + "t \"\" 0 \"x\" { 1, 2 }", "2:8: outcome 0 is the null outcome: it cannot have a label or payoffs"},
		{"undefined outcome", efg + "t \"\" 2", "2:6: outcome 2 is used before it is defined: expected its label (a quoted text) and payoffs, found end of file"},
		{"payoff brace", efg + "t \"\" 1 \"o\" 1, 2", "2:12: expected '{' opening the payoffs of outcome 1, found number 1"},
		{"too few payoffs", efg + "t \"\" 1 \"o\" { 1 }", "2:16: expected the payoff of player 2 in outcome 1, found '}'"},
		{"too many payoffs", efg + "t \"\" 1 \"o\" { 1, 2, 3 }", "2:20: expected '}' closing the payoffs of outcome 1 (one per player: 2), found number 3"},
		{"payoff text", efg + "t \"\" 1 \"o\" { 1, \"2\" }", "2:17: expected the payoff of player 2 in outcome 1, found text \"2\""},
		{"missing child", efg + "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n", "4:1: expected child 2 of 2 of the node at 2:1 ('c', 'p' or 't'), found end of file"},
		{"trailing", efg + "t \"\" 0\nt \"\" 0", "3:1: expected end of file after the game tree, found symbol \"t\""},
		{"outcome redefined", efg + "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 1 \"o\" { 1, 2 }\nt \"\" 1 \"o\" { 1, 3 }",
			"4:8: outcome 1 is defined again with different payoffs (first defined at 3:8)"},
		{"outcome relabelled", efg + "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 1 \"o\" { 1, 2 }\nt \"\" 1 \"x\" { 1, 2 }",
			"4:8: outcome 1 is defined again with different label (first defined at 3:8)"},
		{"infoset redefined", efg + "p \"\" 1 1 \"s\" { \"a\" \"b\" } 0\np \"\" 1 1 \"s\" { \"a\" \"c\" } 0",
			"3:10: information set 1 of player 1 is defined again with different action labels (first defined at 2:10)"},
		{"infoset action count", efg + "p \"\" 1 1 \"s\" { \"a\" \"b\" } 0\np \"\" 1 1 \"s\" { \"a\" } 0",
			"3:10: information set 1 of player 1 is defined again with different number of actions"},
		{"chance redefined", efg + "c \"\" 1 \"\" { \"H\" 1/2 \"T\" 1/2 } 0\nc \"\" 1 \"\" { \"H\" 1/4 \"T\" 3/4 } 0",
			"3:8: information set 1 of chance is defined again with different probabilities"},
		{"unterminated text", efg + "t \"abc", "2:3: text starting here is not closed by '\"' before the end of the file"},
		{"escaped end", "EFG 2 R \"t\\\"", "1:9: text starting here is not closed"},
		{"malformed number", efg + "t \"\" 1 \"o\" { 1/2/3, 2 }", "2:14: malformed number \"1/2/3\""},
		{"glued number", efg + "t \"\" 1 \"o\" { 12abc, 2 }", "2:14: malformed number \"12abc\""},
		{"lone sign", efg + "t \"\" 1 \"o\" { -, 2 }", "2:14: malformed number \"-\""},
		{"bad exponent", efg + "t \"\" 1 \"o\" { 1e, 2 }", "2:14: malformed number \"1e\""},
		{"zero denominator", efg + "t \"\" 1 \"o\" { 1/0, 2 }", "2:14: fraction 1/0 has a zero denominator"},
		{"huge exponent", efg + "t \"\" 1 \"o\" { 1e100000, 2 }", "2:14: exponent of 1e100000 is out of range"},
		{"long number", efg + "t \"\" 1 \"o\" { " + strings.Repeat("9", maxNumberLen+1) + ", 2 }", "2:14: number longer than"},
		{"plus signs", efg + "p \"\" +1 +1 \"\" { \"a\" } +0 t \"\" 0", ""},
		{"efg as nfg", "EFG 2 R \"t\" { \"A\" } t \"\" 0", ""},
		{"nfg version", "NFG 2 R", "1:5: expected version number 1 after 'NFG', found number 2"},
		{"strategies brace", nfg + "2 2", "1:25: expected '{' opening the strategy lists or counts, found number 2"},
		{"count missing", nfg + "{ 2 }", "1:29: expected the number of strategies of player 2 (a positive integer), found '}'"},
		{"count zero", nfg + "{ 0 2 }", "1:27: expected '{' opening the strategy list of player 1, or the number of strategies of player 1 (a positive integer), found number 0"},
		{"count fraction", nfg + "{ 2 1.5 }", "1:29: expected the number of strategies of player 2 (a positive integer), found number 1.5"},
		{"count huge", nfg + "{ 1000000000000 2 }", "1:27: expected '{' opening the strategy list of player 1, or the number of strategies of player 1 (a positive integer), found number 1000000000000, which is larger than the limit of 2147483647"},
		{"profiles", nfg + "{ 1000000 1000000 } 1 1", "1:25: the strategies declared here define 1000000000000 pure-strategy profiles, more than the rest of the file (4 bytes) could hold"},
		{"profiles limit", nfg + "{ 100000 100000 } \"" + strings.Repeat("x", maxProfiles) + "\"", "1:25: the strategies declared here define 10000000000 pure-strategy profiles, more than the limit of 16777216"},
		{"counts unclosed", nfg + "{ 2 2 2 }", "1:31: expected '}' closing the strategies (one entry per player: 2), found number 2"},
		{"list missing", nfg + "{ { \"a\" } }", "1:35: expected '{' opening the strategy list of player 2, found '}'"},
		{"list empty", nfg + "{ { } { \"a\" } }", "1:29: player 1 has no strategies"},
		{"list unclosed", nfg + "{ { \"a\" 1 } }", "1:33: expected a strategy label or '}' closing the strategy list of player 1, found number 1"},
		{"body missing", nfg + "{ 1 1 }", "1:32: expected the payoffs (numbers) or '{' opening the outcome list, found end of file"},
		{"body text", nfg + "{ 1 1 } \"c\" \"d\"", "1:37: expected the payoffs (numbers) or '{' opening the outcome list, found text \"d\""},
		{"too few payoffs nfg", nfg + "{ 2 1 } 1 2 3", "1:38: expected the payoff of player 2 in strategy profile 2 of 2, found end of file"},
		{"too many payoffs nfg", nfg + "{ 1 1 } 1 2 3", "1:37: expected end of file after the 1 strategy profiles, found number 3"},
		{"payoff comma nfg", nfg + "{ 1 1 } 1, 2", "1:34: expected the payoff of player 2 in strategy profile 1 of 1, found ','"},
		{"outcome label nfg", nfg + "{ 1 1 } { { 1 2 } } 1", "1:37: expected the label of outcome 1 (a quoted text), found number 1"},
		{"outcome payoffs nfg", nfg + "{ 1 1 } { { \"o\" 1 } } 1", "1:43: expected the payoff of player 2 in outcome 1, found '}'"},
		{"outcome list unclosed", nfg + "{ 1 1 } { { \"o\" 1 2 } 1", "1:47: expected '{' opening an outcome or '}' closing the outcome list, found number 1"},
		{"outcome index", nfg + "{ 2 1 } { { \"o\" 1 2 } } 1 2", "1:51: outcome 2 does not exist: expected the outcome number of strategy profile 2 of 2 (an integer from 0 to 1)"},
		{"outcome index fraction", nfg + "{ 1 1 } { { \"o\" 1 2 } } 0.5", "1:49: expected the outcome number of strategy profile 1 of 1 (an integer from 0 to 1), found number 0.5"},
		{"outcome indices short", nfg + "{ 2 1 } { } 0", "1:38: expected the outcome number of strategy profile 2 of 2 (an integer from 0 to 0), found end of file"},
		{"outcome indices long", nfg + "{ 1 1 } { } 0 0", "1:39: expected end of file after the 1 strategy profiles, found number 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Read: error %v (%T), want a *SyntaxError", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read error\n  %v\nwant it to contain\n  %s", err, tt.want)
			}
		})
	}
}

// TestReadWrongKind checks ReadEFG and ReadNFG on the other format.
func TestReadWrongKind(t *testing.T) {
	efg, err := os.ReadFile("testdata/infoset.efg")
	if err != nil {
		t.Fatal(err)
	}
	nfg, err := os.ReadFile("testdata/payoff.nfg")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadEFG(bytes.NewReader(nfg))
	if want := "1:1: expected 'EFG' at the start of the file, found \"NFG\": this is a strategic game"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadEFG(nfg) error %v, want %q", err, want)
	}
	_, err = ReadNFG(bytes.NewReader(efg))
	if want := "1:1: expected 'NFG' at the start of the file, found \"EFG\": this is an extensive game"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadNFG(efg) error %v, want %q", err, want)
	}
}

// TestMalformedFiles checks ReadFile's "path:line:col: message" errors.
func TestMalformedFiles(t *testing.T) {
	tests := []struct{ file, want string }{
		{"undefined_infoset.efg", "undefined_infoset.efg:4:8: information set 1 of player 2 is used before it is defined"},
		{"bad_probabilities.efg", "bad_probabilities.efg:3:11: the probabilities of information set 1 of chance sum to 9/10, not exactly 1"},
		{"unclosed_players.efg", "unclosed_players.efg:2:1: expected a player name or '}' closing the player list, found symbol \"p\""},
		{"short_payoffs.nfg", "short_payoffs.nfg:4:1: expected the payoff of player 1 in strategy profile 4 of 4, found end of file"},
		{"huge_header.nfg", "huge_header.nfg:1:57: the strategies declared here define 1000000000000 pure-strategy profiles"},
		{"repeated_outcome.efg", "repeated_outcome.efg:5:8: outcome 1 is defined again with different payoffs (first defined at 4:8)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "malformed", tt.file)
			_, err := ReadFile(path)
			if err == nil || !strings.Contains(err.Error(), path+":") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadFile error\n  %v\nwant it to contain\n  %s", err, tt.want)
			}
		})
	}
	if _, err := ReadFile("testdata/no such file.efg"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing) error %v, want os.ErrNotExist", err)
	}
}

// TestDepthLimit checks that a tree deeper than maxDepth is refused.
func TestDepthLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("EFG 2 R \"deep\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" } 0\n")
	for range maxDepth + 1 {
		b.WriteString("p \"\" 1 1 0\n")
	}
	b.WriteString("t \"\" 0\n")
	_, err := ReadEFG(strings.NewReader(b.String()))
	if want := "the game tree is deeper than the limit of 100000 levels"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestQuote checks that quoted texts read back unchanged and that texts
// Gambit's quoting cannot express are refused.
func TestQuote(t *testing.T) {
	tests := []struct {
		s, quoted string
	}{
		{"", `""`},
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`a\b`, `"a\b"`},
		{`\n`, `"\n"`},
		{`a\\\b`, `"a\\b"`},
		{`a\\"`, `"a\\""`},
		{"line\nbreak", "\"line\nbreak\""},
		{"Ünïcode – ok", `"Ünïcode – ok"`},
		{`a\`, ""},
		{`a\"`, ""},
		{`a\\b`, ""},
	}
	for _, tt := range tests {
		got, err := quote(tt.s, "text")
		if tt.quoted == "" {
			if err == nil {
				t.Errorf("quote(%q) = %s, want an error", tt.s, got)
			}
			continue
		}
		if err != nil || got != tt.quoted {
			t.Errorf("quote(%q) = %s, %v; want %s", tt.s, got, err, tt.quoted)
			continue
		}
		tok, err := newLexer([]byte(got)).next()
		if err != nil || tok.kind != tokText || tok.text != tt.s {
			t.Errorf("quote(%q) = %s reads back as %q, %v", tt.s, got, tok.text, err)
		}
	}
}

// TestWriteEFGRenumbers checks that a game built in code, with unset ids,
// is written with ids 1, 2, ... and reads back.
func TestWriteEFGRenumbers(t *testing.T) {
	win := &game.Outcome{Label: "win", Payoffs: []*big.Rat{big.NewRat(1, 1), big.NewRat(-1, 1)}}
	lose := &game.Outcome{Label: "lose", Payoffs: []*big.Rat{big.NewRat(-1, 1), big.NewRat(1, 1)}}
	coin := &game.Infoset{Player: game.Chance, Actions: []game.Action{{Label: "H", Prob: big.NewRat(1, 3)}, {Label: "T", Prob: big.NewRat(2, 3)}}}
	guess := &game.Infoset{Player: 1, Label: "guess", Actions: []game.Action{{Label: "h"}, {Label: "t"}}}
	leaf := func(o *game.Outcome) *game.Node { return &game.Node{Outcome: o} }
	g := &game.Game{
		Title:   "Guess the coin",
		Players: []string{"Nature's friend", "Guesser"},
		Root: &game.Node{Infoset: coin, Children: []*game.Node{
			{Infoset: guess, Children: []*game.Node{leaf(lose), leaf(win)}},
			{Infoset: guess, Children: []*game.Node{leaf(win), leaf(lose)}},
		}},
	}
	var buf bytes.Buffer
	if err := WriteEFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	want := `EFG 2 R "Guess the coin" { "Nature's friend" "Guesser" }

c "" 1 "" { "H" 1/3 "T" 2/3 } 0
p "" 2 1 "guess" { "h" "t" } 0
t "" 1 "lose" { -1, 1 }
t "" 2 "win" { 1, -1 }
p "" 2 1 "guess" { "h" "t" } 0
t "" 2 "win" { 1, -1 }
t "" 1 "lose" { -1, 1 }
`
	if buf.String() != want {
		t.Fatalf("WriteEFG wrote\n%s\nwant\n%s", buf.String(), want)
	}
	if _, err := ReadEFG(&buf); err != nil {
		t.Fatal(err)
	}
}

// TestWriteErrors checks that games the format cannot express are refused
// and that nothing is written for them.
func TestWriteErrors(t *testing.T) {
	one := big.NewRat(1, 1)
	set := func(p int, acts ...game.Action) *game.Infoset { return &game.Infoset{Player: p, Actions: acts} }
	tree := func(root *game.Node, players ...string) *game.Game {
		return &game.Game{Players: players, Root: root}
	}
	efgTests := []struct {
		name string
		g    *game.Game
		want string
	}{
		{"nil tree", &game.Game{Players: []string{"A"}}, "without a tree"},
		{"no players", tree(&game.Node{}), "without players"},
		{"bad title", &game.Game{Title: `C:\`, Players: []string{"A"}, Root: &game.Node{}}, `the title "C:\\" cannot be written in a Gambit file: it ends with a backslash`},
		{"bad player", tree(&game.Node{}, `a\"`), "player 1"},
		{"children", tree(&game.Node{Infoset: set(0, game.Action{Label: "a"})}, "A"), "has 0 children for the 1 actions"},
		{"nil child", tree(&game.Node{Infoset: set(0, game.Action{Label: "a"}), Children: []*game.Node{nil}}, "A"), "missing (nil) child"},
		{"player range", tree(&game.Node{Infoset: set(3, game.Action{Label: "a"}), Children: []*game.Node{{}}}, "A"), "belongs to player 4, but the game has 1 players"},
		{"probability", tree(&game.Node{Infoset: set(game.Chance, game.Action{Label: "a", Prob: big.NewRat(1, 2)}), Children: []*game.Node{{}}}, "A"), "sum to 1/2, not 1"},
		{"no probability", tree(&game.Node{Infoset: set(game.Chance, game.Action{Label: "a"}), Children: []*game.Node{{}}}, "A"), "needs a non-negative probability"},
		{"payoffs", tree(&game.Node{Outcome: &game.Outcome{Label: "o", Payoffs: []*big.Rat{one}}}, "A", "B"), "has 1 payoffs for 2 players"},
		{"nil payoff", tree(&game.Node{Outcome: &game.Outcome{Label: "o", Payoffs: []*big.Rat{nil}}}, "A"), "lacks the payoff of player 1"},
		{"bad node label", tree(&game.Node{Label: `x\`}, "A"), `the label of node "x\\"`},
	}
	for _, tt := range efgTests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteEFG(&buf, tt.g)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("WriteEFG error %v, want %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("WriteEFG wrote %q despite the error", buf.String())
			}
		})
	}
	normal := func(players []string, strategies [][]string, cells ...*game.Outcome) *game.Normal {
		return &game.Normal{Players: players, Strategies: strategies, Cells: cells}
	}
	nfgTests := []struct {
		name string
		n    *game.Normal
		want string
	}{
		{"nil", nil, "nil game"},
		{"cells", normal([]string{"A"}, [][]string{{"x", "y"}}), "invalid game: game: 0 cells for 2 strategy profiles"},
		{"bad strategy", normal([]string{"A"}, [][]string{{`\`}}, nil), "strategy of player 1 1"},
		{"nil payoff", normal([]string{"A"}, [][]string{{"x"}}, &game.Outcome{Payoffs: []*big.Rat{nil}}), "lacks the payoff of player 1"},
	}
	for _, tt := range nfgTests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteNFG(&buf, tt.n)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("WriteNFG error %v, want %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("WriteNFG wrote %q despite the error", buf.String())
			}
		})
	}
}

// TestWriteNFGVersions checks the choice between the payoff and the
// outcome version for games built in code.
func TestWriteNFGVersions(t *testing.T) {
	o := func(label string, v ...int64) *game.Outcome {
		p := make([]*big.Rat, len(v))
		for i, x := range v {
			p[i] = big.NewRat(x, 1)
		}
		return &game.Outcome{Label: label, Payoffs: p}
	}
	a, b := o("", 1, 2), o("", 3, 4)
	shared := o("", 5, 6)
	tests := []struct {
		name     string
		outcomes []*game.Outcome
		cells    []*game.Outcome
		want     string
	}{
		{"payoff", []*game.Outcome{a, b}, []*game.Outcome{a, b}, "\n1 2\n3 4\n"},
		{"reordered", []*game.Outcome{b, a}, []*game.Outcome{a, b}, "{\n{ \"\" 3, 4 }\n{ \"\" 1, 2 }\n}\n2 1\n"},
		{"shared", []*game.Outcome{shared}, []*game.Outcome{shared, shared}, "}\n1 1\n"},
		{"null", nil, []*game.Outcome{nil, a}, "{\n{ \"\" 1, 2 }\n}\n0 1\n"},
		{"labelled", []*game.Outcome{o("x", 1, 1), o("", 2, 2)}, nil, "{ \"x\" 1, 1 }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &game.Normal{Players: []string{"A", "B"}, Strategies: [][]string{{"1", "2"}, {"1"}}, Outcomes: tt.outcomes, Cells: tt.cells}
			if n.Cells == nil {
				n.Cells = n.Outcomes
			}
			var buf bytes.Buffer
			if err := WriteNFG(&buf, n); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(buf.String(), tt.want) && !strings.Contains(buf.String(), tt.want) {
				t.Errorf("WriteNFG wrote\n%s\nwant it to contain\n%s", buf.String(), tt.want)
			}
			back, err := ReadNFG(&buf)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n.Cells {
				for p := range n.Players {
					if n.Payoff(i, p).Cmp(back.Payoff(i, p)) != 0 {
						t.Errorf("cell %d player %d: payoff %s read back as %s", i, p, n.Payoff(i, p), back.Payoff(i, p))
					}
				}
			}
		})
	}
}
