package server

import (
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/internal/schema"
	"github.com/tablero-project/tablero/repro"
)

// OpenAPI returns the OpenAPI 3.1 description of the API, generated from
// the route table and, for bodies, from the Go types the handlers encode,
// so the description cannot drift from the responses.
func (s *Server) OpenAPI() map[string]any {
	g := &schema.Generator{RefPrefix: "#/components/schemas/"}
	paths := map[string]any{}
	for _, rt := range s.table() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = rt.doc.openAPI(g, method)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "tablero API", "version": repro.Version(),
			"description": "Stored scenarios and reproducible analysis runs of strategic crises, and tablero's engines as synchronous endpoints. Errors are RFC 9457 problem documents. Writes need Authorization: Bearer <token> when the server has tokens.",
			"license":     map[string]any{"name": "Apache-2.0", "identifier": "Apache-2.0"}},
		"paths": paths,
		"components": map[string]any{"schemas": g.Defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func (o operation) openAPI(g *schema.Generator, method string) map[string]any {
	op := map[string]any{"operationId": o.id, "summary": o.summary}
	if method != http.MethodGet {
		op["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{}}
	}
	var params []any
	for _, p := range o.params {
		sch := map[string]any{"type": p.typ}
		if p.repeat {
			sch = map[string]any{"type": "array", "items": sch}
		}
		params = append(params, map[string]any{"name": p.name, "in": p.in, "description": p.about, "required": p.required, "schema": sch})
	}
	if params != nil {
		op["parameters"] = params
	}
	if o.body != nil {
		content := map[string]any{}
		for ct, t := range o.body {
			content[ct] = map[string]any{"schema": bodySchema(g, t)}
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	codes := make([]int, 0, len(o.responses))
	for c := range o.responses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	rs := map[string]any{}
	for _, c := range codes {
		r := o.responses[c]
		resp := map[string]any{"description": r.about}
		ct := r.content
		if ct == "" {
			ct = "application/json"
		}
		resp["content"] = map[string]any{ct: map[string]any{"schema": bodySchema(g, r.typ)}}
		rs[strconv.Itoa(c)] = resp
	}
	op["responses"] = rs
	return op
}

func bodySchema(g *schema.Generator, t reflect.Type) map[string]any {
	if t == nil {
		return map[string]any{"type": "string"}
	}
	return g.Schema(t)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := s.openAPIDoc()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}
