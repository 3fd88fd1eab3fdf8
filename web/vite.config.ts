// The Enterprise Center console: built into web/dist and served by Portico at /console.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  // `npm run dev:web`: hot reload against a Portico already running on :3000.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
