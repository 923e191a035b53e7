// Builds the staff app (index.html, served at /) and the petitioner portal
// (portal.html, served at /portal) into dist/. The C server sends a file's
// .gz twin when the browser accepts gzip, so every text asset gets one here.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Writes name.gz beside every compressible output file; skipped when the
// gzip is not smaller (the server would gain nothing by sending it).
function gzipTwins() {
  let outDir;
  return {
    name: 'xinfang-gzip',
    apply: 'build',
    enforce: 'post',
    configResolved(c) { outDir = resolve(c.root, c.build.outDir); },
    writeBundle(_opts, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json|txt|mjs)$/.test(name)) continue;
        const path = join(outDir, name);
        const raw = readFileSync(path);
        if (raw.length < 512) continue;
        const gz = gzipSync(raw, { level: 9 });
        if (gz.length < raw.length) writeFileSync(path + '.gz', gz);
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components and their CSS are imported where a template
    // uses them, so the portal does not carry the staff app's tables.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: false,
      dirs: [],
    }),
    gzipTwins(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        portal: resolve(import.meta.dirname, 'portal.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:18090' },
  },
});
