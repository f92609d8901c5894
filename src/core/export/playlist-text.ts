/**
 * The text pieces both playlist writers share (the streaming-link exports in exporters.ts and the
 * local-file exports in local-playlists.ts): one-line labels for M3U8, XML escaping, and the XSPF
 * document around a list of tracks.
 */

/** Control characters (tabs included) and every Unicode line break become one space (one directive per line). */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters and line breaks is the point
  return text.replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * Escapes text for XML element content and attribute values. Characters XML 1.0 forbids outright
 * (most control codes, U+FFFE, U+FFFF) cannot be escaped either, so they are dropped.
 */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** One XSPF element with escaped text; empty values are left out, as the spec allows. */
export function xmlElement(tag: string, value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '' : `<${tag}>${xml(String(value))}</${tag}>`;
}

/**
 * XSPF 1 (https://xspf.org/spec). Written by hand rather than with an XML library because the
 * structure is fixed (playlist > title, creator, date, trackList > track > location, title,
 * creator, album, duration) and every value is text: escaping text is all a serializer would add,
 * and no XML package is a runtime dependency (fast-xml-parser is a devDependency, used by the tests
 * to check that this output parses). `tracks` holds each track's elements, already written.
 */
export function xspfDocument(name: string, now: Date, tracks: readonly (readonly string[])[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    `  ${xmlElement('title', name)}`,
    `  ${xmlElement('creator', 'Crossfade')}`,
    `  ${xmlElement('date', now.toISOString())}`,
    '  <trackList>',
    ...tracks.map((children) => `    <track>${children.join('')}</track>`),
    '  </trackList>',
    '</playlist>',
    '',
  ].join('\n');
}

/** XSPF durations are whole milliseconds; unknown or zero is left out. */
export function xspfDuration(durationMs: number | null): number | null {
  return durationMs && durationMs > 0 ? Math.round(durationMs) : null;
}
