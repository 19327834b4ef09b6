/** A worker thread of fit-pool.ts: fits each chunk of periods it is sent and answers with what is to be stored. */
import { parentPort } from 'node:worker_threads';
import type { FitInputs } from '../db/repos/variation-fits.js';
import { fitStoredPeriods, type FitDefinition } from './stored-fit.js';

parentPort!.on('message', ({ def, periods }: { def: FitDefinition; periods: FitInputs[] }) => {
  parentPort!.postMessage(fitStoredPeriods(def, periods));
});
