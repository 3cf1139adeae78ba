/**
 * What a browser test of the bench's robustness needs beneath the screen (issue 10 items
 * 2, 4, 5, 10): the app's IndexedDB stores, the session Web Locks held, and a fault
 * injected into the demo bench at an exact protocol moment. The operator's steps are in
 * ./benchPage.ts.
 */
import type { Page } from 'playwright-core';

/** Every record of one IndexedDB object store of the app's database. */
export function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('erjian');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            resolve(req.result as T[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/** The session Web Locks this page's origin holds (store/sessions.ts sessionLockName). */
export async function heldSessionLocks(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { held = [] } = await navigator.locks.query();
    return held.flatMap((l) => (l.name?.startsWith('erjian-session:') ? [l.name] : []));
  });
}

/**
 * Makes the demo bench inject `fault` the moment it receives the app's command whose text
 * starts with `prefix` (e.g. `RUN` with `point=Q2`), before it answers: a fault at an exact
 * protocol moment, where a click on the demo's fault panel would land anywhere.
 */
export async function faultOnCommand(page: Page, match: { prefix: string; contains?: string; nth?: number }, fault: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ match, fault }) => {
      type Sim = { receive(bytes: Uint8Array): void; inject(f: unknown): void };
      const bench = document.querySelector('erjian-app')?.shadowRoot?.querySelector('erjian-bench') as unknown as { controller: { demo: Sim | null } };
      const sim = bench.controller.demo;
      if (sim === null) throw new Error('no demo bench connected');
      const receive = sim.receive.bind(sim);
      let seen = 0;
      let done = false;
      sim.receive = (bytes: Uint8Array) => {
        const text = new TextDecoder().decode(bytes);
        if (!done && text.startsWith(match.prefix) && (match.contains === undefined || text.includes(match.contains)) && ++seen === (match.nth ?? 1)) {
          done = true;
          sim.inject(fault);
        }
        receive(bytes);
      };
    },
    { match, fault },
  );
}

/**
 * The next demo bench the page connects answers its first command (HELLO) and then falls
 * silent, as a bench does whose controller hangs: the connect fails part-way. Wraps the
 * controller's demo-port factory (`makeDemoPort`), the one seam before a bench exists.
 */
export async function benchSilentAfterHello(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Sim = { receive(bytes: Uint8Array): void; inject(f: unknown): void };
    type Controller = { makeDemoPort(req: unknown): { sim: Sim } };
    const bench = document.querySelector('erjian-app')?.shadowRoot?.querySelector('erjian-bench') as unknown as { controller: Controller };
    const c = bench.controller;
    const make = c.makeDemoPort.bind(c);
    c.makeDemoPort = (req: unknown) => {
      const port = make(req);
      c.makeDemoPort = make;
      const sim = port.sim;
      const receive = sim.receive.bind(sim);
      let commands = 0;
      sim.receive = (bytes: Uint8Array) => {
        if (++commands === 2) sim.inject({ kind: 'stop-answering' });
        receive(bytes);
      };
      return port;
    };
  });
}

