import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./client', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd alone is larger than the default warning limit; the budget (issue 5) is checked by size, gzip.
    chunkSizeWarningLimit: 1500,
    // dist/.vite/manifest.json: which chunks each page pulls in (tests/perf/ui-bench.ts reports the split).
    manifest: true,
    rolldownOptions: {
      output: {
        // React is in every page and changes least often: its own long-cached chunk. Everything else is
        // left to the chunker, which follows the lazy pages of routes.tsx: what the app shell uses lands in
        // the entry, a library used by one page (ECharts, antd's Table or Drawer…) in that page's chunks,
        // and modules shared by several pages in common chunks. (One `antd` or `vendor` group would pull
        // every page's components into the first load again.)
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});
