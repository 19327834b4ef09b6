import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * NHS.UK frontend's CSS asks assets.nhs.uk for Frutiger, a licensed font its npm package does not ship. Lantern makes
 * no request to outside hosts (it may run offline or behind a strict proxy), so those @font-face rules are dropped and
 * the page uses the rest of NHS.UK's own font stack (Arial, sans-serif), as NHS.UK does when Frutiger is unavailable.
 * Its icons (e.g. a search box's clear button) are named from the site root, where Lantern has none: they are taken
 * from the package itself, beside the CSS, and bundled.
 */
function nhsukAssetsHere(): Plugin {
  return {
    name: 'lantern-nhsuk-assets-here',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[^?]*\.css/.test(id)) return null;
      return {
        code: code
          .replace(/@font-face\s*\{[^}]*https?:\/\/[^}]*\}/g, '')
          .replace(/url\(\/assets\/images\//g, 'url(./assets/images/'),
        map: null,
      };
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [nhsukAssetsHere(), react()],
  // nhsuk-frontend ships minified CSS that lightningcss cannot re-minify
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, cssMinify: false },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
