import { describe, expect, it } from 'vitest';
import example from '../../bench/config/examples/plc-balance-pulse.json';
import { checkDraft, copyDraft, positionCount, setupText, withField, withPositionCount, withReference, withSetupText } from './configDraft.ts';

describe('the configuration being edited', () => {
  it('adds positions after the last one, with the next counter address, and cuts them from the end', () => {
    const twelve = withPositionCount(copyDraft(example), 12);
    expect(positionCount(twelve)).toBe(12);
    expect(checkDraft(twelve)).toMatchObject({ ok: true });
    const c = checkDraft(twelve);
    if (!c.ok || c.config.setup.kind !== 'plc') throw new Error('valid PLC configuration expected');
    expect(c.config.setup.positions.slice(-2).map((p) => [p.position, p.counter?.address])).toEqual([
      [11, 120],
      [12, 122],
    ]);
    expect(positionCount(withPositionCount(twelve, 3))).toBe(3);
    expect(positionCount(withPositionCount(twelve, 0))).toBe(12);
  });

  it('keeps a number field a number, and a text typed into it as typed (so the problem is shown)', () => {
    expect(withField(copyDraft(example), 'uRelPct', '0,3')['uRelPct']).toBe(0.3);
    const typed = withField(copyDraft(example), 'uRelPct', 'abc');
    expect(typed['uRelPct']).toBe('abc');
    expect(checkDraft(typed)).toMatchObject({ ok: false, issues: [{ path: 'uRelPct' }] });
    expect('vendor' in withField(copyDraft(example), 'vendor', ' ')).toBe(false);
  });

  it('starts another reference from a template, and reads the setup back from its text', () => {
    const tank = withReference(copyDraft(example), 'tank');
    expect(checkDraft(tank)).toMatchObject({ ok: true, config: { setup: { reference: { kind: 'tank' } } } });
    const back = withSetupText(tank, setupText(tank));
    expect('draft' in back && back.draft).toEqual(tank);
    expect(withSetupText(tank, '{ "kind": ')).toMatchObject({ syntax: expect.any(String) as string });
  });
});
