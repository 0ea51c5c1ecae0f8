package scenario

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestErrorsNameTheFile checks that errors without a position in the file
// still name it.
func TestErrorsNameTheFile(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	deep := []byte("id: " + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + "\n")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"big.yaml", parseErr(t, "big.yaml", big), "big.yaml: file is 16777217 bytes; the limit is 16777216"},
		{"deep.yaml", parseErr(t, "deep.yaml", deep), "deep.yaml:1:5: id: expected a string, found a list"},
		{"depth.yaml", yamlError("depth.yaml", yaml.ErrExceededMaxDepth), "depth.yaml: the document nests deeper than the YAML decoder allows"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: error %q, want prefix %q", tt.name, got, tt.want)
		}
	}
}

func parseErr(t *testing.T, name string, data []byte) error {
	t.Helper()
	_, err := Parse(name, data)
	if err == nil {
		t.Fatalf("%s: accepted", name)
	}
	return err
}
