package negotiate

import (
	"bytes"
	"fmt"
	"os"

	"github.com/goccy/go-yaml"
)

// MaxSpecSize is the largest specification file LoadSpec reads.
const MaxSpecSize = 16 << 20

// ParseSpec decodes a negotiation block from YAML (or JSON): either the
// block itself at the top level, or a scenario file whose "negotiation"
// key holds it. Decoding is strict: unknown keys are errors, reported with
// name:line:col. The specification is validated.
func ParseSpec(data []byte, name string) (spec *Spec, err error) {
	// the YAML library can panic on some malformed inputs (found by
	// fuzzing): report them as errors
	defer func() {
		if r := recover(); r != nil {
			spec, err = nil, fmt.Errorf("%s: malformed YAML (decoder failure: %v)", name, r)
		}
	}()
	if len(data) > MaxSpecSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxSpecSize)
	}
	var probe map[string]any
	if err := yaml.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
	}
	s := &Spec{}
	if _, ok := probe["negotiation"]; ok {
		p, err := yaml.PathString("$.negotiation")
		if err != nil {
			return nil, err
		}
		node, err := p.ReadNode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := yaml.NodeToValue(node, s, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
		}
	} else if err := yaml.UnmarshalWithOptions(data, s, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
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
