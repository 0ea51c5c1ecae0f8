package negotiate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// XMLOptions tune the GENIUS XML readers.
type XMLOptions struct {
	// RealLevels is the number of grid points of real issues (0:
	// DefaultRealLevels, GENIUS's 21).
	RealLevels int
	// NoCap leaves the additive sum uncapped (GENIUS caps it at 1; NegMAS,
	// importing the same files, does not).
	NoCap bool
	// Context, if set, cancels the reading of a document (large files
	// take seconds to parse).
	Context context.Context
}

// ReadDomainXML reads a GENIUS domain file (negotiation_template, or a bare
// utility_space / objective). It is lenient on the quirks of the ANAC corpus:
// late XML declarations, bare '&', issue indices that start at 2 or have
// gaps, a missing type attribute.
func ReadDomainXML(r io.Reader, opt XMLOptions) (*Domain, error) {
	root, err := parseXMLTree(opt.Context, r)
	if err != nil {
		return nil, fmt.Errorf("genius domain: %w", err)
	}
	obj := root.find("objective")
	if obj == nil {
		return nil, errors.New("genius domain: no <objective> element")
	}
	d := &Domain{}
	if n, ok := obj.attr("name"); ok {
		d.Name = n
	}
	issues := collectIssues(obj)
	if len(issues) == 0 {
		return nil, errors.New("genius domain: no <issue> element")
	}
	type indexed struct {
		idx int
		is  Issue
	}
	list := make([]indexed, 0, len(issues))
	byIdx := map[int]*xnode{}
	for pos, n := range issues {
		is, err := issueFromXML(n, opt)
		if err != nil {
			return nil, fmt.Errorf("genius domain: %w", err)
		}
		idx := pos + 1
		if s, ok := n.attr("index"); ok {
			v, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return nil, fmt.Errorf("genius domain: %s: index=%q is not an integer", n.at(), s)
			}
			idx = v
		}
		if prev := byIdx[idx]; prev != nil {
			return nil, fmt.Errorf("genius domain: %s: index %d is already that of the issue at %s", n.at(), idx, prev.at())
		}
		byIdx[idx] = n
		is.Index = idx
		list = append(list, indexed{idx, is})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].idx < list[j].idx })
	seen := map[string]*xnode{}
	for _, x := range list {
		is := x.is
		if is.Name == "" {
			is.Name = fmt.Sprintf("issue%d", x.idx)
		}
		if prev := seen[is.Name]; prev != nil {
			return nil, fmt.Errorf("genius domain: %s: issue name %q is already that of the issue at %s", byIdx[x.idx].at(), is.Name, prev.at())
		}
		seen[is.Name] = byIdx[x.idx]
		d.Issues = append(d.Issues, is)
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("genius domain: %w", err)
	}
	return d, nil
}

// collectIssues returns the issues of an objective and of the objectives
// nested in it, in document order, walking with an explicit stack (the
// tree's depth is bounded by maxXMLDepth).
func collectIssues(obj *xnode) []*xnode {
	var out []*xnode
	var stack []*xnode
	push := func(n *xnode) {
		for i := len(n.Children) - 1; i >= 0; i-- {
			stack = append(stack, n.Children[i])
		}
	}
	push(obj)
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case c.is("issue"):
			out = append(out, c)
		case c.is("objective"):
			push(c)
		}
	}
	return out
}

func issueKind(n *xnode) IssueKind {
	t, ok := n.attr("type")
	if !ok || strings.TrimSpace(t) == "" {
		t, _ = n.attr("vtype")
	}
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "discrete":
		return Discrete
	case "integer":
		return Integer
	case "real":
		return Real
	}
	// no usable type: infer from the content
	if n.first("range") != nil {
		return Real
	}
	if _, ok := n.attr("lowerbound"); ok {
		return Integer
	}
	return Discrete
}

