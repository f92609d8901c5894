import { describe, expect, it } from 'vitest';
import { TextCleaner } from './clean-text.js';
import { repairDoubleEncoding, repairMojibake } from './mojibake.js';

const CP1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];

describe('repairDoubleEncoding', () => {
  it('undoes UTF-8 read as cp1252, once or twice', () => {
    expect(repairDoubleEncoding('Del gusto de mamÃ¡')).toBe('Del gusto de mamá');
    expect(repairDoubleEncoding('Youâ€™re Beautiful')).toBe('You’re Beautiful');
    // As Excel shows it: undefined cp1252 bytes (0x81, 0x8F) come through as C1 controls.
    const japanese = [...Buffer.from('透明だった世界', 'utf8')]
      .map((byte) => (byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte)))
      .join('');
    expect(repairDoubleEncoding(japanese)).toBe('透明だった世界');
    const twice = Buffer.from(Buffer.from('Beyoncé', 'utf8').toString('latin1'), 'utf8').toString('latin1');
    expect(repairDoubleEncoding(twice)).toBe('Beyoncé');
  });

  it('turns a character cut off at the end into one replacement character', () => {
    expect(repairDoubleEncoding('Eden MuÃ¯Â¿Â½Ã¯Â¿')).toBe('Eden Mu\uFFFD\uFFFD');
  });

  it('leaves correct text alone', () => {
    for (const text of ['Beyoncé', 'Ça va', 'Ölümlü Dünya', 'ÂTÉ', 'plain ascii']) expect(repairDoubleEncoding(text)).toBeNull();
  });
});

describe('repairMojibake', () => {
  it('repairs word by word and restores punctuation lost by spreadsheet re-saves', () => {
    expect(repairMojibake('Earth?™s Mightiest and fiancÃ©.')).toBe('Earth’s Mightiest and fiancé.');
    expect(repairMojibake('historic events?”in each case')).toBe('historic events—in each case');
    expect(repairMojibake('He asked “why?” and left')).toBeNull();
  });
});

describe('TextCleaner', () => {
  it('trims, normalises to NFC, collapses lost characters and counts every change with examples', () => {
    const cleaner = new TextCleaner();
    expect(cleaner.clean('  Cafe\u0301 ', 1)).toBe('Café');
    expect(cleaner.clean('Taylor\uFFFD\uFFFD\uFFFDs Version', 2)).toBe('Taylor\uFFFDs Version');
    expect(cleaner.clean('MamÃ¡', 3)).toBe('Mamá');
    expect(cleaner.lostCharacters).toMatchObject({ count: 1, examples: [{ line: 2 }] });
    expect(cleaner.repairedMojibake).toMatchObject({ count: 1, examples: [{ line: 3, before: 'MamÃ¡', after: 'Mamá' }] });
  });
});
