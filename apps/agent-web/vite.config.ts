import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The Parley server (apps/server) listens on 127.0.0.1:3000 in development.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n's esm-bundler build reads these flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    // Messages are plain JSON compiled in the browser; precompiling them would need a plugin.
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    proxy: {
      '/api': { target: server },
      '/socket.io': { target: server, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