func attrFloat(n *xnode, name string) (float64, bool, error) {
	s, ok := n.attr(name)
	if !ok || strings.TrimSpace(s) == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, true, fmt.Errorf("%s: %s=%q is not a finite number", n.at(), name, s)
	}
	return v, true, nil
}

func bounds(n *xnode) (lo, hi float64, err error) {
	src := n
	if _, ok := n.attr("lowerbound"); !ok {
		if r := n.first("range"); r != nil {
			src = r
		}
	}
	lo, ok1, err := attrFloat(src, "lowerbound")
	if err != nil {
		return 0, 0, err
	}
	hi, ok2, err := attrFloat(src, "upperbound")
	if err != nil {
		return 0, 0, err
	}
	if !ok1 || !ok2 {
		return 0, 0, fmt.Errorf("%s: issue without lowerbound/upperbound", n.at())
	}
	return lo, hi, nil
}

func issueFromXML(n *xnode, opt XMLOptions) (Issue, error) {
	name, _ := n.attr("name")
	is := Issue{Name: name, Kind: issueKind(n)}
	switch is.Kind {
	case Discrete:
		for _, c := range n.Children {
			if !c.is("item") {
				continue
			}
			v, ok := c.attr("value")
			if !ok {
				return is, fmt.Errorf("%s: item without value", c.at())
			}
			is.Values = append(is.Values, v)
		}
		if len(is.Values) == 0 {
			return is, fmt.Errorf("%s: discrete issue %q has no items", n.at(), name)
		}
	case Integer:
		lo, hi, err := bounds(n)
		if err != nil {
			return is, err
		}
		is.Min, is.Max = math.Round(lo), math.Round(hi)
		if is.Max < is.Min || is.Max-is.Min+1 > MaxIssueValues {
			return is, fmt.Errorf("%s: integer issue %q has bounds [%g, %g]", n.at(), name, lo, hi)
		}
	case Real:
		lo, hi, err := bounds(n)
		if err != nil {
			return is, err
		}
		if hi < lo {
			return is, fmt.Errorf("%s: real issue %q has bounds [%g, %g]", n.at(), name, lo, hi)
		}
		is.Min, is.Max = lo, hi
		is.Levels = opt.RealLevels
		if is.Levels <= 0 {
			is.Levels = DefaultRealLevels
		}
		if is.Levels > MaxIssueValues {
			return is, fmt.Errorf("real levels %d too large", is.Levels)
		}
	}
	return is, nil
}

