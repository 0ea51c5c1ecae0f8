package scenario

import (
	"encoding/json"
	"reflect"
	"strings"
)

// SchemaID is the $id of the published JSON Schema.
const SchemaID = "https://tablero.dev/schema/scenario.json"

// Schema returns the JSON Schema (draft 2020-12) of scenario files,
// generated from the Go types that decode them, so the two cannot drift.
func Schema() ([]byte, error) {
	s := schemaOf(reflect.TypeOf(Scenario{}))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "tablero scenario"
	s["description"] = "A strategic crisis: actors with private types, parameters with provenance, moves, outcomes, payoff terms and mappings to scenarios and results."
	return json.MarshalIndent(s, "", "  ")
}

func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(Expr{}) {
		return map[string]any{"type": []string{"number", "string"}, "description": "A number or an expression."}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		return structSchema(t)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := yamlKey(f)
		if key == "" {
			continue
		}
		p := schemaOf(f.Type)
		if doc := f.Tag.Get("doc"); doc != "" {
			p["description"] = doc
		}
		props[key] = p
		if !strings.Contains(f.Tag.Get("yaml"), "omitempty") {
			required = append(required, key)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
