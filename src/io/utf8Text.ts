/** What a text that is not UTF-8 most likely is, and what to do. */
export const OTHER_ENCODING = 'the file is in another encoding (GBK or GB18030, as Excel and Notepad save on a Chinese Windows?); save it as UTF-8';

/**
 * Bytes read as UTF-8 text, or why they are not UTF-8: a UTF-16 file (its byte-order mark) or the first byte that
 * no UTF-8 text has, with its line. Decoding leniently turned a scenario or CSV saved as GBK / GB18030 — what Excel
 * and Notepad write on a Chinese Windows — into replacement characters, so `691.8万` came out as "691.8��" in
 * messages about values the writer sees written correctly, and text in quotes was changed without a word.
 *
 * @example
 * utf8Text(Buffer.from('a: 1\n'));                   // { text: 'a: 1\n' }
 * utf8Text(Buffer.from([0x61, 0x0a, 0xcd, 0xf2]));   // { line: 2, found: 'a byte that is not UTF-8 (0xCD) on line 2 …' }
 */
export function utf8Text(bytes: Uint8Array): { text: string } | { line: number; found: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { line: 1, found: `UTF-16 text (a ${bytes[0] === 0xff ? 'little' : 'big'}-endian byte-order mark): save it as UTF-8` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const at = firstInvalid(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    return { line, found: `a byte that is not UTF-8 (0x${hex}) on line ${line}: ${OTHER_ENCODING}` };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // the second byte's range for the lead bytes that exclude overlong forms, surrogates and code points past U+10FFFF
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length - 1;
}
