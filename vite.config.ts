import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer, built once for both shells (Electron's app:// and `toolshed serve`).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});
