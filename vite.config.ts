import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { computeSoftwareId } from './web/build/softwareId.ts';
import { defaultProfileRef } from './web/build/profileRef.ts';

// The software identification is computed from the sources at build time and baked
// into the bundle, so the About panel shows exactly what was built (OIML D 31 §6.2.2).
const softwareId = computeSoftwareId();
const profile = defaultProfileRef();

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
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
        // The sync server answers these itself: its API and the public lookup (QR labels point there).
        navigateFallbackDenylist: [/^\/api\//, /^\/lookup\//],
      },
    }),
  ],
});
