package forecast

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Input formats accepted by Read and ReadFile.
const (
	FormatKTABCSV = "ktab-csv"
	FormatKTABXML = "ktab-xml"
	FormatEUMCSV  = "eum-csv"
	FormatDecide  = "decide"
	FormatYAML    = "yaml"
)

// Read reads a table in the named format; an empty format is detected
// from the content (see DetectFormat).
func Read(r io.Reader, format string) (*Table, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = DetectFormat(data)
	}
	switch format {
	case FormatKTABCSV:
		return ReadKTABCSV(bytes.NewReader(data))
	case FormatKTABXML:
		return ReadKTABXML(bytes.NewReader(data))
	case FormatEUMCSV:
		return ReadEUMCSV(bytes.NewReader(data))
	case FormatDecide:
		return ReadDecide(bytes.NewReader(data))
	case FormatYAML:
		s, err := ParseSpec(data)
		if err != nil {
			return nil, err
		}
		return s.Table()
	}
	return nil, fmt.Errorf("forecast: unknown input format %q (want %s, %s, %s, %s or %s)",
		format, FormatKTABCSV, FormatKTABXML, FormatEUMCSV, FormatDecide, FormatYAML)
}

// ReadFile reads a table from a file, choosing the format from the
// extension (.xml, .yaml, .yml) or, for other files, from the content.
// Errors are prefixed with the path.
func ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	format := ""
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		format = FormatKTABXML
	case ".yaml", ".yml":
		format = FormatYAML
	}
	t, err := Read(f, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// DetectFormat guesses the format of a table: XML if it starts with '<',
// Decide if its first field is a quoted or bare #A/#P/#M/#D tag, KTAB CSV
// if the third and fourth fields of the first line are integers (actor and
// dimension counts), YAML if the first line is a key, else the EUM layout.
func DetectFormat(data []byte) string {
	text := strings.TrimSpace(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	first, _, _ := strings.Cut(strings.ReplaceAll(text, "\r", "\n"), "\n")
	switch {
	case strings.HasPrefix(text, "<"):
		return FormatKTABXML
	case strings.HasPrefix(first, "'#") || strings.HasPrefix(first, "#A") || strings.HasPrefix(first, "#P"):
		return FormatDecide
	}
	if f := strings.Split(first, ","); len(f) >= 4 {
		_, e1 := strconv.Atoi(strings.TrimSpace(f[2]))
		_, e2 := strconv.Atoi(strings.TrimSpace(f[3]))
		if e1 == nil && e2 == nil {
			return FormatKTABCSV
		}
	}
	if !strings.Contains(first, ",") && (strings.Contains(first, ":") || strings.HasPrefix(first, "---")) {
		return FormatYAML
	}
	return FormatEUMCSV
}
