import { defineConfig } from 'vite';

// The chat frame: a page the Parley server serves at /widget/frame, with hashed assets under /widget/assets.
// widget.js opens it in an iframe only when the visitor opens the launcher, so none of this weighs on the host page.
export default defineConfig({
  root: 'src/frame',
  base: '/widget/',
  build: {
    outDir: '../../dist/frame',
    emptyOutDir: true,
    modulePreload: false,
  },
});
