/**
 * Bot tokens at rest: AES-256-GCM (node:crypto) under a key from the environment (TOKEN_ENCRYPTION_KEY), a fresh
 * random 96-bit nonce per sealing, and associated data that names what was sealed (the workspace), so a sealed
 * row moved to another workspace's row does not open. Every sealing records the id of its key, so keys can be
 * rotated: the first key of the ring seals, every key of the ring opens.
 *
 * TOKEN_ENCRYPTION_KEY is `id:key[,id:key…]`, each key 32 random bytes in base64 (44 characters) or hex (64), e.g.
 * `k2:<new>,k1:<old>`. Nothing here ever puts a key, or a part of one, in a message.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export interface KeyRing {
  /** The id of the key that seals. */
  readonly current: string;
  /** Every key id, the current one first. */
  readonly ids: readonly string[];
  /** The key of `id`; undefined when the ring has none. */
  key(id: string): Buffer | undefined;
  /** The key texts as given (for the logger's list of secrets). */
  readonly secrets: readonly string[];
}

export interface Sealed {
  keyId: string;
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  data: Buffer;
}

/** Sealed under a key id the ring does not hold. */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`sealed with key "${keyId}", which TOKEN_ENCRYPTION_KEY does not hold`);
  }
}

/** The key of that id does not open it: another key under the same id, or altered data. */
export class UnopenableError extends Error {
  constructor(readonly keyId: string) {
    super(
      `sealed with key "${keyId}", which the key of that id in TOKEN_ENCRYPTION_KEY does not open (another key under that id, or altered data)`,
    );
  }
}

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    return key.length === KEY_BYTES ? key : undefined;
  }
  return undefined;
}

/** Reads TOKEN_ENCRYPTION_KEY; a problem names the entry by its position and its id, never its key. */
export function parseKeyRing(text: string): { ok: true; ring: KeyRing } | { ok: false; problem: string } {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const keys = new Map<string, Buffer>();
  const secrets: string[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon === -1 ? '' : entry.slice(0, colon).trim();
    const keyText = colon === -1 ? entry : entry.slice(colon + 1).trim();
    secrets.push(keyText);
    const where = `key ${i + 1}`;
    if (!KEY_ID.test(id)) {
      problems.push(`${where} has no id: write it as id:key (an id of letters, digits, - _ or .)`);
      return;
    }
    const key = decodeKey(keyText);
    if (!key) {
      problems.push(`${where} ("${id}") is not 32 bytes in base64 (44 characters) or hex (64 characters)`);
      return;
    }
    if (keys.has(id)) {
      problems.push(`${where} repeats the id "${id}"`);
      return;
    }
    keys.set(id, key);
  });
  if (entries.length === 0) problems.push('no key given');
  const [current] = keys.keys();
  if (problems.length > 0 || current === undefined) {
    return {
      ok: false,
      problem: `${problems.join('; ')} (make one with: node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))")`,
    };
  }
  return {
    ok: true,
    ring: Object.freeze({
      current,
      ids: Object.freeze([...keys.keys()]),
      key: (id: string) => keys.get(id),
      secrets: Object.freeze(secrets),
    }),
  };
}

/** Seals `plaintext` under the ring's current key, bound to `context` (what it belongs to). */
export function seal(ring: KeyRing, plaintext: string, context: string): Sealed {
  const key = ring.key(ring.current) as Buffer;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { keyId: ring.current, nonce, data };
}

/** Opens what `seal` made for the same `context`; throws UnknownKeyError or UnopenableError. */
export function open(ring: KeyRing, sealed: Sealed, context: string): string {
  const key = ring.key(sealed.keyId);
  if (!key) throw new UnknownKeyError(sealed.keyId);
  if (sealed.nonce.length !== NONCE_BYTES || sealed.data.length < TAG_BYTES) {
    throw new UnopenableError(sealed.keyId);
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.data.subarray(sealed.data.length - TAG_BYTES));
    const body = sealed.data.subarray(0, sealed.data.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new UnopenableError(sealed.keyId);
  }
}
