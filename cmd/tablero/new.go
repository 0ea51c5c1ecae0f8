package main

import (
	_ "embed"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/scenario"
)

// template is the commented scenario tablero new writes; NAME and TITLE
// are replaced.
//
//go:embed template/scenario.yaml
var template string

func newNew() *cobra.Command {
	var out, title string
	cmd := &cobra.Command{
		Use:     "new NAME",
		Aliases: []string{"init"},
		Short:   "Write a commented template scenario for a new crisis (NAME.yaml) that passes check",
		Long: `Write a commented template scenario: a small crisis game with a private
type, an audience cost, parameters with provenance and a mapping to
scenarios and results, ready to be edited. It passes tablero check as
written. The file is NAME.yaml unless --out says otherwise ("-" for
standard output); an existing file is never overwritten.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if !validName(name) {
				return fmt.Errorf("scenario name %q: use letters, digits, '-' and '_' (it becomes the scenario's id)", name)
			}
			if title == "" {
				title = name
			}
			text := strings.NewReplacer("id: NAME", "id: "+name, `"TITLE"`, fmt.Sprintf("%q", title)).Replace(template)
			if _, err := scenario.Parse(name+".yaml", []byte(text)); err != nil {
				return fmt.Errorf("the template does not parse: %w", err)
			}
			if out == "-" {
				_, err := fmt.Fprint(cmd.OutOrStdout(), text)
				return err
			}
			if out == "" {
				out = name + ".yaml"
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				return err
			}
			if _, err := f.WriteString(text); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "tablero: wrote %s; edit it, then run tablero check %s\n", out, out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", `file to write (default NAME.yaml; "-" for standard output)`)
	cmd.Flags().StringVar(&title, "title", "", "the scenario's title (default: NAME)")
	return cmd
}

func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
