package negotiate

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// xnode is an element of a leniently parsed XML document.
type xnode struct {
	Name     string
	Attrs    []xml.Attr
	Children []*xnode
	Line     int // the position of the '<' of the element's start tag
	Col      int
}

// at locates n for an error message: "line L:C <name>".
func (n *xnode) at() string { return fmt.Sprintf("line %d:%d <%s>", n.Line, n.Col, n.Name) }

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

// find returns the first element with the given name in depth-first
// pre-order (n itself included), walking with an explicit stack.
func (n *xnode) find(name string) *xnode {
	stack := []*xnode{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.is(name) {
			return x
		}
		for i := len(x.Children) - 1; i >= 0; i-- {
			stack = append(stack, x.Children[i])
		}
	}
	return nil
}

const (
	xmlCtxEvery = 4096
	maxXMLBytes = 64 << 20
	maxXMLDepth = 64
	maxXMLNodes = 1 << 20
)

// The patterns of sanitizeXML, compiled on first use.
var (
	xmlDeclRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<\?[^>]*\?>`) })
	bareAmpRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`&([^&;\s<>"']{0,32};)?`) })
	entityOKRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$`)
	})
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
	b = xmlDeclRE().ReplaceAll(b, nil)
	b = bareAmpRE().ReplaceAllFunc(b, func(m []byte) []byte {
		if entityOKRE().Match(m) {
			return m
		}
		return append([]byte("&amp;"), m[1:]...)
	})
	return b
}

// parseXMLTree parses an XML document into a tree of elements. It is
// lenient on the lexical quirks of the GENIUS corpus (see sanitizeXML;
// unquoted attributes, HTML entities; DTDs and unknown entities are
// ignored) but strict on structure: every element must be closed by its
// own end tag, or the error names both, with their lines and columns.
// A nil ctx means context.Background; parsing looks at it every
// xmlCtxEvery tokens.
func parseXMLTree(ctx context.Context, r io.Reader) (*xnode, error) {
	if ctx == nil {
		ctx = context.Background()
	}
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
	dec.Entity = xml.HTMLEntity
	var root *xnode
	var stack []*xnode
	nodes := 0
	pos := newTextPos(b)
	tokens := 0
	for {
		// RawToken leaves the matching of end tags to this loop: the
		// decoder's lenient mode would close unclosed elements silently.
		if tokens++; tokens%xmlCtxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		before := dec.InputOffset()
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root != nil && len(stack) == 0 {
				break // trailing garbage after the root element
			}
			line, col := dec.InputPos()
			return nil, fmt.Errorf("XML line %d:%d: %v", line, col, cleanXMLErr(err))
		}
		line, col := pos.tag(before)
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > maxXMLNodes {
				return nil, fmt.Errorf("XML line %d:%d: document has more than %d elements", line, col, maxXMLNodes)
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("XML line %d:%d: nesting deeper than %d", line, col, maxXMLDepth)
			}
			n := &xnode{Name: t.Name.Local, Attrs: append([]xml.Attr(nil), t.Attr...), Line: line, Col: col}
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
			if len(stack) == 0 {
				return nil, fmt.Errorf("XML line %d:%d: </%s> closes no element", line, col, t.Name.Local)
			}
			if top := stack[len(stack)-1]; top.Name != t.Name.Local {
				return nil, fmt.Errorf("XML line %d:%d: </%s> where %s (not closed) ends", line, col, t.Name.Local, top.at())
			}
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, errors.New("no XML element found")
	}
	if len(stack) > 0 {
		line, col := dec.InputPos()
		return nil, fmt.Errorf("XML line %d:%d: the document ends inside %s (not closed)", line, col, stack[len(stack)-1].at())
	}
	return root, nil
}

// textPos turns byte offsets of a document, visited in increasing order,
// into lines and columns (1-based, columns in bytes).
type textPos struct {
	b         []byte
	off       int
	line, col int
}

func newTextPos(b []byte) *textPos { return &textPos{b: b, line: 1, col: 1} }

// tag returns the position of the first '<' at or after offset from (the
// start of the tag the decoder read from there).
func (p *textPos) tag(from int64) (line, col int) {
	at := int(from)
	if i := bytes.IndexByte(p.b[min(at, len(p.b)):], '<'); i >= 0 {
		at += i
	}
	for ; p.off < at && p.off < len(p.b); p.off++ {
		if p.b[p.off] == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
	}
	return p.line, p.col
}

func cleanXMLErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "XML syntax error on line ")
	if i := strings.Index(s, ": "); i >= 0 && i < 8 {
		s = s[i+2:]
	}
	return s
}
