/**
 * `npm run bench:risk`: the risk detectors' detection and false-alarm rates per forgery kind
 * on the generator's default mix (test/risk/generator.ts; docs/risk.md "Measured rates"),
 * side by side. Deterministic: the same seeds give the same table.
 *
 *   npm run bench:risk [-- --clean 2000] [-- --per-kind 300] [-- --seed 1] [-- --smoke]
 *
 * --smoke: 20 clean scenarios and 5 of each forgery (seconds): npm test runs it so the
 * report cannot rot unseen; its figures are too few to quote.
 */
import { arg, SMOKE } from './benchArgs.ts';
import { measureRates, ratesTable } from '../risk/rates.ts';

const clean = arg('clean', 2000, 20);
const perKind = arg('per-kind', 300, 5);
const firstSeed = arg('seed', 1, 1);
const started = performance.now();
const rates = measureRates({ clean, perKind, firstSeed });
console.log(`risk detectors on the generator's default mix: ${clean} clean scenarios, ${perKind} forged of each kind, seeds from ${firstSeed}${SMOKE ? ' (smoke: too few to quote)' : ''}`);
console.log(ratesTable(rates));
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
