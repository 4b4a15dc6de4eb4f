import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));

// The SPA lives in web/; the API server (port 3000 in development) serves web/dist in production.
export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: {
    outDir: path.join(webDir, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
      output: {
        // Vendor code changes less often than the app: separate chunks cache better.
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(@mantine|@floating-ui)\//.test(id)) return 'mantine';
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return 'vendor';
        },
      },
    },
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    // The app imports the API's schema files from ../src.
    fs: { allow: [path.dirname(webDir)] },
    proxy: {
      '/api': { target: process.env.HOLDFAST_API_URL ?? 'http://localhost:3000', changeOrigin: false },
      '/health': { target: process.env.HOLDFAST_API_URL ?? 'http://localhost:3000' },
    },
  },
});
