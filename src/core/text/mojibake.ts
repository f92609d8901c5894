import iconv from 'iconv-lite';

/**
 * A character that cp1252/Latin-1 shows for a UTF-8 lead byte, followed by one it shows for a
 * continuation byte: the signature of UTF-8 text decoded as cp1252 and re-saved as UTF-8
 * ("Ã©" for "é", "â€™" for "’", "Ã¯Â¿Â½" for "\uFFFD").
 */
const MOJIBAKE =
  /[\u00C2-\u00F4][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * When UTF-8 punctuation (E2 80 xx) is read as cp1252 and written back through a code page
 * without "â€", spreadsheet tools leave "?" plus the third byte: "Earth?™s", "?œTributes".
 * These pairs never occur in real text; "?”" does ("why?”"), so it is only repaired when a
 * letter follows at once, as in "events?”in each case".
 */
const LOST_PUNCTUATION = /\?(\u2122|\u0153|\u02DC|\u00A6|\u201C(?=\p{L})|\u201D(?=\p{L}))/gu;
const LOST_PUNCTUATION_MEANING: Record<string, string> = {
  '\u2122': '\u2019', // ™ <- 0x99: right single quote
  '\u0153': '\u201C', // œ <- 0x9C: left double quote
  '\u02DC': '\u2018', // ˜ <- 0x98: left single quote
  '\u00A6': '\u2026', // ¦ <- 0xA6: ellipsis
  '\u201C': '\u2013', // “ <- 0x93: en dash
  '\u201D': '\u2014', // ” <- 0x94: em dash
};

/** Repairs every known kind of mojibake; null when there was nothing to repair. */
export function repairMojibake(text: string): string | null {
  // Word by word: one unrepairable word must not keep the others broken. Only ASCII white
  // space separates words here, because U+00A0 can be half of a double-encoded "à".
  let repaired = MOJIBAKE.test(text) ? text.replace(/[^ \t\r\n]+/g, (word) => repairDoubleEncoding(word) ?? word) : text;
  if (repaired.includes('?')) repaired = repaired.replace(LOST_PUNCTUATION, (_match, glyph: string) => LOST_PUNCTUATION_MEANING[glyph] ?? glyph);
  return repaired === text ? null : repaired;
}

/**
 * Undoes double (or triple) UTF-8 encoding. Returns null when the text is not mojibake or
 * cannot be repaired losslessly, so callers never replace good text with a guess.
 */
export function repairDoubleEncoding(text: string): string | null {
  if (!MOJIBAKE.test(text)) return null;
  let current = text;
  for (let round = 0; round < 3 && MOJIBAKE.test(current); round++) {
    const bytes = encodeAsCp1252Bytes(current);
    if (!bytes) break;
    const decoded = decodeUtf8AllowingCutOffEnd(bytes);
    if (decoded === null) break;
    if (decoded === current) break;
    current = decoded;
  }
  return current === text ? null : current;
}

/**
 * Strict UTF-8, except that a sequence cut off at the very end (a cell truncated mid-character
 * before it was double-encoded) becomes one U+FFFD, as it would have in the original file.
 */
function decodeUtf8AllowingCutOffEnd(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let lead = bytes.length - 1;
    while (lead > 0 && lead > bytes.length - 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
    const first = bytes[lead]!;
    const expected = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 ? 2 : 0;
    if (expected === 0 || bytes.length - lead >= expected) return null;
    try {
      return `${strictUtf8.decode(bytes.subarray(0, lead))}\uFFFD`;
    } catch {
      return null;
    }
  }
}

/** cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 decoders map them to C1 controls. */
function encodeAsCp1252Bytes(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80 || (code >= 0x80 && code <= 0x9f) || (code >= 0xa0 && code <= 0xff)) {
      bytes[length++] = code;
      continue;
    }
    const encoded = iconv.encode(char, 'windows-1252');
    if (encoded.length !== 1 || encoded[0] === 0x3f) return null;
    bytes[length++] = encoded[0]!;
  }
  return bytes.subarray(0, length);
}
