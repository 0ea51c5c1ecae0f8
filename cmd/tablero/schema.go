package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/internal/schema"
)

func newSchema() *cobra.Command {
	var document string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, or of a document tablero writes (--document)",
		Long: `Print the JSON Schema (draft 2020-12) of scenario files, or with --document
of one of the JSON documents tablero writes: ` + strings.Join(schema.DocumentNames(), ", ") + `.
The HTTP API's bodies are described by GET /openapi.json of tablero serve.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := schema.DocumentSchema(document)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", b)
			return err
		},
	}
	cmd.Flags().StringVar(&document, "document", "scenario", "which schema: "+strings.Join(schema.DocumentNames(), ", "))
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
