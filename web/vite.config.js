// The dashboard's build: one page whose hashed assets land in the Go
// package that embeds them (internal/webui/dist).
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "../internal/webui/dist",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 600,
  },
  test: {
    include: ["test/**/*.test.js"],
  },
});