// ReadProfileXML reads a GENIUS utility-space file for domain d, with
// GENIUS's semantics: discrete evaluations divided by the issue's maximum,
// integer evaluators clip01(slope·(v − lowerbound) + offset), real ones
// clip01(parameter1·x + parameter0), weights as written, the sum capped at 1
// (unless opt.NoCap), reservation default 0, discount default 1. Non-linear
// (hyper-rectangle) profiles are read into Rects scaled by maxutility.
// Items without an evaluation count as 0; weights missing for some issues
// count as 0 (all missing: equal weights).
func ReadProfileXML(r io.Reader, d *Domain, opt XMLOptions) (*Profile, error) {
	root, err := parseXMLTree(opt.Context, r)
	if err != nil {
		return nil, fmt.Errorf("genius profile: %w", err)
	}
	us := root.find("utility_space")
	if us == nil {
		us = root
	}
	p := &Profile{Cap: !opt.NoCap, Discount: 1}
	if df := us.find("discount_factor"); df != nil {
		if v, ok, err := attrFloat(df, "value"); err != nil {
			return nil, fmt.Errorf("genius profile: %w", err)
		} else if ok {
			p.Discount = v
		}
	}
	if rv := us.find("reservation"); rv != nil {
		if v, ok, err := attrFloat(rv, "value"); err != nil {
			return nil, fmt.Errorf("genius profile: %w", err)
		} else if ok {
			if v < 0 || v > 1 {
				return nil, fmt.Errorf("genius profile: %s: reservation value %g is outside [0, 1]", rv.at(), v)
			}
			p.Reservation = v
		}
	}
	obj := us.find("objective")
	if obj == nil {
		return nil, errors.New("genius profile: no <objective> element")
	}
	if n, ok := obj.attr("name"); ok {
		p.Name = n
	}
	// issues of the profile, matched to the domain by index, then by name
	byIndex := map[int]int{}
	for i := range d.Issues {
		if d.Issues[i].Index > 0 {
			byIndex[d.Issues[i].Index] = i
		}
	}
	issues := collectIssues(obj)
	// locate finds the domain's issue for the profile's issue n, the
	// pos-th: by index, else by name, else (a domain without indices) by
	// position.
	locate := func(n *xnode, pos int) (int, error) {
		if s, ok := n.attr("index"); ok {
			v, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return 0, fmt.Errorf("%s: index=%q is not an integer", n.at(), s)
			}
			if i, ok := byIndex[v]; ok {
				return i, nil
			}
		}
		if nm, ok := n.attr("name"); ok {
			if i, ok := d.IssueIndex(nm); ok {
				return i, nil
			}
		}
		if len(byIndex) == 0 && pos < len(d.Issues) {
			return pos, nil
		}
		nm, _ := n.attr("name")
		idx, _ := n.attr("index")
		return 0, fmt.Errorf("%s: issue %q (index %q) is not in domain %q", n.at(), nm, idx, d.Name)
	}
	nonlinear := false
	if t, ok := us.attr("type"); ok && strings.EqualFold(strings.TrimSpace(t), "nonlinear") {
		nonlinear = true
	}
	util := obj.first("utility")
	if util == nil {
		util = us.first("utility")
	}
	if util != nil {
		nonlinear = true
	}
	if nonlinear {
		if util == nil {
			return nil, errors.New("genius profile: non-linear profile without <utility>")
		}
		if err := readRects(util, d, p, byIndex); err != nil {
			return nil, fmt.Errorf("genius profile: %w", err)
		}
		return p, p.Validate(d)
	}
	p.Weights = make([]float64, len(d.Issues))
	p.Evaluators = make([]Evaluator, len(d.Issues))
	for i := range d.Issues {
		p.Evaluators[i] = Evaluator{Kind: EvalTable, Table: make([]float64, d.Issues[i].Card())}
	}
	for pos, n := range issues {
		i, err := locate(n, pos)
		if err != nil {
			return nil, fmt.Errorf("genius profile: %w", err)
		}
		e, err := evaluatorFromXML(n, &d.Issues[i])
		if err != nil {
			return nil, fmt.Errorf("genius profile: issue %q: %w", d.Issues[i].Name, err)
		}
		p.Evaluators[i] = e
	}
	nw := 0
	for _, c := range obj.Children {
		if !c.is("weight") {
			continue
		}
		nw++
		s, _ := c.attr("index")
		idx, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("genius profile: %s: weight index=%q is not an integer", c.at(), s)
		}
		w, _, err := attrFloat(c, "value")
		if err != nil {
			return nil, fmt.Errorf("genius profile: %w", err)
		}
		if w < 0 {
			return nil, fmt.Errorf("genius profile: %s: weight %g of issue index %d is negative", c.at(), w, idx)
		}
		i, ok := byIndex[idx]
		if !ok {
			if len(byIndex) == 0 && idx >= 1 && idx <= len(d.Issues) {
				i, ok = idx-1, true
			}
		}
		if !ok {
			return nil, fmt.Errorf("genius profile: %s: weight of issue index %d, which domain %q does not have", c.at(), idx, d.Name)
		}
		p.Weights[i] = w
	}
	if nw == 0 {
		for i := range p.Weights {
			p.Weights[i] = 1 / float64(len(p.Weights))
		}
	}
	return p, p.Validate(d)
}

