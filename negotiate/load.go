package negotiate

import (
	"bytes"
	"errors"
	"fmt"
)

// Input formats of LoadBytes.
const (
	// FormatGenius is GENIUS XML: a domain file and utility-space files.
	FormatGenius = "genius"
	// FormatGeniusWeb is GeniusWeb JSON: a domain and linear additive
	// profiles.
	FormatGeniusWeb = "geniusweb"
	// FormatSpec is a negotiation specification (YAML or JSON): the block
	// alone or a scenario file holding it under "negotiation"; it takes no
	// profiles.
	FormatSpec = "spec"
)

// LoadOptions tune LoadBytes.
type LoadOptions struct {
	// XML reads GENIUS files.
	XML XMLOptions
	// Build picks the types and parameter values of a specification.
	Build BuildOptions
	// DomainName names a domain whose document has no name.
	DomainName string
	// ProfileNames name the profiles, in order: GENIUS ones always (a
	// utility space names only its objective), GeniusWeb ones whose
	// document has no name. Profiles left unnamed become "profile1",
	// "profile2", …
	ProfileNames []string
	// Sources name the documents in errors, the domain's first, then each
	// profile's (e.g. file paths; default "domain", "profile 1", …).
	Sources []string
}

// source names document i (0 the domain, then the profiles) in errors.
func (o LoadOptions) source(i int) string {
	switch {
	case i < len(o.Sources) && o.Sources[i] != "":
		return o.Sources[i]
	case i == 0:
		return "domain"
	}
	return fmt.Sprintf("profile %d", i)
}

// LoadBytes builds a domain and its profiles from documents in memory: a
// GENIUS domain and utility spaces (FormatGenius), a GeniusWeb domain and
// profiles (FormatGeniusWeb), or a specification (FormatSpec, in domain;
// profiles must be empty). Errors name the document at fault.
func LoadBytes(format string, domain []byte, profiles [][]byte, opt LoadOptions) (*Domain, []*Profile, error) {
	var (
		d   *Domain
		ps  []*Profile
		err error
	)
	switch format {
	case FormatSpec:
		if len(profiles) > 0 {
			return nil, nil, errors.New("a specification takes no profile documents")
		}
		s, err := ParseSpec(domain, opt.source(0))
		if err != nil {
			return nil, nil, err
		}
		d, ps, _, err = s.Build(opt.Build)
		return d, ps, err
	case FormatGenius:
		d, ps, err = loadGenius(domain, profiles, opt)
	case FormatGeniusWeb:
		d, ps, err = loadGeniusWeb(domain, profiles, opt)
	default:
		return nil, nil, fmt.Errorf("unknown negotiation format %q (%s, %s or %s)", format, FormatGenius, FormatGeniusWeb, FormatSpec)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(ps) == 0 {
		return nil, nil, errors.New("no profiles given")
	}
	if (d.Name == "" || d.Name == "root") && opt.DomainName != "" {
		d.Name = opt.DomainName
	}
	for i, p := range ps {
		if format == FormatGeniusWeb && p.Name != "" {
			continue
		}
		p.Name = fmt.Sprintf("profile%d", i+1)
		if i < len(opt.ProfileNames) && opt.ProfileNames[i] != "" {
			p.Name = opt.ProfileNames[i]
		}
	}
	return d, ps, nil
}

func loadGenius(domain []byte, profiles [][]byte, opt LoadOptions) (*Domain, []*Profile, error) {
	d, err := ReadDomainXML(bytes.NewReader(domain), opt.XML)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", opt.source(0), err)
	}
	var ps []*Profile
	for i, b := range profiles {
		p, err := ReadProfileXML(bytes.NewReader(b), d, opt.XML)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", opt.source(i+1), err)
		}
		ps = append(ps, p)
	}
	return d, ps, nil
}

func loadGeniusWeb(domain []byte, profiles [][]byte, opt LoadOptions) (*Domain, []*Profile, error) {
	d, err := ReadGeniusWebDomain(bytes.NewReader(domain))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", opt.source(0), err)
	}
	var ps []*Profile
	for i, b := range profiles {
		p, _, err := ReadGeniusWebProfile(bytes.NewReader(b), d)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", opt.source(i+1), err)
		}
		ps = append(ps, p)
	}
	return d, ps, nil
}
