import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BenchNakError, DeviceLostError, SessionRefusal, serialRefusal } from '../../bench/errors.ts';
import { StorageError } from '../../store/errors.ts';
import { errorSentencesEn, errorSentencesZh, errorText, fillSentence, shownError } from './errorText.ts';
import { setLocale } from './i18n.ts';

/**
 * The members of the `ErrorCode` union as the compiler resolves it: the type system checks
 * the catalogue with `satisfies`; this checks it again at run time, from the same type.
 */
function errorCodesOfTheType(): string[] {
  const file = resolve(import.meta.dirname, 'errorText.ts');
  const program = ts.createProgram([file], { allowImportingTsExtensions: true, noEmit: true, noLib: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'ErrorCode')!;
  const type = checker.getTypeAtLocation(alias.name);
  return (type.isUnion() ? type.types : [type]).map((t) => (t.isStringLiteral() ? t.value : checker.typeToString(t)));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Names that stay as they are in a Chinese sentence. */
const KEPT_LATIN = /\b(MAP|PLC|USB|Chromium|Edge)\b/g;

describe('errors shown to people', () => {
  it('every error code has a Chinese and an English sentence, with the same facts named, each in its own language', () => {
    const codes = errorCodesOfTheType();
    expect(codes.length).toBeGreaterThan(60);
    expect(codes.every((c) => /^[a-z][a-z0-9-]*$/.test(c)), `codes resolved to literals: ${codes.filter((c) => !/^[a-z][a-z0-9-]*$/.test(c)).join(', ')}`).toBe(true);
    const zh: Record<string, string> = errorSentencesZh;
    const en: Record<string, string> = errorSentencesEn;
    for (const code of codes) {
      expect(zh[code], `zh-CN sentence of ${code}`).toMatch(/[\u4e00-\u9fff]/);
      expect(en[code], `English sentence of ${code}`).toMatch(/^[^\u4e00-\u9fff]+$/);
      expect(placeholders(en[code]!), `the facts named by ${code}`).toEqual(placeholders(zh[code]!));
      const latin = zh[code]!.replace(/\{\w+\}/g, '').replace(KEPT_LATIN, '');
      expect(latin, `no English in the zh-CN sentence of ${code}`).not.toMatch(/[a-z]{2,}/i);
    }
    expect(Object.keys(zh).sort()).toEqual([...codes].sort());
    expect(Object.keys(en).sort()).toEqual([...codes].sort());
  });

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

  it('fill the facts into the sentence and never add the English message', () => {
    setLocale('zh-CN');
    const twice = shownError(serialRefusal({ code: 'already-mounted', serial: 'DUP001', pos: 2 }));
    expect(twice.code).toBe('serial-already-mounted');
    expect(errorText(twice)).toBe('DUP001 已装在表位 2。同一只表不能装两次，请核对编号。');
    const tooLong = errorText(shownError(serialRefusal({ code: 'too-long', max: 64 })));
    expect(tooLong).toBe('出厂编号太长：最多 64 个字符。可能一次扫了两个标签，请重新扫描。');
    // Control characters are named by their code point, never printed raw.
    expect(errorText(shownError(serialRefusal({ code: 'characters-not-allowed', characters: ['\u0007', '#'] })))).toContain('U+0007 #');
    const nak = errorText(shownError(new BenchNakError('LOAD', 3, 'busy')));
    expect(nak).toContain('LOAD');
    expect(nak).not.toContain('busy');
    expect(errorText(shownError(new SessionRefusal('position-empty', 'no meter is mounted on position 4', { pos: 4 })))).toBe('表位 4 没有装表。');
    setLocale('en');
    expect(errorText(twice)).toBe('DUP001 is already mounted on position 2. A meter cannot be mounted twice: check the number.');
    setLocale('zh-CN');
  });

  it('a fact not given shows as a dash, not as its placeholder', () => {
    expect(fillSentence('{serial} 已装在表位 {pos}。', { serial: 'A1' })).toBe('A1 已装在表位 —。');
  });

  it('an error without a known code says what to do, with its technical message under its own label', () => {
    setLocale('zh-CN');
    expect(errorText(shownError(new Error('boom')))).toBe('出现了意外的错误。请重试；若仍失败，请复制检定日志并联系技术支持。（技术信息：boom）');
    expect(errorText({ code: 'something-new', message: 'detail' })).toContain('（技术信息：detail）');
    setLocale('en');
    expect(errorText(shownError(new Error('boom')))).toBe('Something unexpected went wrong. Try again; if it still fails, copy the bench log and contact support. (Technical detail: boom)');
    setLocale('zh-CN');
  });
});
