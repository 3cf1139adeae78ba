import { describe, expect, it } from 'vitest';
import { conflictNotice } from './conflicts.ts';

const me = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const third = '33333333-3333-4333-8333-333333333333';

describe('conflictNotice', () => {
  it("names the other device and says the newest record — the other device's — is the one the server shows", () => {
    const n = conflictNotice({ serial: 'W1', verificationIds: ['v-mine', 'v-theirs'], deviceIds: [me, other] }, me, ['v-mine', 'v-old']);
    expect(n.otherDevices).toEqual([other]);
    expect(n.records).toEqual([
      { verificationId: 'v-mine', own: true },
      { verificationId: 'v-theirs', own: false },
    ]);
    expect(n.shown).toEqual({ verificationId: 'v-theirs', own: false });
    expect(n.ownMissing).toBe(false);
  });

  it("says when this PC's record is the one shown, and lists every other device", () => {
    const n = conflictNotice({ serial: 'W1', verificationIds: ['v-2', 'v-3', 'v-mine'], deviceIds: [other, third, me] }, me, ['v-mine']);
    expect(n.otherDevices).toEqual([other, third]);
    expect(n.shown).toEqual({ verificationId: 'v-mine', own: true });
  });

  it('marks a conflict between other devices only', () => {
    const n = conflictNotice({ serial: 'W1', verificationIds: ['v-2', 'v-3'], deviceIds: [other, third] }, me, []);
    expect(n.ownMissing).toBe(true);
    expect(n.records.every((r) => !r.own)).toBe(true);
  });
});
