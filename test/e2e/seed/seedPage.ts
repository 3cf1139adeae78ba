/**
 * The seed page: bundled by the browser tests and served on the app's own origin (so it
 * opens the app's IndexedDB), it puts the real store and domain modules and the seeders
 * on `window.erjianSeed`. Tests call them with page.evaluate, then open the app.
 */
import * as domain from '../../../web/src/domain/index.ts';
import * as store from '../../../web/src/store/index.ts';
import * as fixtures from '../../bench/storeFixtures.ts';
import { seedBatch, type SeedBatchOptions } from './seedBatch.ts';

const api = {
  domain,
  store,
  fixtures,
  /** the app's database, opened as the app opens it */
  openDb: () => new store.ErjianDb(),
  async seedBatch(options: SeedBatchOptions) {
    const db = new store.ErjianDb();
    try {
      return await seedBatch(db, options);
    } finally {
      db.close();
    }
  },
};

export type SeedApi = typeof api;

declare global {
  interface Window {
    erjianSeed: SeedApi;
  }
}

window.erjianSeed = api;
document.body.dataset['ready'] = 'true';
