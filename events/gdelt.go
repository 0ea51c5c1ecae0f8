package events

import (
	"bytes"
	"fmt"
)

// GDELT's event columns, 0-based. Both versions share columns 0–34; then
// come three geography blocks (Actor1, Actor2, Action) of 7 fields in
// GDELT 1.0 and 8 in 2.0 (ADM2Code added), DATEADDED and SOURCEURL.
const (
	colID          = 0
	colDate        = 1
	colActor1      = 5  // Code, Name, CountryCode, KnownGroup, Ethnic, Religion1, Religion2, Type1, Type2, Type3
	colActor2      = 15 // the same ten fields
	colIsRoot      = 25
	colCode        = 26
	colBase        = 27
	colRoot        = 28
	colQuad        = 29
	colGoldstein   = 30
	colMentions    = 31
	colSources     = 32
	colArticles    = 33
	colTone        = 34
	colGeo         = 35 // Actor1Geo_Type: the first geography field
	gdelt1Columns  = 58
	gdelt1Backfile = 57 // pre-2013-04 backfile rows lack SOURCEURL
	gdelt2Columns  = 61
)

// parseGDELT reads a GDELT 1.0 or 2.0 row from r.fields into r.ev.
func (r *Reader) parseGDELT() error {
	f := r.fields
	var format Format
	geo := 0 // fields per geography block
	switch len(f) {
	case gdelt1Columns, gdelt1Backfile:
		format, geo = GDELT1, 7
	case gdelt2Columns:
		format, geo = GDELT2, 8
	default:
		return fmt.Errorf("%d columns, want 58 or 57 (GDELT 1.0) or 61 (GDELT 2.0)", len(f))
	}
	if r.opt.Format != Auto && r.opt.Format != format {
		return fmt.Errorf("%d columns: a %s row, not %s", len(f), format, r.opt.Format)
	}
	e := &r.ev
	*e = Event{Format: format}
	r.rep.Format = format
	if len(f[colID]) == 0 {
		return fmt.Errorf("GLOBALEVENTID is empty")
	}
	e.ID = string(f[colID])
	d, ok := parseYMD(f[colDate])
	if !ok {
		return fmt.Errorf("SQLDATE %q: not a date YYYYMMDD", clip(f[colDate]))
	}
	e.Day = d
	r.actor(&e.Source, f[colActor1:colActor1+10])
	r.actor(&e.Target, f[colActor2:colActor2+10])
	e.IsRoot = bytes.Equal(f[colIsRoot], []byte("1"))
	if !validCode(f[colCode]) {
		return fmt.Errorf("EventCode %q: not a CAMEO code", clip(f[colCode]))
	}
	e.Code = r.str(f[colCode])
	e.Root = e.Code[:2]
	if root := f[colRoot]; len(root) > 0 && !bytes.Equal(root, f[colCode][:2]) {
		return fmt.Errorf("EventRootCode %q does not begin EventCode %q", clip(root), e.Code)
	}
	e.Base = r.str(f[colBase])
	if len(f[colQuad]) != 1 || f[colQuad][0] < '1' || f[colQuad][0] > '4' {
		return fmt.Errorf("QuadClass %q: want 1 to 4", clip(f[colQuad]))
	}
	e.Quad = Quad(f[colQuad][0] - '0')
	var err error
	if e.Goldstein, err = parseFloat(f[colGoldstein], "GoldsteinScale"); err != nil {
		return err
	}
	if e.Goldstein < -10 || e.Goldstein > 10 {
		return fmt.Errorf("GoldsteinScale %v: outside [-10, 10]", e.Goldstein)
	}
	if e.Mentions, err = parseCount(f[colMentions], "NumMentions"); err != nil {
		return err
	}
	if e.Sources, err = parseCount(f[colSources], "NumSources"); err != nil {
		return err
	}
	if e.Articles, err = parseCount(f[colArticles], "NumArticles"); err != nil {
		return err
	}
	if e.Tone, err = parseFloat(f[colTone], "AvgTone"); err != nil {
		return err
	}
	e.HasTone = true
	e.ActionCountry = r.str(f[colGeo+2*geo+2]) // ActionGeo_CountryCode
	if len(f) != gdelt1Backfile {
		e.URL = string(f[len(f)-1])
	}
	return nil
}

// actor reads GDELT's ten actor fields.
func (r *Reader) actor(a *Actor, f [][]byte) {
	a.Code = r.str(f[0])
	a.Name = r.str(f[1])
	a.Country = r.str(f[2])
	a.Types = [3]string{r.str(f[7]), r.str(f[8]), r.str(f[9])}
}
