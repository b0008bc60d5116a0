import { defineConfig } from 'vite';

// Library mode: one self-contained IIFE that any page can load with a plain <script> tag.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    lib: {
      entry: 'src/loader/widget.ts',
      name: 'ParleyWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
