package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/internal/atomicfile"
	"github.com/tablero-project/tablero/internal/schema"
	"github.com/tablero-project/tablero/scenario"
)

func newSchema() *cobra.Command {
	var (
		document, out string
		reference     bool
	)
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, or of a document tablero writes (--document)",
		Long: `Print the JSON Schema (draft 2020-12) of scenario files, or with --document
of one of the JSON documents tablero writes: ` + strings.Join(schema.DocumentNames(), ", ") + `.
The HTTP API's bodies are described by GET /openapi.json of tablero serve.
With --reference, print the Markdown reference of the scenario format
(docs/scenario-reference.md) generated from the same types.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if reference {
				if out != "" {
					return atomicfile.WriteFile(out, scenario.WriteReference, 0o644)
				}
				return scenario.WriteReference(cmd.OutOrStdout())
			}
			if out != "" {
				return fmt.Errorf("--out goes with --reference")
			}
			b, err := schema.DocumentSchema(document)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", b)
			return err
		},
	}
	cmd.Flags().StringVar(&document, "document", "scenario", "which schema: "+strings.Join(schema.DocumentNames(), ", "))
	cmd.Flags().BoolVar(&reference, "reference", false, "print the Markdown reference of the scenario format instead")
	cmd.Flags().StringVar(&out, "out", "", "with --reference: write it to this file (atomically)")
	return cmd
}

func newCheck() *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Check scenario files (and their companions) and report every problem with file:line:col",
		Long: `Check scenario files and report every problem with file:line:col.

Companion files are checked against the scenario beside them: NAME.events.yaml
(a CAMEO → signpost mapping) and NAME.observations.yaml (observations) against
NAME.yaml.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, path := range args {
				summary, err := checkFile(path)
				if err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), err)
					failed++
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%s)\n", path, summary)
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d scenario files have problems", failed, len(args))
			}
			return nil
		},
	}
}

// checkFile checks a scenario file, or a companion file against the
// scenario beside it, and summarises what it holds.
func checkFile(path string) (string, error) {
	if sp := events.ScenarioBeside(path); sp != "" {
		return checkMapping(path, sp)
	}
	if base, ok := strings.CutSuffix(path, ".observations.yaml"); ok {
		return checkObservations(path, base+".yaml")
	}
	m, err := loadModel(path)
	if err != nil {
		return "", err
	}
	in, _ := m.Game(m.Defaults())
	return fmt.Sprintf("%d nodes, %d terminal histories, %d parameters", len(in.Game.Nodes), len(m.Leaves()), len(m.Params())), nil
}

func checkMapping(path, scenarioPath string) (string, error) {
	mp, err := events.ReadMapping(path)
	if err != nil {
		return "", err
	}
	s, err := scenario.Load(scenarioPath)
	if err != nil {
		return "", fmt.Errorf("%s: the scenario beside it: %w", path, err)
	}
	if err := mp.CheckScenario(s); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return fmt.Sprintf("%d rules for the signposts of %s", len(mp.Rules), scenarioPath), nil
}

func checkObservations(path, scenarioPath string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	obs, err := scenario.ParseObservations(path, data)
	if err != nil {
		return "", err
	}
	m, err := loadModel(scenarioPath)
	if err != nil {
		return "", fmt.Errorf("%s: the scenario beside it: %w", path, err)
	}
	if _, err := m.CheckObservations(obs); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d observations of %s", len(obs), scenarioPath), nil
}
