import { defineConfig } from 'vitest/config';

// Tests that need a DOM say so with a `// @vitest-environment happy-dom` comment.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environmentOptions: {
      happyDOM: {
        // The loader test adds <script src=".../widget.js"> tags only so that document.currentScript
        // has something to point at; happy-dom must not try to fetch them, nor the chat frame's page.
        settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true, disableIframePageLoading: true },
      },
    },
  },
});
