/**
 * Builds the web shell into web/dist, which the server serves at `/`.
 * Run from the repository root: `npx vite build --config web/vite.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where the dev server forwards API calls; only used by `vite` in development. */
const apiUrl = process.env.PATHWISE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    // `npx vite --config web/vite.config.ts` proxies the API to a local `pathwise serve`.
    proxy: {
      '/auth': apiUrl,
      '/v1': apiUrl,
    },
  },
});
