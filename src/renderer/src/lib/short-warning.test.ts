import { describe, expect, it } from 'vitest';
import { shortWarning } from './format';

describe('short import warnings', () => {
  it('keeps one example of many', () => {
    expect(shortWarning('3 value(s) had mojibake, repaired; e.g. line 4: "CafÃ©" -> "Café"; line 9: "NaÃ¯ve" -> "Naïve"; line 12: "Ã©t" -> "ét".')).toBe(
      '3 value(s) had mojibake, repaired; e.g. line 4: "CafÃ©" -> "Café".',
    );
    expect(
      shortWarning('The encoding is uncertain: read as windows-1252. Low confidence. Odd-looking words: "Ã©", "Ã¨", "â€™". If names look wrong, import again.'),
    ).toBe('The encoding is uncertain: read as windows-1252. Low confidence. Odd-looking words: "Ã©". If names look wrong, import again.');
    expect(shortWarning('line 7: conflicting ids.')).toBe('line 7: conflicting ids.');
  });
});
