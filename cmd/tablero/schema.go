package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/scenario"
)

func newSchema() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := scenario.Schema()
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", b)
			return err
		},
	}
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
