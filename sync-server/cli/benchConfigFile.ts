/**
 * A bench configuration file for `npm run bench-check` (docs/bench-config.md): read and
 * validated by the app's own schema (web/src/bench/config/benchConfig.ts), every problem
 * named by its JSON path; and, for `--check-config`, what the app will read and switch on
 * the PLC, so an integrator can hold it against the PLC program before the bench is wired.
 */
import { readFileSync } from 'node:fs';
import { isPlcConfig, methodOf, parseBenchConfigText, plcRegisters, type BenchConfig, type Output } from '../../web/src/bench/config/benchConfig.ts';
import { BenchConfigError } from '../../web/src/bench/errors.ts';
import { formatPath } from '../../web/src/domain/index.ts';

export interface ConfigProblem {
  path: string;
  message: string;
}

export type LoadedConfig = { ok: true; config: BenchConfig } | { ok: false; problems: ConfigProblem[] };

export function loadBenchConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ path: '(file)', message: `cannot be read: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  try {
    return { ok: true, config: parseBenchConfigText(text) };
  } catch (e) {
    if (e instanceof BenchConfigError) return { ok: false, problems: [...e.issues] };
    throw e;
  }
}

/** The problems as stderr lines: `bench-check: FILE: PATH: MESSAGE`, one a problem. */
export function problemText(file: string, problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `bench-check: ${file}: ${p.path}: ${p.message}\n`).join('');
}

/** The `--check-config` line of a valid configuration: its setup, and every register and coil the app uses. */
export function configSummary(file: string, c: BenchConfig): object {
  const head = { event: 'config', valid: true, file, id: c.id, name: c.name, uRelPct: c.uRelPct };
  if (c.setup.kind === 'wmb1') return { ...head, setup: 'wmb1', link: c.setup.link };
  if (!isPlcConfig(c)) return head;
  const s = c.setup;
  const coils: Array<{ path: string; address: number }> = [];
  const control = s.plc.control;
  const outputs: Array<[Array<string | number>, Output | undefined]> = [
    ...control.valves.map((v, i): [Array<string | number>, Output] => [['plc', 'control', 'valves', i], v]),
    [['plc', 'control', 'pressurize'], control.pressurize],
    [['plc', 'control', 'vent'], control.vent],
    [['plc', 'control', 'drain'], control.drain],
  ];
  for (const [path, o] of outputs) if (o?.kind === 'coil') coils.push({ path: formatPath(['setup', ...path]), address: o.address });
  return {
    ...head,
    setup: 'plc',
    method: methodOf(s),
    reference: s.reference.kind,
    reading: s.reading,
    unitId: s.plc.unitId,
    links: { plc: s.plc.link, balance: s.reference.kind === 'balance' ? s.reference.link : null },
    positions: s.positions.map((p) => p.position),
    registers: plcRegisters(s)
      .sort((a, b) => a.def.table.localeCompare(b.def.table) || a.def.address - b.def.address)
      .map(({ path, def }) => ({ path: formatPath(['setup', ...path]), table: def.table, address: def.address, type: def.type, wordOrder: def.wordOrder ?? null, scale: def.scale })),
    coils,
    timing: s.timing,
  };
}
