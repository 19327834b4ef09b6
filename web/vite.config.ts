import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // nhsuk-frontend ships minified CSS that lightningcss cannot re-minify
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, cssMinify: false },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
