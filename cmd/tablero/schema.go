package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
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
		Use:   "check SCENARIO...",
		Short: "Check scenario files and report every problem with file:line:col",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, path := range args {
				m, err := loadModel(path)
				if err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), err)
					failed++
					continue
				}
				in, _ := m.Game(m.Defaults())
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%d nodes, %d terminal histories, %d parameters)\n", path, len(in.Game.Nodes), len(m.Leaves()), len(m.Params()))
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d scenario files have problems", failed, len(args))
			}
			return nil
		},
	}
}
