package webhook

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// MaxURL is the longest webhook URL accepted.
const MaxURL = 2048

// Policy says which URLs deliveries may go to: http and https only, and
// public addresses only unless an address is in Allow. Loopback, private
// (RFC 1918, fc00::/7), link-local, CGNAT, multicast and unspecified
// addresses are not public: a server posting to them on behalf of API
// clients would let those clients reach internal services (SSRF).
type Policy struct {
	// Allow lists the non-public networks deliveries may reach anyway,
	// e.g. 127.0.0.0/8 for receivers on the same machine.
	Allow []netip.Prefix
}

// ParseAllow parses a comma-separated list of networks (CIDR, or a single
// address) into a Policy.
func ParseAllow(list string) (Policy, error) {
	var p Policy
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return p, fmt.Errorf("webhook allowlist: %q: not an address or a network (CIDR)", s)
			}
			p.Allow = append(p.Allow, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		n, err := netip.ParsePrefix(s)
		if err != nil {
			return p, fmt.Errorf("webhook allowlist: %q: not an address or a network (CIDR)", s)
		}
		p.Allow = append(p.Allow, n.Masked())
	}
	return p, nil
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// public reports whether a is a public unicast address.
func public(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate() && !cgnat.Contains(a)
}

// Permits reports whether deliveries may reach address a.
func (p Policy) Permits(a netip.Addr) bool {
	a = a.Unmap()
	if public(a) {
		return true
	}
	for _, n := range p.Allow {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// CheckURL checks a webhook URL when it is registered: absolute http or
// https, a host, no user information, and, when the host is an address, a
// permitted one (names are checked when connecting).
func (p Policy) CheckURL(raw string) error {
	if len(raw) > MaxURL {
		return fmt.Errorf("url: %d characters; the limit is %d", len(raw), MaxURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q: the scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("url %q: no host", raw)
	}
	if u.User != nil {
		return fmt.Errorf("url %q: user information is not allowed (sign with the secret instead)", raw)
	}
	if a, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && !p.Permits(a) {
		return fmt.Errorf("url %q: %s is not a public address and not in the webhook allowlist", raw, a)
	}
	return nil
}

// Client returns an HTTP client for deliveries: it connects only to
// permitted addresses (checked on the resolved address of every
// connection, so a name that resolves to an internal address is refused
// too), follows no redirects, and gives up after timeout.
func (p Policy) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook: dial %s: %v", address, err)
		}
		if !p.Permits(ap.Addr()) {
			return fmt.Errorf("webhook: %s is not a public address and not in the webhook allowlist", ap.Addr())
		}
		return nil
	}}
	tr := &http.Transport{
		DialContext:         d.DialContext,
		Proxy:               nil, // a proxy would hide the address from the check
		TLSHandshakeTimeout: timeout,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     time.Minute,
	}
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
