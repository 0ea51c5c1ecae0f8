package negotiate

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/goccy/go-yaml"

	"github.com/tablero-project/tablero/internal/yamlsafe"
)

// MaxSpecSize is the largest specification file LoadSpec reads.
const MaxSpecSize = 16 << 20

// ParseSpec decodes a negotiation block from YAML (or JSON): either the
// block itself at the top level, or a scenario file whose "negotiation"
// key holds it. Decoding is strict: unknown keys are errors, reported with
// name:line:col. The specification is validated.
func ParseSpec(data []byte, name string) (*Spec, error) {
	if len(data) > MaxSpecSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxSpecSize)
	}
	s := &Spec{}
	if err := yamlsafe.Guard(func() error { return decodeSpec(data, s) }); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// decodeSpec decodes data, the block itself or a scenario holding it, into
// s (see ParseSpec).
func decodeSpec(data []byte, s *Spec) error {
	var probe map[string]any
	if err := yaml.Unmarshal(data, &probe); err != nil {
		return errors.New(yaml.FormatError(err, false, true))
	}
	if _, ok := probe["negotiation"]; !ok {
		if err := yaml.UnmarshalWithOptions(data, s, yaml.Strict()); err != nil {
			return errors.New(yaml.FormatError(err, false, true))
		}
		return nil
	}
	p, err := yaml.PathString("$.negotiation")
	if err != nil {
		return err
	}
	node, err := p.ReadNode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if err := yaml.NodeToValue(node, s, yaml.Strict()); err != nil {
		return errors.New(yaml.FormatError(err, false, true))
	}
	return nil
}

// LoadSpec reads a negotiation block from a file (see ParseSpec).
func LoadSpec(path string) (*Spec, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxSpecSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, MaxSpecSize)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSpec(b, path)
}
