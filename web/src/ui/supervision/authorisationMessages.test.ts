import { describe, expect, it } from 'vitest';
import { authorisationEn, authorisationErrorText, authorisationZh } from './authorisationMessages.ts';

describe('authorisation screen messages', () => {
  it('writes no Latin word in a Chinese sentence (but DN sizes)', () => {
    for (const [key, sentence] of Object.entries(authorisationZh)) {
      expect(sentence.replace(/\{\w+\}/g, '').replace(/DN/g, ''), key).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(Object.keys(authorisationEn).sort()).toEqual(Object.keys(authorisationZh).sort());
  });

  it('tells every refusal of the register by its reason code, in Chinese', () => {
    const reasons = [
      'expiry-not-validity-period', 'expiry-before-issue', 'scope-outside-pilot', 'scope-invalid', 'exists', 'certificate-no-taken', 'decided-in-future',
      'already-suspended', 'not-suspended', 'already-revoked', 'date-before-issue', 'date-before-suspension', 'date-before-last-reinstatement',
      'renewal-window-not-open', 'renewal-already-requested', 'already-renewed', 'renewal-not-allowed-suspended', 'renewal-not-allowed-expired',
      'renewal-request-decided', 'renewal-issued-in-future', 'renewal-issued-before-old', 'forbidden', 'not-signed-in', 'csrf', 'network',
    ];
    for (const r of reasons) {
      const said = authorisationErrorText(r);
      expect(said, r).not.toContain(r);
      expect(said, r).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(authorisationErrorText('something-else')).toContain('something-else');
  });
});
