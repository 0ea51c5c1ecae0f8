// Package events reads machine-coded event data — GDELT 1.0 and 2.0, ICEWS
// — and measures a dyad's temperature: daily or weekly series of
// conflict and cooperation between two countries' actors, spikes in them,
// and observations of a scenario's signposts proposed from CAMEO codes.
//
// The readers stream (one line in memory at a time, at most MaxLine
// bytes) with the exact column layouts: GDELT 1.0 daily files (58
// columns; 57 in the pre-2013 backfile rows that lack SOURCEURL), GDELT
// 2.0 exports (61 columns: geography blocks gain ADM2Code), ICEWS coded
// event data (tab-separated under a header). Input may be plain, gzip or
// zip, with LF, CRLF or CR-only line ends; lines that are not UTF-8 are
// read as Windows-1252. CAMEO codes stay strings ("010" is not "10").
// Every line is accounted for in a Report: blank, header, event, or a bad
// row counted and reported with its line number (Problem).
//
// The CAMEO event, country and actor-type tables and the Goldstein scales
// are built in, transcribed from GDELT's published lookup files
// (GDELTScale) and the ICEWS codebook (ICEWSScale). Filter selects events
// by dyad (directed or not), actor types, dates, CAMEO patterns and quad
// classes; an Aggregator sums them per directed dyad and period (Sums,
// Point, Index); DetectSpikes finds the periods that depart from a rolling
// baseline (robust z-score); a Mapping of rules turns matching events
// into proposed scenario.Observation values (Proposer). Package
// events/poll follows a GDELT 2.0 feed for the server. docs/events.md
// documents formulas and defaults.
package events
