/** Assembles a Portico node from its configuration: store, migrations, keys, first admin, HTTP app. */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { migrate, openStore, type Store, type StoreOptions } from '../store/database.ts';
import { loadMasterKey } from '../crypto/master-key.ts';
import { createSecretBox } from '../crypto/secret-box.ts';
import { buildApp, type AppContext } from '../http/app.ts';
import { ensureFirstAdmin } from './first-admin.ts';

export interface Portico {
  app: FastifyInstance;
  ctx: AppContext;
  store: Store;
  firstAdmin?: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  masterKeyGenerated: boolean;
  close(): Promise<void>;
}

export async function createPortico(config: Config, storeOptions: StoreOptions = {}): Promise<Portico> {
  const { key, generated } = loadMasterKey(config.masterKey, config.dataDir);
  const store = await openStore(config.databaseUrl, storeOptions);
  try {
    await migrate(store);
    const firstAdmin = await ensureFirstAdmin(store, config.adminPassword);
    const ctx: AppContext = { config, store, secretBox: createSecretBox(key) };
    const app = await buildApp(ctx);
    return {
      app,
      ctx,
      store,
      firstAdmin,
      masterKeyGenerated: generated,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
