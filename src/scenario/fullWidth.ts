/** A Chinese input method's full-width characters (，％（）０–９), its space and its full stop 。, typed for ASCII ones. */
const WIDE = /[\uff01-\uff5e\u3000\u3002]/;

/**
 * `raw` typed with a Chinese input method's full-width characters (，％（）０–９, its space) or its full stop 。 where
 * ASCII is meant — those characters, once each, said as a message says them (`said`), and `raw` in half-width
 * characters (NFKC, 。 as .: NFKC leaves 。, and 1。5万 said 'Syntax error in part "。50000"'); undefined without any.
 * A scenario's quantities and expressions say them with what to write.
 *
 * @example
 * fullWidth('1。5万'); // { said: '。 is a full-width character, as a Chinese input method types it', half: '1.5万' }
 */
export function fullWidth(raw: string): { said: string; half: string } | undefined {
  const wide = [...new Set([...raw].filter((c) => WIDE.test(c)))];
  if (!wide.length) return undefined;
  const one = wide.length === 1;
  return {
    said: `${wide.join('')} ${one ? 'is a full-width character' : 'are full-width characters'}, as a Chinese input method types ${one ? 'it' : 'them'}`,
    half: raw.normalize('NFKC').replaceAll('。', '.'),
  };
}
