import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { computeSoftwareId } from './web/build/softwareId.ts';
import { defaultProfileRef } from './web/build/profileRef.ts';

// The software identification is computed from the sources at build time and baked
// into the bundle, so the About panel shows exactly what was built (OIML D 31 §6.2.2).
const softwareId = computeSoftwareId();
const profile = defaultProfileRef();

/**
 * The public lookup page (web/lookup.html, docs/lookup.md) is a page of its own: the PWA
 * plugin puts the operator app's manifest link into every HTML entry, which would let a
 * phone "install" the operator app from a label's QR code. Taken out of lookup.html again.
 */
function lookupPageWithoutManifest(): Plugin {
  return {
    name: 'erjian:lookup-without-manifest',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => (/\/(lookup|announcements)\.html$/.test(ctx.path) ? html.replace(/<link rel="manifest"[^>]*>/g, '') : html),
    },
  };
}

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // Two pages: the operator app, and the public lookup that labels' QR codes open.
      input: {
        index: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        lookup: fileURLToPath(new URL('./web/lookup.html', import.meta.url)),
        // the public announcement (一公开, docs/authorisations.md): a page of its own like the lookup
        announcements: fileURLToPath(new URL('./web/announcements.html', import.meta.url)),
      },
    },
  },
  define: {
    __SOFTWARE_ID__: JSON.stringify({ version: softwareId.version, sha256: softwareId.sha256 }),
    __PROFILE_REF__: JSON.stringify(profile),
  },
  worker: { format: 'es' },
  plugins: [
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: '二检合一 · 水表检定',
        short_name: '二检合一',
        description: '出厂检定与首次强制检定合一：DN15–DN40 冷水水表（JJG 162-2019）',
        lang: 'zh-CN',
        start_url: '.',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5cab',
        icons: [
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        ],
      },
      workbox: {
        // Workbox leaves .wasm out by default; the statistics kernel must work offline.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,json,webmanifest}'],
        // The public lookup is not part of the operator app: never precached with it.
        globIgnores: ['lookup.html', 'assets/lookup-*', 'announcements.html', 'assets/announcements-*', 'assets/publicPage-*'],
        // The sync server answers these itself: its API and the public lookup (QR labels
        // point there) — `/lookup`, `/lookup?lang=en` and `/lookup/<serial>` alike, or an
        // operator's PC would open its own start screen instead of the lookup.
        navigateFallbackDenylist: [/^\/api\//, /^\/lookup(?:[/?]|$)/, /^\/announcements(?:[/?]|$)/],
      },
    }),
    lookupPageWithoutManifest(),
  ],
});