func evaluatorFromXML(n *xnode, is *Issue) (Evaluator, error) {
	switch is.Kind {
	case Discrete:
		raw := make([]float64, is.Card())
		for _, c := range n.Children {
			if !c.is("item") {
				continue
			}
			v, _ := c.attr("value")
			k, ok := is.Lookup(v)
			if !ok {
				return Evaluator{}, fmt.Errorf("%s: value %q is not an item of the domain's issue", c.at(), v)
			}
			ev, _, err := attrFloat(c, "evaluation")
			if err != nil {
				return Evaluator{}, err
			}
			if ev < 0 {
				return Evaluator{}, fmt.Errorf("%s: evaluation %g of %q is negative", c.at(), ev, v)
			}
			raw[k] = ev
		}
		return Evaluator{Kind: EvalTable, Table: NormalizeMax(raw)}, nil
	}
	ev := n.first("evaluator")
	if ev == nil {
		return Evaluator{Kind: EvalConstant}, nil
	}
	ft, _ := ev.attr("ftype")
	ft = strings.ToLower(strings.TrimSpace(ft))
	get := func(name string) (float64, error) {
		v, _, err := attrFloat(ev, name)
		return v, err
	}
	e := Evaluator{}
	var err error
	switch {
	case is.Kind == Integer && (ft == "linear" || ft == ""):
		e.Kind = EvalLinear
		if e.Slope, err = get("slope"); err != nil {
			return e, err
		}
		if e.Offset, err = get("offset"); err != nil {
			return e, err
		}
	case ft == "linear" || ft == "":
		e.Kind = EvalLinear
		if e.Offset, err = get("parameter0"); err != nil {
			return e, err
		}
		if e.Slope, err = get("parameter1"); err != nil {
			return e, err
		}
	case ft == "constant":
		e.Kind = EvalConstant
		if e.Offset, err = get("parameter0"); err != nil {
			return e, err
		}
	case ft == "triangular":
		e.Kind = EvalTriangular
		if e.Low, err = get("parameter0"); err != nil {
			return e, err
		}
		if e.High, err = get("parameter1"); err != nil {
			return e, err
		}
		if e.Top, err = get("parameter2"); err != nil {
			return e, err
		}
	default:
		return e, fmt.Errorf("%s: unsupported evaluator ftype %q", ev.at(), ft)
	}
	return e, nil
}

func readRects(util *xnode, d *Domain, p *Profile, byIndex map[int]int) error {
	scale, ok, err := attrFloat(util, "maxutility")
	if err != nil {
		return err
	}
	if !ok || scale == 0 {
		scale = 1
	}
	p.RectScale = scale
	issueOf := func(idx int) (int, bool) {
		if i, ok := byIndex[idx]; ok {
			return i, true
		}
		if len(byIndex) == 0 && idx >= 1 && idx <= len(d.Issues) {
			return idx - 1, true
		}
		return 0, false
	}
	var walk func(n *xnode, weight float64, depth int) error
	walk = func(n *xnode, weight float64, depth int) error {
		if depth > maxXMLDepth {
			return errors.New("ufun nesting too deep")
		}
		for _, c := range n.Children {
			switch {
			case c.is("ufun"):
				w, ok, err := attrFloat(c, "weight")
				if err != nil {
					return err
				}
				if !ok {
					w = 1
				}
				if err := walk(c, weight*w, depth+1); err != nil {
					return err
				}
			case c.is("hyperRectangle"):
				u, _, err := attrFloat(c, "utility")
				if err != nil {
					return err
				}
				r := Rect{Utility: u * weight}
				for _, b := range c.Children {
					excl := b.is("EXCLUDES")
					if !excl && !b.is("INCLUDES") {
						continue
					}
					r.Exclude = r.Exclude || excl
					s, _ := b.attr("index")
					idx, err := strconv.Atoi(strings.TrimSpace(s))
					if err != nil {
						return fmt.Errorf("%s: bound index %q", b.at(), s)
					}
					i, ok := issueOf(idx)
					if !ok {
						return fmt.Errorf("%s: bound on unknown issue index %d", b.at(), idx)
					}
					lo, _, err := attrFloat(b, "min")
					if err != nil {
						return err
					}
					hi, _, err := attrFloat(b, "max")
					if err != nil {
						return err
					}
					klo, khi := valueRange(&d.Issues[i], lo, hi)
					r.Bounds = append(r.Bounds, Bound{Issue: i, Lo: klo, Hi: khi})
				}
				p.Rects = append(p.Rects, r)
			}
		}
		return nil
	}
	return walk(util, 1, 0)
}

