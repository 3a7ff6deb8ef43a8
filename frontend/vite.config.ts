/// <reference types="vitest/config" />
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

/** Brotli and gzip copies next to each text file of the build; the app serves them to
 * clients that accept them (platform/core/web.py), so nothing is compressed per request. */
function precompress(): Plugin {
  return {
    name: "hansa-precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const path = join(dir, file);
        const content = readFileSync(path);
        if (content.length < 1024) continue; // not worth a second request's header
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/** React Aria Components, react-hook-form, zod and TanStack Table (frontend/README.md). */
const FORM_KIT = /\/node_modules\/(react-aria|react-aria-components|react-stately|@react-aria|@react-stately|@react-types|@internationalized|react-hook-form|@hookform|zod|@tanstack\/(react-table|table-core|react-store|store))\//;

// No @vitejs/plugin-react: Vite's built-in esbuild compiles JSX with the automatic runtime.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  plugins: [precompress()],
  server: {
    port: 5173,
    // the app's headers (platform/core/headers.py) in development too; Vite injects
    // each CSS module as a <style> element and talks to its client over a WebSocket
    headers: {
      "Content-Security-Policy":
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self' ws: wss:; form-action 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "no-referrer",
    },
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false, // production builds publish no source maps (the dev server has its own)
    target: "es2022",
    rollupOptions: {
      // the libraries change less often than the app: their own long-cached chunks, the
      // form and table kit apart (only the pages converted to it load it)
      output: { manualChunks: (id) => (FORM_KIT.test(id) ? "vendor-forms" : id.includes("/node_modules/") ? "vendor" : undefined) },
      onwarn(warning, warn) {
        // react-router ships "use client" directives, meaningless in a client-only bundle
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
  },
});
