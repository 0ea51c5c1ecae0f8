package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tablero-project/tablero/repro"
)

// cliRecord starts the run record of a command's JSON document: its input
// files (a folder: its files in name order) and the value of every flag,
// defaults included, by snake_case name; the seed when the command has
// one. The caller stamps the end with Finish.
func cliRecord(cmd *cobra.Command, kind string, paths []string) (*repro.Record, error) {
	opts := map[string]string{}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" {
			opts[strings.ReplaceAll(f.Name, "-", "_")] = f.Value.String()
		}
	})
	input, err := readInputs(paths)
	if err != nil {
		return nil, err
	}
	r, err := repro.New(kind, input, opts)
	if err != nil {
		return nil, err
	}
	if s, ok := opts["seed"]; ok {
		if seed, err := strconv.ParseUint(s, 10, 64); err == nil {
			r.Seed = &seed
		}
	}
	return &r, nil
}

// readInputs concatenates the named files, each behind its base name, so
// that the input hash changes when any of them does.
func readInputs(paths []string) ([]byte, error) {
	var out []byte
	for _, p := range paths {
		files := []string{p}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, err
			}
			files = files[:0]
			for _, e := range entries {
				if !e.IsDir() {
					files = append(files, filepath.Join(p, e.Name()))
				}
			}
			sort.Strings(files)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			out = append(out, fmt.Sprintf("%s\x00%d\x00", filepath.Base(f), len(b))...)
			out = append(out, b...)
		}
	}
	return out, nil
}

// stamped finishes a record for writing.
func stamped(r *repro.Record) *repro.Record {
	r.Finish()
	return r
}
