package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/dot"
	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve/logit"
	"github.com/tablero-project/tablero/solve/pure"
)

func newConvert() *cobra.Command {
	var to, method string
	var budget int
	var sets []string
	cmd := &cobra.Command{
		Use:   "convert FILE --to efg|nfg|json|dot",
		Short: "Convert games between Gambit's .efg/.nfg, JSON and Graphviz DOT",
		Long: `Convert a game (.efg, .nfg or tablero's JSON form of either) to another form.
A scenario file (.yaml, .yml) stands for the crisis game it generates at its
parameters' defaults (--set overrides them): export it to check it in Gambit.

  efg   extensive form (trees only)
  nfg   strategic form; a tree is converted to its reduced strategic form
  json  tablero's JSON form: nested nodes (a flat "nodes" list for trees
        deeper than 1000 levels), exact numbers as strings
  dot   Graphviz drawing of a tree; with --method logit|spe, edges carry the
        equilibrium's probabilities (logit: the end of the principal branch;
        spe: the first subgame-perfect equilibrium of a perfect-information tree)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := readGame(cmd.Context(), args[0], sets)
			if err != nil {
				return err
			}
			return convert(cmd.Context(), cmd.OutOrStdout(), f, to, method, budget)
		},
	}
	cmd.Flags().StringVar(&to, "to", "json", "output form: efg, nfg, json or dot")
	cmd.Flags().StringVar(&method, "method", "", "dot: draw this equilibrium on the edges (logit or spe)")
	cmd.Flags().IntVar(&budget, "budget", 0, "size budget (0: default)")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "scenario files: override a parameter, as name=value (repeatable)")
	return cmd
}

// readGame reads a Gambit file, tablero's JSON form of a game, or a
// scenario file (the game it generates, with the parameters in sets);
// ctx cancels the parse of a Gambit file.
func readGame(ctx context.Context, path string, sets []string) (*gambit.File, error) {
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
		return scenarioGame(path, sets)
	}
	if len(sets) > 0 {
		return nil, fmt.Errorf("--set applies to scenario files only")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '{' {
		f, err := gambit.ReadContext(ctx, bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return f, nil
	}
	var probe struct {
		Root       json.RawMessage `json:"root"`
		Nodes      json.RawMessage `json:"nodes"` // the flat form of deep trees
		Strategies json.RawMessage `json:"strategies"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case probe.Root != nil || probe.Nodes != nil:
		g := new(game.Game)
		if err := json.Unmarshal(data, g); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &gambit.File{Tree: g}, nil
	case probe.Strategies != nil:
		n := new(game.Normal)
		if err := json.Unmarshal(data, n); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &gambit.File{Normal: n}, nil
	}
	return nil, fmt.Errorf("%s: JSON is neither a tree (root or nodes) nor a strategic game (strategies)", path)
}

// scenarioGame generates the crisis game of a scenario file.
func scenarioGame(path string, sets []string) (*gambit.File, error) {
	m, err := loadModel(path)
	if err != nil {
		return nil, err
	}
	values, err := parseSets(sets)
	if err != nil {
		return nil, err
	}
	in, err := m.Game(values)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &gambit.File{Tree: in.Game}, nil
}

func convert(ctx context.Context, w io.Writer, f *gambit.File, to, method string, budget int) error {
	switch to {
	case "json":
		var v any = f.Tree
		if f.Tree == nil {
			v = f.Normal
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "efg":
		if f.Tree == nil {
			return fmt.Errorf("a strategic game has no extensive form: convert to nfg or json")
		}
		return gambit.WriteEFG(w, f.Tree)
	case "nfg":
		n := f.Normal
		if n == nil {
			r, err := f.Tree.ReduceContext(ctx, budget)
			if err != nil {
				return err
			}
			n = r.Normal
		}
		return gambit.WriteNFG(w, n)
	case "dot":
		if f.Tree == nil {
			return fmt.Errorf("dot draws trees: %q is a strategic game", f.Normal.Title)
		}
		b, err := drawnProfile(ctx, f.Tree, method, budget)
		if err != nil {
			return err
		}
		return dot.Write(w, f.Tree, b)
	}
	return fmt.Errorf("unknown form %q: expected efg, nfg, json or dot", to)
}

// drawnProfile computes the equilibrium drawn on the tree's edges.
func drawnProfile(ctx context.Context, g *game.Game, method string, budget int) (game.Behavior, error) {
	switch method {
	case "":
		return nil, nil
	case "logit":
		res, err := logit.Logit(ctx, g, logit.LogitOptions{Budget: budget})
		if err != nil {
			return nil, err
		}
		return res.End.Profile, nil
	case "spe":
		eqs, err := pure.SPE(ctx, g, budget)
		if err != nil {
			return nil, err
		}
		return eqs[0].Behavior(g), nil
	}
	return nil, fmt.Errorf("unknown method %q for dot: expected logit or spe", method)
}
