// Package webui holds the dashboard's built single-page app (web/, built
// by Vite into dist/), embedded so that `go build` needs no Node and the
// binary serves the dashboard by itself.
package webui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var assets embed.FS

// FS returns the built app: index.html at its root, hashed files under
// assets/.
func FS() fs.FS {
	sub, err := fs.Sub(assets, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return sub
}
