/**
 * `npm start`: load config, then serve. With PORTICO_WORKERS=1, one process opens the store, builds the
 * app and listens (src/bootstrap/single-node.ts); with more, this process is the primary (migrations, the
 * first admin, demo mode's helpers, supervision: src/cluster/primary.ts) and forks that many workers, each
 * a full node serving the same port (src/cluster/worker.ts). Shuts down cleanly on SIGTERM.
 */
import './bootstrap/threadpool.ts'; // first: sizes libuv's pool before anything uses it
import cluster from 'node:cluster';
import { loadConfig } from './config.ts';
import { ConfigError } from './config-error.ts';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Portico cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function main() {
  const config = configOrExit();
  // Each role loads only what it runs: the primary serves no HTTP and stays small.
  if (cluster.isWorker) return (await import('./cluster/worker.ts')).runWorker(config);
  if (config.workers > 1) return (await import('./cluster/primary.ts')).runPrimary(config);
  return (await import('./bootstrap/single-node.ts')).runSingleNode(config);
}

main().catch((error) => {
  console.error('Portico failed to start:', error);
  process.exit(1);
});
