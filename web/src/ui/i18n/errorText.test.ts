import { describe, expect, it } from 'vitest';
import { DeviceLostError } from '../../bench/errors.ts';
import { StorageError } from '../../store/errors.ts';
import { errorText, shownError } from './errorText.ts';
import { setLocale } from './i18n.ts';

describe('errors shown to people', () => {
  it('speak Chinese by default and say what to do for known codes', () => {
    setLocale('zh-CN');
    expect(errorText(shownError(new DeviceLostError()))).toContain('重新连接并继续');
    expect(errorText(shownError(new StorageError('quota-exceeded', 'QuotaExceededError')))).toContain('存储空间已满');
  });

  it('switch to English with the language', () => {
    setLocale('en');
    expect(errorText(shownError(new StorageError('quota-exceeded', 'x')))).toMatch(/^Storage on this PC is full/);
    setLocale('zh-CN');
  });

  it('fall back to the error’s own message for unknown codes and plain errors', () => {
    expect(errorText(shownError(new Error('boom')))).toBe('boom');
    expect(errorText({ code: 'something-new', message: 'detail' })).toBe('detail');
  });
});