// valueRange converts a numeric interval [lo, hi] on an issue to the range
// of value indices whose values lie inside it (an empty interval gives
// Lo > Hi). Discrete issues are addressed by 1-based item position.
func valueRange(is *Issue, lo, hi float64) (int, int) {
	n := is.Card()
	if is.Kind == Discrete {
		return int(math.Ceil(lo)) - 1, int(math.Floor(hi)) - 1
	}
	klo, khi := n, -1
	for k := 0; k < n; k++ {
		x := is.Number(k)
		if x >= lo-1e-9 && x <= hi+1e-9 {
			if k < klo {
				klo = k
			}
			khi = k
		}
	}
	if khi < 0 {
		return 1, 0
	}
	return klo, khi
}

// ReadDomainXMLFile reads a GENIUS domain file.
func ReadDomainXMLFile(path string, opt XMLOptions) (*Domain, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := ReadDomainXML(f, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.Name == "" || d.Name == "root" {
		d.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return d, nil
}

// ReadProfileXMLFile reads a GENIUS utility-space file for domain d; the
// profile is named after the file.
func ReadProfileXMLFile(path string, d *Domain, opt XMLOptions) (*Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := ReadProfileXML(f, d, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	p.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return p, nil
}

func xmlEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func writeIssueHeader(w *bufio.Writer, i int, is *Issue) {
	idx := i + 1
	switch is.Kind {
	case Discrete:
		fmt.Fprintf(w, "<issue index=\"%d\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"%s\">\n", idx, xmlEsc(is.Name))
	case Integer:
		fmt.Fprintf(w, "<issue index=\"%d\" etype=\"integer\" type=\"integer\" vtype=\"integer\" name=\"%s\" lowerbound=\"%s\" upperbound=\"%s\">\n", idx, xmlEsc(is.Name), fnum(is.Min), fnum(is.Max))
	case Real:
		fmt.Fprintf(w, "<issue index=\"%d\" etype=\"real\" type=\"real\" vtype=\"real\" name=\"%s\">\n<range lowerbound=\"%s\" upperbound=\"%s\"/>\n", idx, xmlEsc(is.Name), fnum(is.Min), fnum(is.Max))
	}
}

// WriteDomainXML writes d as a GENIUS domain file. Issues are numbered
// 1..n in order. Real issues lose their grid size (GENIUS has none).
func WriteDomainXML(wr io.Writer, d *Domain) error {
	if err := d.Validate(); err != nil {
		return err
	}
	w := bufio.NewWriter(wr)
	name := d.Name
	if name == "" {
		name = "root"
	}
	fmt.Fprintf(w, "<negotiation_template>\n<utility_space number_of_issues=\"%d\">\n", len(d.Issues))
	fmt.Fprintf(w, "<objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"%s\">\n", xmlEsc(name))
	for i := range d.Issues {
		is := &d.Issues[i]
		writeIssueHeader(w, i, is)
		if is.Kind == Discrete {
			for k, v := range is.Values {
				fmt.Fprintf(w, "<item index=\"%d\" value=\"%s\"/>\n", k+1, xmlEsc(v))
			}
		}
		w.WriteString("</issue>\n")
	}
	w.WriteString("</objective>\n</utility_space>\n</negotiation_template>\n")
	return w.Flush()
}

// WriteProfileXML writes p as a GENIUS utility-space file for domain d. The
// written file has the same GENIUS semantics as p: a discrete table whose
// maximum is not 1 has its maximum folded into the issue's weight. Integer
// and real issues need a linear, constant or triangular evaluator, or a
// table that is exactly linear.
func WriteProfileXML(wr io.Writer, d *Domain, p *Profile) error {
	if err := p.Validate(d); err != nil {
		return err
	}
	if !p.IsAdditive() && p.Evaluators != nil {
		return errors.New("genius profile: cannot write a profile with both additive and hyper-rectangle parts")
	}
	// A profile without any term (a non-linear file whose utility is
	// empty) is written as an empty non-linear one.
	nonlinear := !p.IsAdditive() || p.Evaluators == nil
	w := bufio.NewWriter(wr)
	name := p.Name
	if name == "" {
		name = "root"
	}
	if nonlinear {
		w.WriteString("<utility_space type=\"nonlinear\">\n")
	} else {
		w.WriteString("<utility_space>\n")
	}
	fmt.Fprintf(w, "<objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"%s\">\n", xmlEsc(name))
	if nonlinear {
		for i := range d.Issues {
			writeIssueHeader(w, i, &d.Issues[i])
			if d.Issues[i].Kind == Discrete {
				for k, v := range d.Issues[i].Values {
					fmt.Fprintf(w, "<item index=\"%d\" value=\"%s\"/>\n", k+1, xmlEsc(v))
				}
			}
			w.WriteString("</issue>\n")
		}
		scale := p.RectScale
		if scale == 0 {
			scale = 1
		}
		fmt.Fprintf(w, "<utility maxutility=\"%s\">\n<ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n", fnum(scale))
		for _, r := range p.Rects {
			fmt.Fprintf(w, "<hyperRectangle utility=\"%s\">\n", fnum(r.Utility))
			tag := "INCLUDES"
			if r.Exclude {
				tag = "EXCLUDES"
			}
			for _, b := range r.Bounds {
				is := &d.Issues[b.Issue]
				var lo, hi string
				if is.Kind == Discrete {
					lo, hi = strconv.Itoa(b.Lo+1), strconv.Itoa(b.Hi+1)
				} else {
					lo, hi = fnum(is.Number(b.Lo)), fnum(is.Number(b.Hi))
				}
				fmt.Fprintf(w, "<%s index=\"%d\" min=\"%s\" max=\"%s\"/>\n", tag, b.Issue+1, lo, hi)
			}
			w.WriteString("</hyperRectangle>\n")
		}
		w.WriteString("</ufun>\n</utility>\n")
	} else {
		weights := append([]float64(nil), p.Weights...)
		for i := range d.Issues {
			is := &d.Issues[i]
			e := &p.Evaluators[i]
			writeIssueHeader(w, i, is)
			switch {
			case is.Kind == Discrete || (e.Kind == EvalTable && is.Kind == Discrete):
				t := make([]float64, is.Card())
				for k := range t {
					t[k] = e.Value(is, k)
				}
				m := math.Inf(-1)
				for _, v := range t {
					m = math.Max(m, v)
				}
				if m > 0 && m != 1 {
					weights[i] *= m
					for k := range t {
						t[k] /= m
					}
				}
				for k, v := range is.Values {
					fmt.Fprintf(w, "<item index=\"%d\" value=\"%s\" evaluation=\"%s\"/>\n", k+1, xmlEsc(v), fnum(t[k]))
				}
			default:
				ev, err := evaluatorXML(is, e)
				if err != nil {
					return fmt.Errorf("genius profile: issue %q: %w", is.Name, err)
				}
				w.WriteString(ev)
			}
			w.WriteString("</issue>\n")
		}
		for i, wt := range weights {
			fmt.Fprintf(w, "<weight index=\"%d\" value=\"%s\"/>\n", i+1, fnum(wt))
		}
	}
	w.WriteString("</objective>\n")
	if p.Discount != 0 {
		fmt.Fprintf(w, "<discount_factor value=\"%s\"/>\n", fnum(p.Discount))
	}
	fmt.Fprintf(w, "<reservation value=\"%s\"/>\n</utility_space>\n", fnum(p.Reservation))
	return w.Flush()
}

func evaluatorXML(is *Issue, e *Evaluator) (string, error) {
	kind := e.Kind
	slope, offset := e.Slope, e.Offset
	if kind == EvalTable {
		// accept a table that is exactly linear in the value
		n := is.Card()
		if n == 1 {
			kind, offset = EvalConstant, e.Value(is, 0)
		} else {
			x0, x1 := is.Number(0), is.Number(1)
			y0, y1 := e.Value(is, 0), e.Value(is, 1)
			slope = (y1 - y0) / (x1 - x0)
			if is.Kind == Integer {
				offset = y0
			} else {
				offset = y0 - slope*x0
			}
			tmp := Evaluator{Kind: EvalLinear, Slope: slope, Offset: offset}
			for k := 0; k < n; k++ {
				if y := e.Value(is, k); y < 0 || y > 1 || math.Abs(tmp.Value(is, k)-y) > 1e-12 {
					return "", errors.New("table is not linear in [0,1]: GENIUS cannot express it")
				}
			}
			kind = EvalLinear
		}
	}
	switch kind {
	case EvalLinear:
		if is.Kind == Integer {
			return fmt.Sprintf("<evaluator ftype=\"linear\" slope=\"%s\" offset=\"%s\"/>\n", fnum(slope), fnum(offset)), nil
		}
		return fmt.Sprintf("<evaluator ftype=\"linear\" parameter0=\"%s\" parameter1=\"%s\"/>\n", fnum(offset), fnum(slope)), nil
	case EvalConstant:
		if is.Kind == Integer {
			return fmt.Sprintf("<evaluator ftype=\"linear\" slope=\"0\" offset=\"%s\"/>\n", fnum(offset)), nil
		}
		return fmt.Sprintf("<evaluator ftype=\"constant\" parameter0=\"%s\"/>\n", fnum(offset)), nil
	case EvalTriangular:
		if is.Kind == Integer {
			return "", errors.New("GENIUS has no triangular evaluator for integer issues")
		}
		return fmt.Sprintf("<evaluator ftype=\"triangular\" parameter0=\"%s\" parameter1=\"%s\" parameter2=\"%s\"/>\n", fnum(e.Low), fnum(e.High), fnum(e.Top)), nil
	}
	return "", errors.New("unknown evaluator")
}

// LoadGeniusDir reads a GENIUS domain folder: the domain file (root
// <negotiation_template>) and every utility-space file, in file-name order.
// Other files (e.g. pareto.xml) are ignored.
func LoadGeniusDir(dir string, opt XMLOptions) (*Domain, []*Profile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var domainFile string
	var profiles []string
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".xml") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		root, err := parseXMLTree(opt.Context, f)
		f.Close()
		if err != nil {
			continue // not XML (e.g. pareto.xml): skip
		}
		switch {
		case root.is("negotiation_template"):
			if domainFile != "" {
				return nil, nil, fmt.Errorf("%s: two domain files (%s, %s)", dir, filepath.Base(domainFile), e.Name())
			}
			domainFile = path
		case root.is("utility_space"):
			profiles = append(profiles, path)
		}
	}
	if domainFile == "" {
		return nil, nil, fmt.Errorf("%s: no GENIUS domain file (<negotiation_template>)", dir)
	}
	sort.Strings(profiles)
	d, err := ReadDomainXMLFile(domainFile, opt)
	if err != nil {
		return nil, nil, err
	}
	if d.Name == "" || d.Name == "root" {
		d.Name = filepath.Base(dir)
	}
	var ps []*Profile
	for _, p := range profiles {
		pr, err := ReadProfileXMLFile(p, d, opt)
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, pr)
	}
	if len(ps) == 0 {
		return nil, nil, fmt.Errorf("%s: no utility-space files", dir)
	}
	return d, ps, nil
}
