/**
 * The statistics worker: a batch of up to a million meters is described here, off the
 * main thread, so the UI stays responsive. Created by statsClient.ts.
 */
import { expose } from 'comlink';
import { loadBrowserKernel } from './loadKernel.browser.ts';
import { createStatsService } from './statsService.ts';

expose(createStatsService(() => loadBrowserKernel()));
