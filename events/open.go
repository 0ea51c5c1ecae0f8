package events

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
)

// ScanFile reads the events of the file at path — plain text, gzip, or a
// zip archive (each file in it in turn, as GDELT ships its exports) — and
// calls fn with each. "-" reads standard input (plain or gzip). It returns
// a report per file read.
func ScanFile(ctx context.Context, path string, opt Options, fn func(*Event) error) ([]*Report, error) {
	if path == "-" {
		return scanStream(ctx, os.Stdin, "stdin", opt, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if n == 4 && isZip(magic[:]) {
		return ScanZip(ctx, f, st.Size(), path, opt, fn)
	}
	return scanStream(ctx, f, path, opt, fn)
}

// ScanBytes reads the events of a file held in memory (plain, gzip or
// zip), as ScanFile does.
func ScanBytes(ctx context.Context, data []byte, name string, opt Options, fn func(*Event) error) ([]*Report, error) {
	if isZip(data) {
		return ScanZip(ctx, bytes.NewReader(data), int64(len(data)), name, opt, fn)
	}
	return scanStream(ctx, bytes.NewReader(data), name, opt, fn)
}

func isZip(b []byte) bool { return len(b) >= 4 && string(b[:4]) == "PK\x03\x04" }

// ScanZip reads the events of every file in a zip archive, in order;
// problems are located as archive:member:line.
func ScanZip(ctx context.Context, ra io.ReaderAt, size int64, name string, opt Options, fn func(*Event) error) ([]*Report, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var reps []*Report
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return reps, fmt.Errorf("%s:%s: %w", name, zf.Name, err)
		}
		rep, err := Scan(ctx, rc, name+":"+zf.Name, opt, fn)
		rc.Close()
		reps = append(reps, rep)
		if err != nil {
			return reps, err
		}
	}
	return reps, nil
}

// scanStream reads a plain or gzip stream.
func scanStream(ctx context.Context, r io.Reader, name string, opt Options, fn func(*Event) error) ([]*Report, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		rep, err := Scan(ctx, zr, name, opt, fn)
		return []*Report{rep}, err
	}
	rep, err := Scan(ctx, br, name, opt, fn)
	return []*Report{rep}, err
}
