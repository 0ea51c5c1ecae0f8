package negotiate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// xnode is an element of a leniently parsed XML document.
type xnode struct {
	Name     string
	Attrs    []xml.Attr
	Children []*xnode
	Line     int
}

func (n *xnode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	for _, a := range n.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value, true
		}
	}
	return "", false
}

func (n *xnode) is(name string) bool { return strings.EqualFold(n.Name, name) }

// first returns the first child with the given name.
func (n *xnode) first(name string) *xnode {
	for _, c := range n.Children {
		if c.is(name) {
			return c
		}
	}
	return nil
}

// find returns the first element with the given name in depth-first order
// (n itself included).
func (n *xnode) find(name string) *xnode {
	if n.is(name) {
		return n
	}
	for _, c := range n.Children {
		if f := c.find(name); f != nil {
			return f
		}
	}
	return nil
}

const (
	maxXMLBytes = 64 << 20
	maxXMLDepth = 64
	maxXMLNodes = 1 << 20
)

var (
	xmlDeclRE  = regexp.MustCompile(`<\?[^>]*\?>`)
	bareAmpRE  = regexp.MustCompile(`&([^&;\s<>"']{0,32};)?`)
	entityOKRE = regexp.MustCompile(`^&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$`)
)

// sanitizeXML repairs the quirks found in the ANAC/GENIUS corpus: a byte
// order mark, XML declarations not at the start (all processing
// instructions are dropped), bare '&', and text that is not UTF-8 (read as
// Latin-1).
func sanitizeXML(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		r := make([]rune, 0, len(b))
		for _, c := range b {
			r = append(r, rune(c))
		}
		b = []byte(string(r))
	}
	b = xmlDeclRE.ReplaceAll(b, nil)
	b = bareAmpRE.ReplaceAllFunc(b, func(m []byte) []byte {
		if entityOKRE.Match(m) {
			return m
		}
		return append([]byte("&amp;"), m[1:]...)
	})
	return b
}

// parseXMLTree parses an XML document leniently into a tree of elements.
func parseXMLTree(r io.Reader) (*xnode, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxXMLBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxXMLBytes {
		return nil, fmt.Errorf("XML document larger than %d bytes", maxXMLBytes)
	}
	b = sanitizeXML(b)
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var root *xnode
	var stack []*xnode
	nodes := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root != nil && len(stack) == 0 {
				break // trailing garbage after the root element
			}
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("XML line %d: %v", line, cleanXMLErr(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > maxXMLNodes {
				return nil, fmt.Errorf("XML document has more than %d elements", maxXMLNodes)
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("XML nesting deeper than %d", maxXMLDepth)
			}
			line, _ := dec.InputPos()
			n := &xnode{Name: t.Name.Local, Attrs: append([]xml.Attr(nil), t.Attr...), Line: line}
			if len(stack) == 0 {
				if root != nil {
					// a second root element: ignore it and what it contains
					stack = append(stack, n)
					continue
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if root == nil {
		return nil, errors.New("no XML element found")
	}
	return root, nil
}

func cleanXMLErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "XML syntax error on line ")
	if i := strings.Index(s, ": "); i >= 0 && i < 8 {
		s = s[i+2:]
	}
	return s
}
