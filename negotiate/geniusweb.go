package negotiate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// GeniusWeb JSON (ANAC 2019+):
//
//	domain:  {"name": .., "issuesValues": {"Food": {"values": ["a", "b"]},
//	          "Price": {"range": {"low": 0, "high": 10, "step": 1}}}}
//	profile: {"LinearAdditiveUtilitySpace": {"name": .., "domain": {..},
//	          "issueUtilities": {"Food": {"discreteutils": {"valueUtilities": {"a": 0.75}}},
//	                             "Price": {"numberutils": {"lowValue": 0, "lowUtility": 1, "highValue": 10, "highUtility": 0}}},
//	          "issueWeights": {"Food": 0.6, "Price": 0.4},
//	          "reservationBid": {"issuevalues": {"Food": "b", "Price": 5}}}}
//
// Utilities are used as written (no max normalisation); the reservation
// value is the utility of the reservation bid (0 without one). Issue order
// is the order of the JSON object.

const maxJSONBytes = 64 << 20

// kv is one member of a JSON object, in document order.
type kv struct {
	Key   string
	Value json.RawMessage
}

// orderedObject decodes a JSON object keeping member order.
func orderedObject(raw json.RawMessage) ([]kv, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("expected a JSON object")
	}
	var out []kv
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("expected an object key")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, kv{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

func get(obj []kv, key string) (json.RawMessage, bool) {
	for _, m := range obj {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// jsonLabel turns a JSON value (string or number) into a value label.
func jsonLabel(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("value %s is neither a string nor a number", truncate(string(raw)))
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ReadGeniusWebDomain reads a GeniusWeb domain (or a profile that embeds
// one).
func ReadGeniusWebDomain(r io.Reader) (*Domain, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxJSONBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxJSONBytes {
		return nil, errors.New("geniusweb: document too large")
	}
	root, err := orderedObject(b)
	if err != nil {
		return nil, fmt.Errorf("geniusweb: %w", err)
	}
	if las, ok := get(root, "LinearAdditiveUtilitySpace"); ok {
		obj, err := orderedObject(las)
		if err != nil {
			return nil, fmt.Errorf("geniusweb: %w", err)
		}
		dr, ok := get(obj, "domain")
		if !ok {
			return nil, errors.New("geniusweb: profile without a domain")
		}
		root, err = orderedObject(dr)
		if err != nil {
			return nil, fmt.Errorf("geniusweb: domain: %w", err)
		}
	}
	return geniusWebDomain(root)
}

func geniusWebDomain(root []kv) (*Domain, error) {
	d := &Domain{}
	if n, ok := get(root, "name"); ok {
		_ = json.Unmarshal(n, &d.Name)
	}
	iv, ok := get(root, "issuesValues")
	if !ok {
		return nil, errors.New("geniusweb: domain without issuesValues")
	}
	issues, err := orderedObject(iv)
	if err != nil {
		return nil, fmt.Errorf("geniusweb: issuesValues: %w", err)
	}
	for _, m := range issues {
		vs, err := orderedObject(m.Value)
		if err != nil {
			return nil, fmt.Errorf("geniusweb: issue %q: %w", m.Key, err)
		}
		is := Issue{Name: m.Key}
		if raw, ok := get(vs, "values"); ok {
			var vals []json.RawMessage
			if err := json.Unmarshal(raw, &vals); err != nil {
				return nil, fmt.Errorf("geniusweb: issue %q: %w", m.Key, err)
			}
			for _, v := range vals {
				l, err := jsonLabel(v)
				if err != nil {
					return nil, fmt.Errorf("geniusweb: issue %q: %w", m.Key, err)
				}
				is.Values = append(is.Values, l)
			}
		} else if raw, ok := get(vs, "range"); ok {
			var rg struct{ Low, High, Step float64 }
			if err := json.Unmarshal(raw, &rg); err != nil {
				return nil, fmt.Errorf("geniusweb: issue %q range: %w", m.Key, err)
			}
			if !finite(rg.Low) || !finite(rg.High) || !finite(rg.Step) || rg.High < rg.Low || rg.Step <= 0 {
				return nil, fmt.Errorf("geniusweb: issue %q has a bad range", m.Key)
			}
			n := math.Floor((rg.High-rg.Low)/rg.Step+1e-9) + 1
			if n > MaxIssueValues {
				return nil, fmt.Errorf("geniusweb: issue %q has %g values", m.Key, n)
			}
			if rg.Step == 1 && rg.Low == math.Trunc(rg.Low) && rg.High == math.Trunc(rg.High) {
				is.Kind, is.Min, is.Max = Integer, rg.Low, rg.High
			} else {
				is.Kind, is.Min, is.Max, is.Levels = Real, rg.Low, rg.Low+(n-1)*rg.Step, int(n)
			}
		} else {
			return nil, fmt.Errorf("geniusweb: issue %q has neither values nor range", m.Key)
		}
		d.Issues = append(d.Issues, is)
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("geniusweb: %w", err)
	}
	return d, nil
}

// ReadGeniusWebProfile reads a GeniusWeb LinearAdditiveUtilitySpace. With
// d nil, the profile's embedded domain is used (and returned).
func ReadGeniusWebProfile(r io.Reader, d *Domain) (*Profile, *Domain, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxJSONBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(b) > maxJSONBytes {
		return nil, nil, errors.New("geniusweb: document too large")
	}
	root, err := orderedObject(b)
	if err != nil {
		return nil, nil, fmt.Errorf("geniusweb: %w", err)
	}
	las, ok := get(root, "LinearAdditiveUtilitySpace")
	if !ok {
		return nil, nil, errors.New("geniusweb: not a LinearAdditiveUtilitySpace profile")
	}
	obj, err := orderedObject(las)
	if err != nil {
		return nil, nil, fmt.Errorf("geniusweb: %w", err)
	}
	if d == nil {
		dr, ok := get(obj, "domain")
		if !ok {
			return nil, nil, errors.New("geniusweb: profile without a domain")
		}
		dobj, err := orderedObject(dr)
		if err != nil {
			return nil, nil, fmt.Errorf("geniusweb: domain: %w", err)
		}
		if d, err = geniusWebDomain(dobj); err != nil {
			return nil, nil, err
		}
	}
	p := &Profile{Discount: 1, Weights: make([]float64, len(d.Issues)), Evaluators: make([]Evaluator, len(d.Issues))}
	for i := range d.Issues {
		p.Evaluators[i] = Evaluator{Kind: EvalTable, Table: make([]float64, d.Issues[i].Card())}
	}
	if n, ok := get(obj, "name"); ok {
		_ = json.Unmarshal(n, &p.Name)
	}
	if raw, ok := get(obj, "issueWeights"); ok {
		ws, err := orderedObject(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("geniusweb: issueWeights: %w", err)
		}
		for _, m := range ws {
			i, ok := d.IssueIndex(m.Key)
			if !ok {
				return nil, nil, fmt.Errorf("geniusweb: weight for unknown issue %q", m.Key)
			}
			if err := json.Unmarshal(m.Value, &p.Weights[i]); err != nil || !finite(p.Weights[i]) {
				return nil, nil, fmt.Errorf("geniusweb: weight of %q is not a finite number", m.Key)
			}
		}
	}
	if raw, ok := get(obj, "issueUtilities"); ok {
		us, err := orderedObject(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("geniusweb: issueUtilities: %w", err)
		}
		for _, m := range us {
			i, ok := d.IssueIndex(m.Key)
			if !ok {
				return nil, nil, fmt.Errorf("geniusweb: utilities for unknown issue %q", m.Key)
			}
			e, err := geniusWebEvaluator(m.Value, &d.Issues[i])
			if err != nil {
				return nil, nil, fmt.Errorf("geniusweb: issue %q: %w", m.Key, err)
			}
			p.Evaluators[i] = e
		}
	}
	if raw, ok := get(obj, "reservationBid"); ok && string(bytes.TrimSpace(raw)) != "null" {
		bo, err := orderedObject(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("geniusweb: reservationBid: %w", err)
		}
		if iv, ok := get(bo, "issuevalues"); ok {
			vals, err := orderedObject(iv)
			if err != nil {
				return nil, nil, fmt.Errorf("geniusweb: reservationBid: %w", err)
			}
			o := make([]int, len(d.Issues))
			seen := 0
			for _, m := range vals {
				i, ok := d.IssueIndex(m.Key)
				if !ok {
					continue
				}
				l, err := jsonLabel(m.Value)
				if err != nil {
					return nil, nil, fmt.Errorf("geniusweb: reservationBid: %w", err)
				}
				k, ok := d.Issues[i].Lookup(l)
				if !ok {
					return nil, nil, fmt.Errorf("geniusweb: reservationBid: issue %q has no value %q", m.Key, l)
				}
				o[i] = k
				seen++
			}
			if seen == len(d.Issues) {
				u, err := Compile(d, p)
				if err != nil {
					return nil, nil, err
				}
				p.Reservation = u.Eval(o)
			}
		}
	}
	return p, d, p.Validate(d)
}

func geniusWebEvaluator(raw json.RawMessage, is *Issue) (Evaluator, error) {
	obj, err := orderedObject(raw)
	if err != nil {
		return Evaluator{}, err
	}
	if du, ok := get(obj, "discreteutils"); ok {
		dobj, err := orderedObject(du)
		if err != nil {
			return Evaluator{}, err
		}
		vu, ok := get(dobj, "valueUtilities")
		if !ok {
			return Evaluator{}, errors.New("discreteutils without valueUtilities")
		}
		vals, err := orderedObject(vu)
		if err != nil {
			return Evaluator{}, err
		}
		t := make([]float64, is.Card())
		for _, m := range vals {
			k, ok := is.Lookup(m.Key)
			if !ok {
				continue
			}
			var x float64
			if err := json.Unmarshal(m.Value, &x); err != nil || !finite(x) {
				return Evaluator{}, fmt.Errorf("utility of %q is not a finite number", m.Key)
			}
			t[k] = x
		}
		return Evaluator{Kind: EvalTable, Table: t}, nil
	}
	if nu, ok := get(obj, "numberutils"); ok {
		var n struct{ LowValue, LowUtility, HighValue, HighUtility float64 }
		if err := json.Unmarshal(nu, &n); err != nil {
			return Evaluator{}, err
		}
		if !finite(n.LowValue) || !finite(n.HighValue) || !finite(n.LowUtility) || !finite(n.HighUtility) {
			return Evaluator{}, errors.New("numberutils with non-finite numbers")
		}
		t := make([]float64, is.Card())
		for k := range t {
			x := is.Number(k)
			if n.HighValue == n.LowValue {
				t[k] = n.LowUtility
				continue
			}
			f := (x - n.LowValue) / (n.HighValue - n.LowValue)
			f = math.Max(0, math.Min(1, f))
			t[k] = n.LowUtility + f*(n.HighUtility-n.LowUtility)
		}
		return Evaluator{Kind: EvalTable, Table: t}, nil
	}
	return Evaluator{}, errors.New("unsupported value set utilities (discreteutils and numberutils are supported)")
}
