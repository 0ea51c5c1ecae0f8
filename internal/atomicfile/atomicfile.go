// Package atomicfile writes files so that readers, and the file system
// after a crash, see either the old content or the complete new one, never
// a truncated mixture.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes the file named path with the bytes write produces. It
// writes to a temporary file in the same directory (".<base>.tmp-*"),
// sets its permission bits to perm exactly (the umask does not apply),
// syncs it to stable storage, renames it over path and, on Unix, syncs the
// directory so that the rename survives a crash.
//
// If write returns an error or panics, or any step fails, the temporary
// file is removed and path is left untouched; a panic is re-raised after
// the clean-up. Concurrent calls for one path end with the complete content
// of one of them.
func WriteFile(path string, write func(io.Writer) error, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	if err := f.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: close %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: rename %s to %s: %w", tmp, path, err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("atomicfile: sync directory of %s: %w", path, err)
	}
	return nil
}
