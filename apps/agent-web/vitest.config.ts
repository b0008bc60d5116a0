import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// The app's own Vite setup (the Vue plugin, vue-i18n's flags), so component tests compile .vue files as the build does.
// `pnpm test` runs this beside the server's suites on a 2-core machine: a view's first mount (compiling the
// admin screens and loading their messages) can take longer than Vitest's 5 s default there.
export default mergeConfig(viteConfig, defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 20_000 } }));
