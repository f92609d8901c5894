import { repairMojibake } from './mojibake.js';

const NON_ASCII = /[^\x20-\x7E\t\r\n]/;

export interface TextIssueTally {
  count: number;
  readonly examples: { line: number; before: string; after: string }[];
}

/**
 * Cleans every text field on its way into the catalog and keeps count of what it changed,
 * so an import can warn "12 rows had double-encoded UTF-8, e.g. line 40: ..." instead of
 * storing mojibake silently.
 */
export class TextCleaner {
  readonly repairedMojibake: TextIssueTally = { count: 0, examples: [] };
  readonly lostCharacters: TextIssueTally = { count: 0, examples: [] };

  clean(value: string, line: number): string {
    let text = value.trim();
    // Most values are plain ASCII: no mojibake, no U+FFFD, and already NFC.
    if (!NON_ASCII.test(text)) return text;
    const repaired = repairMojibake(text);
    if (repaired !== null) {
      record(this.repairedMojibake, line, text, repaired);
      text = repaired;
    }
    if (text.includes('\uFFFD')) {
      // Runs of U+FFFD are one lost character spread over several bytes; keep a single marker.
      const collapsed = text.replace(/\uFFFD+/g, '\uFFFD');
      record(this.lostCharacters, line, text, collapsed);
      text = collapsed;
    }
    return text.normalize('NFC');
  }
}

function record(tally: TextIssueTally, line: number, before: string, after: string): void {
  tally.count++;
  if (tally.examples.length < 5) tally.examples.push({ line, before, after });
}
