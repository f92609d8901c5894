import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseFileEncoding, countInvalidUtf8, detectEncoding, isSupportedEncoding, normaliseEncodingName } from './detect-encoding.js';

const rows = [
  'name,artists',
  'Rhapsody On A Theme Of Paganini,Yannick Nézet-Séguin',
  'Café del Mar,José Padilla',
  'Hélène,Françoise Hardy',
  'Für Elise,Ludwig van Beethoven',
  'Señorita,Shawn Mendes',
].join('\n');

describe('detectEncoding', () => {
  it('recognises BOMs and plain ASCII with certainty', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({ encoding: 'utf-8', confidence: 'certain', hasBom: true });
    expect(detectEncoding(Buffer.from('a,b\n1,2\n'))).toMatchObject({ encoding: 'utf-8', confidence: 'certain', hasBom: false });
  });

  it('accepts valid UTF-8', () => {
    expect(detectEncoding(Buffer.from(rows, 'utf8'))).toMatchObject({ encoding: 'utf-8', confidence: 'certain' });
  });

  it('tells GBK from cp1252 and EUC-JP by whether the names come out as words', () => {
    const guess = detectEncoding(iconv.encode(rows, 'gbk'));
    expect(guess.encoding).toBe('gb18030');
    expect(iconv.decode(iconv.encode(rows, 'gbk'), guess.encoding)).toContain('Nézet-Séguin');
  });

  it('reads Windows-1252 text with curly quotes', () => {
    const text = `${rows}\nDon’t Stop Me Now,Queen\n“Heroes”,David Bowie\n`;
    const guess = detectEncoding(iconv.encode(text, 'windows-1252'));
    expect(guess.encoding).toBe('windows-1252');
    expect(guess.confidence).not.toBe('certain');
  });

  it('treats mostly-valid UTF-8 with a few stray bytes as damaged UTF-8', () => {
    const damaged = Buffer.concat([Buffer.from(rows, 'utf8'), Buffer.from([0x0a, 0x54, 0xfd, 0xfd, 0x0a])]);
    const guess = detectEncoding(damaged);
    expect(guess).toMatchObject({ encoding: 'utf-8', confidence: 'likely', invalidSequences: 1 });
  });

  it('marks an ambiguous guess as uncertain and shows why', () => {
    const garbage = Buffer.from([0x61, 0x8f, 0xa3, 0x62, 0x0a, 0x63, 0x9f, 0xf2, 0x64, 0x0a, 0x65, 0x81, 0xff, 0x66]);
    const guess = detectEncoding(garbage);
    expect(guess.confidence).toBe('uncertain');
    expect(guess.reason).toMatch(/not UTF-8/);
  });
});

describe('countInvalidUtf8', () => {
  it('counts runs of invalid bytes once and ignores a cut-off tail when asked', () => {
    expect(countInvalidUtf8(Buffer.from('é€', 'utf8'))).toEqual({ valid: 2, invalid: 0 });
    expect(countInvalidUtf8(Buffer.from([0xfd, 0xfd, 0xfd, 0x41, 0xc3]))).toEqual({ valid: 0, invalid: 2 });
    expect(countInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82]), true)).toEqual({ valid: 0, invalid: 0 });
  });
});

describe('normaliseEncodingName', () => {
  it('maps common aliases to the encodings actually used', () => {
    const used = { latin1: 'windows-1252', GBK: 'gb18030', UTF8: 'utf-8', Shift_JIS: 'shift_jis' };
    for (const [alias, encoding] of Object.entries(used)) expect(normaliseEncodingName(alias), alias).toBe(encoding);
  });
});

describe('encoding names from the object prototype (issue #14 item 11)', () => {
  it('are unknown names like any other: never looked up on Object.prototype', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(normaliseEncodingName(name)).toBe(name.toLowerCase().replace(/_/g, '-'));
      expect(isSupportedEncoding(name)).toBe(false);
      await expect(chooseFileEncoding('/nonexistent', name)).rejects.toThrow(
        new RegExp(`^Unknown encoding "${name}"; known: utf-8, utf-16le, utf-16be, windows-1252`),
      );
    }
    await expect(chooseFileEncoding('/nonexistent', 'LATIN1')).resolves.toMatchObject({ encoding: 'windows-1252', confidence: 'certain' });
  });
});
