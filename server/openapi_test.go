package server

import (
	"encoding/json"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/schema/schematest"
)

// validator checks live responses against the OpenAPI description: the
// status must be documented for the route, the content type must match,
// and a JSON body must validate against the documented schema.
type validator struct {
	paths      map[string]any
	components map[string]any
}

func newValidator(t testing.TB, s *Server) *validator {
	b, err := json.Marshal(s.OpenAPI())
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	var doc map[string]any
	json.Unmarshal(b, &doc)
	return &validator{paths: doc["paths"].(map[string]any), components: doc["components"].(map[string]any)}
}

func (v *validator) check(t testing.TB, route string, resp *http.Response, body []byte) {
	t.Helper()
	method, path, _ := strings.Cut(route, " ")
	op, _ := v.paths[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Errorf("%s is not in the OpenAPI description", route)
		return
	}
	r, _ := op["responses"].(map[string]any)[strconv.Itoa(resp.StatusCode)].(map[string]any)
	if r == nil {
		t.Errorf("%s answered %d, which its description does not list: %s", route, resp.StatusCode, body)
		return
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	content := r["content"].(map[string]any)
	media, _ := content[ct].(map[string]any)
	if media == nil {
		t.Errorf("%s %d: content type %q, described %v", route, resp.StatusCode, ct, keys(content))
		return
	}
	if !strings.Contains(ct, "json") {
		return
	}
	sch := map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "components": v.components}
	for k, x := range media["schema"].(map[string]any) {
		sch[k] = x
	}
	sb, _ := json.Marshal(sch)
	if err := schematest.Validate(sb, body); err != nil {
		t.Errorf("%s %d: the response does not match its description: %v\n%.2000s", route, resp.StatusCode, err, body)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The description is OpenAPI 3.1, lists every route the server serves,
// and names every property in snake_case.
func TestOpenAPIDocument(t *testing.T) {
	s := New(Config{})
	doc := s.OpenAPI()
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	for _, rt := range s.table() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if paths[path].(map[string]any)[strings.ToLower(method)] == nil {
			t.Errorf("%s missing", rt.pattern)
		}
	}
	b, _ := json.Marshal(doc["components"])
	snake := regexp.MustCompile(`^[a-z0-9_]+$`)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if props, ok := x["properties"].(map[string]any); ok {
				for name := range props {
					if !snake.MatchString(name) {
						t.Errorf("property %q is not snake_case", name)
					}
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	var comps any
	json.Unmarshal(b, &comps)
	walk(comps)
}
