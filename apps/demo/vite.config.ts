import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Prints where the demo is, in one line that stands out from Vite's own output. */
function announce(): Plugin {
  const print = (server: { resolvedUrls: { local: string[] } | null }) =>
    setTimeout(() => {
      const url = server.resolvedUrls?.local[0];
      if (url) console.log(`\n  ☎  handset demo on the sandbox line: ${url}\n     Open it in two tabs to call one tab from the other.\n`);
    }, 100);
  return {
    name: 'handset-demo-announce',
    configurePreviewServer(server) {
      server.httpServer.once('listening', () => print(server));
    },
    configureServer(server) {
      server.httpServer?.once('listening', () => print(server));
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), announce()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
