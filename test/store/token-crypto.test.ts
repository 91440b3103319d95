/** TOKEN_ENCRYPTION_KEY and the sealing of bot tokens (AES-256-GCM, a nonce per sealing, the owner bound in). */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type KeyRing,
  open,
  parseKeyRing,
  seal,
  UnknownKeyError,
  UnopenableError,
} from '../../src/store/token-crypto.js';

const b64 = () => randomBytes(32).toString('base64');

function ring(text: string): KeyRing {
  const parsed = parseKeyRing(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.ring;
}

describe('parseKeyRing', () => {
  it('reads id:key entries, base64 or hex; the first one seals', () => {
    const hex = randomBytes(32).toString('hex');
    const r = ring(`k2:${b64()}, k1:${hex}`);
    expect(r.current).toBe('k2');
    expect(r.ids).toEqual(['k2', 'k1']);
    expect(r.key('k1')?.toString('hex')).toBe(hex);
    expect(r.secrets).toContain(hex);
  });

  it('names what is wrong with each entry by position and id, never echoing a key', () => {
    const short = randomBytes(16).toString('base64');
    const noId = b64();
    const parsed = parseKeyRing(`k1:${short},${noId},k1:${b64()},k2:${b64()},k2:${b64()}`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toContain(
      'key 1 ("k1") is not 32 bytes in base64 (44 characters) or hex (64 characters)',
    );
    expect(parsed.problem).toContain('key 2 has no id: write it as id:key');
    expect(parsed.problem).toContain('key 5 repeats the id "k2"');
    expect(parsed.problem).toContain(
      "node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"",
    );
    for (const secret of [short, noId]) expect(parsed.problem).not.toContain(secret);
    expect(parseKeyRing(' , ')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('no key given'),
    });
  });
});

describe('seal and open', () => {
  const keys = ring(`k1:${b64()}`);

  it('opens what it sealed, with a fresh nonce each time and no plaintext in the sealed bytes', () => {
    const token = 'xoxb-1234567890-abcdefghijklmnop';
    const a = seal(keys, token, 'T1');
    const b = seal(keys, token, 'T1');
    expect(open(keys, a, 'T1')).toBe(token);
    expect(a.keyId).toBe('k1');
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.data.equals(b.data)).toBe(false);
    expect(a.data.includes(Buffer.from('abcdefgh'))).toBe(false);
  });

  it('refuses to open for another owner, altered bytes, another key under the same id, or an unknown key', () => {
    const s = seal(keys, 'xoxb-secret', 'T1');
    expect(() => open(keys, s, 'T2')).toThrow(UnopenableError);
    const altered = { ...s, data: Buffer.from(s.data) };
    altered.data[0] = (altered.data[0] ?? 0) ^ 1;
    expect(() => open(keys, altered, 'T1')).toThrow(UnopenableError);
    expect(() => open(ring(`k1:${b64()}`), s, 'T1')).toThrow(UnopenableError);
    expect(() => open(ring(`k9:${b64()}`), s, 'T1')).toThrow(UnknownKeyError);
  });

  it('opens under an older key of the ring and seals under the first', () => {
    const old = ring(`k1:${b64()}`);
    const s = seal(old, 'xoxb-old', 'T1');
    const rotated = ring(`k2:${b64()},k1:${old.key('k1')?.toString('base64')}`);
    expect(open(rotated, s, 'T1')).toBe('xoxb-old');
    expect(seal(rotated, 'xoxb-old', 'T1').keyId).toBe('k2');
  });
});
