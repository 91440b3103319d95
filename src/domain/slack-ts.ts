/** Slack message timestamps ("1764070000.000100"): the id of a message within its channel, and its order. */

/** Digits (1 to 20), optionally followed by '.' and digits (1 to 20): checked a character at a time (hot at start-up). */
export function isSlackTs(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 20) return false;
    } else if (c === 46 && dot < 0 && digits > 0) {
      dot = i;
      digits = 0;
    } else {
      return false;
    }
  }
  return digits > 0;
}

/** End of the integer part of a Slack ts: the index of '.', or the length. */
function dotAt(ts: string): number {
  const i = ts.indexOf('.');
  return i < 0 ? ts.length : i;
}

/**
 * Orders two Slack timestamps ("1764070000.000100") as decimal numbers, without allocating:
 * "9.5" < "10.1" and "1.1" equals "1.100".
 */
export function compareTs(a: string, b: string): number {
  const ad = dotAt(a);
  const bd = dotAt(b);
  let as = 0;
  let bs = 0;
  while (as < ad - 1 && a.charCodeAt(as) === 48) as++;
  while (bs < bd - 1 && b.charCodeAt(bs) === 48) bs++;
  if (ad - as !== bd - bs) return ad - as < bd - bs ? -1 : 1;
  for (let i = 0; i < ad - as; i++) {
    const d = a.charCodeAt(as + i) - b.charCodeAt(bs + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const fraction = Math.max(a.length - ad, b.length - bd);
  for (let i = 1; i < fraction; i++) {
    const ca = ad + i < a.length ? a.charCodeAt(ad + i) : 48;
    const cb = bd + i < b.length ? b.charCodeAt(bd + i) : 48;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}
