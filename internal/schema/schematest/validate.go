// Package schematest validates JSON documents against the JSON Schemas
// package schema generates, for tests: it is kept out of schema so that the
// validator library (whose init compiles its metaschemas, about 8 ms) is
// linked only into test binaries, not into every tablero process.
package schematest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// maxReported caps the failures Validate lists.
const maxReported = 20

// Validate validates the JSON document doc against the JSON Schema
// schemaJSON (draft 2020-12 unless it says otherwise; formats such as
// date-time asserted). The error lists each failure as the JSON pointer of
// the failing value and the reason.
func Validate(schemaJSON, doc []byte) error {
	sch, err := compile(schemaJSON)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("schema: document: %w", err)
	}
	err = sch.Validate(inst)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return failures(ve)
	}
	return err
}

func compile(schemaJSON []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	const url = "urn:tablero:schema"
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return sch, nil
}

var printer = message.NewPrinter(language.English)

// failures lists the leaves of a validation error, one line each:
// "/json/pointer: reason".
func failures(ve *jsonschema.ValidationError) error {
	var lines []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			lines = append(lines, fmt.Sprintf("%s: %s", pointer(e.InstanceLocation), e.ErrorKind.LocalizedString(printer)))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.Sort(lines)
	lines = slices.Compact(lines)
	n := len(lines)
	if n > maxReported {
		lines = append(lines[:maxReported], fmt.Sprintf("… and %d more", n-maxReported))
	}
	return fmt.Errorf("schema: document does not validate (%d failures):\n  %s", n, strings.Join(lines, "\n  "))
}

// pointer formats a JSON pointer ("" is the whole document, shown as "/").
func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// snakeCase is the form of every property name: lower-case words of
// letters and digits joined by single underscores.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// CheckKeys checks that every property name a JSON Schema declares — every
// key a struct field becomes — is snake_case, and reports the JSON
// pointers (into the schema) of those that are not. Keys of maps are data
// and appear in no "properties"; with additionalProperties false, a
// document that validates against a schema that passes CheckKeys has only
// snake_case field names.
func CheckKeys(schemaJSON []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	var bad []string
	walkSchema(doc, nil, func(at []string, name string) {
		if !snakeCase.MatchString(name) {
			bad = append(bad, pointer(append(at, "properties", name)))
		}
	})
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("schema: %d property names are not snake_case:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	return nil
}

// Keywords whose values are a schema, a list of schemas, or a map of
// names to schemas.
var (
	schemaKeywords = []string{"items", "additionalProperties", "not", "propertyNames", "contains",
		"if", "then", "else", "unevaluatedProperties", "unevaluatedItems"}
	listKeywords = []string{"anyOf", "oneOf", "allOf", "prefixItems"}
	mapKeywords  = []string{"$defs", "definitions", "patternProperties", "dependentSchemas"}
)

// walkSchema calls prop for every property name declared in the schema s
// (at JSON pointer at) and in its subschemas.
func walkSchema(s any, at []string, prop func(at []string, name string)) {
	m, ok := s.(map[string]any)
	if !ok {
		return
	}
	sub := func(v any, tokens ...string) {
		walkSchema(v, append(slices.Clip(at), tokens...), prop)
	}
	if ps, ok := m["properties"].(map[string]any); ok {
		for name, v := range ps {
			prop(at, name)
			sub(v, "properties", name)
		}
	}
	for _, k := range schemaKeywords {
		if v, ok := m[k]; ok {
			sub(v, k)
		}
	}
	for _, k := range listKeywords {
		if l, ok := m[k].([]any); ok {
			for i, v := range l {
				sub(v, k, fmt.Sprint(i))
			}
		}
	}
	for _, k := range mapKeywords {
		if defs, ok := m[k].(map[string]any); ok {
			for name, v := range defs {
				sub(v, k, name)
			}
		}
	}
}
