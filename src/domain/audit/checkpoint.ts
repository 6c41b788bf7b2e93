// A checkpoint as a C2SP signed note (c2sp.org/tlog-checkpoint over c2sp.org/signed-note): the
// note text is the origin, the tree size (events in the trail) and the root hash (the chain
// head's hash, base64), plus one extension line with the checkpoint's number and time so that
// a witnessed copy says which checkpoint it is; signed with Ed25519 (signature type 0x01).
// Keys are written as Go's golang.org/x/mod/sumdb/note keys, which auditors' tools read.
import * as nodeCrypto from 'node:crypto';

/** The private half: key name (= origin) and the 32-byte Ed25519 seed. */
export type CheckpointKey = { name: string; seed: Uint8Array };
export type CheckpointBody = {
  origin: string;
  size: number;
  /** Hex SHA-256, as the trail stores it. */
  rootHash: string;
  number: number;
  madeAt: string;
};

const ED25519 = 0x01;
// RFC 8410: the PKCS#8 wrapping of an Ed25519 seed, so Node's crypto takes the raw 32 bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const privateKeyOf = (seed: Uint8Array) =>
  nodeCrypto.createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });

export function publicKeyOf(seed: Uint8Array): Uint8Array {
  const der = nodeCrypto
    .createPublicKey(privateKeyOf(seed))
    .export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(SPKI_PREFIX.length));
}

/** signed-note key ID: SHA-256(key name || 0x0A || 0x01 || public key)[:4], big-endian. */
export function keyId(name: string, publicKey: Uint8Array): Uint8Array {
  const digest = nodeCrypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([ED25519]), publicKey]))
    .digest();
  return new Uint8Array(digest.subarray(0, 4));
}

/** The verifier key as Go's note package writes it: name+hex key ID+base64(0x01 || public key). */
export function verifierKey(key: CheckpointKey): string {
  const pub = publicKeyOf(key.seed);
  const id = Buffer.from(keyId(key.name, pub)).toString('hex');
  return `${key.name}+${id}+${Buffer.concat([Buffer.from([ED25519]), pub]).toString('base64')}`;
}

export type VerifierKey = { name: string; id: Uint8Array; publicKey: Uint8Array };

export function parseVerifierKey(text: string): VerifierKey | null {
  // base64 may hold "+" too: the key is everything after the second "+".
  const m = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!m) return null;
  const [, name, id, key] = m as unknown as [string, string, string, string];
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) return null;
  const publicKey = new Uint8Array(raw.subarray(1));
  const expected = Buffer.from(keyId(name, publicKey)).toString('hex');
  return expected === id ? { name, id: keyId(name, publicKey), publicKey } : null;
}

/** A verifier key as text again (name+id+base64), for the keys' list. */
export const verifierKeyText = (k: VerifierKey) =>
  `${k.name}+${Buffer.from(k.id).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), k.publicKey]).toString('base64')}`;

/**
 * A key the checkpoints are checked with, and when it signed: a rotated key stays trusted for
 * what it signed while it was the console's key, and for nothing after (null: open end).
 */
export type TrustedKey = VerifierKey & { from?: string | null; until?: string | null };

/** Whether `key` was the console's key at `madeAt` (ISO instants compare as text). */
export const validAt = (key: TrustedKey, madeAt: string) =>
  (!key.from || madeAt >= key.from) && (!key.until || madeAt <= key.until);

/** One line of the keys' list (/checkpoint-keys.txt): key, valid from, valid until ("-": open). */
export const keyLine = (k: TrustedKey) =>
  `${verifierKeyText(k)} ${k.from ?? '-'} ${k.until ?? '-'}`;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The keys' list; null when a line is no key with two instants (or "-"). "#" starts a comment. */
export function parseKeyList(text: string): TrustedKey[] | null {
  const keys: TrustedKey[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [key = '', from = '-', until = '-', ...rest] = line.split(/\s+/);
    const parsed = parseVerifierKey(key);
    const times = [from, until].map((x) => (x === '-' ? null : x));
    if (!parsed || rest.length || times.some((x) => x !== null && !INSTANT.test(x))) return null;
    keys.push({ ...parsed, from: times[0], until: times[1] });
  }
  return keys;
}

/** Key names and origins: non-empty, no spaces, no "+" (signed-note). */
export const validName = (name: string) => /^[^\s+]+$/u.test(name) && !/[\u0000-\u001f]/.test(name);

export function noteText(b: CheckpointBody): string {
  const root = Buffer.from(b.rootHash, 'hex').toString('base64');
  return `${b.origin}\n${b.size}\n${root}\ncheckpoint ${b.number} ${b.madeAt}\n`;
}

/** A kept checkpoint's name, the same in a witness folder (Node) and a witness bucket (Workers). */
export const noteFileName = (number: number) =>
  `checkpoint-${String(number).padStart(6, '0')}.note`;

/** The signed note: text, a blank line, one signature line. */
export function signNote(text: string, key: CheckpointKey): string {
  const pub = publicKeyOf(key.seed);
  const signature = nodeCrypto.sign(null, Buffer.from(text), privateKeyOf(key.seed));
  const sig = Buffer.concat([keyId(key.name, pub), signature]).toString('base64');
  return `${text}\n\u2014 ${key.name} ${sig}\n`;
}

export type OpenedNote =
  { ok: true; body: CheckpointBody } | { ok: false; reason: 'format' | 'unsigned' | 'signature' };

/**
 * Verifies a signed note against one trusted key and parses its checkpoint. Signatures by other
 * keys are ignored (as the spec requires); one by the trusted key that fails refuses the note.
 */
export function openNote(note: string, trusted: VerifierKey): OpenedNote {
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || /[\u0000-\u0009\u000b-\u001f]/.test(note)) return { ok: false, reason: 'format' };
  const text = note.slice(0, cut + 1);
  let signed = false;
  for (const line of note.slice(cut + 2).split('\n')) {
    if (!line) continue;
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/u.exec(line);
    if (!m) return { ok: false, reason: 'format' };
    const sig = Buffer.from(m[2]!, 'base64');
    if (m[1] !== trusted.name || !sig.subarray(0, 4).equals(Buffer.from(trusted.id))) continue;
    const publicKey = nodeCrypto.createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, trusted.publicKey]),
      format: 'der',
      type: 'spki',
    });
    if (!nodeCrypto.verify(null, Buffer.from(text), publicKey, sig.subarray(4)))
      return { ok: false, reason: 'signature' };
    signed = true;
  }
  if (!signed) return { ok: false, reason: 'unsigned' };
  const body = parseText(text);
  return body ? { ok: true, body } : { ok: false, reason: 'format' };
}

function parseText(text: string): CheckpointBody | null {
  const [origin, size, root, extension, end, ...rest] = text.split('\n');
  if (end !== '' || rest.length || !origin || !size || !root || !extension) return null;
  if (!/^(0|[1-9][0-9]*)$/.test(size)) return null;
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) return null;
  const ext = /^checkpoint ([1-9][0-9]*) (\S+)$/.exec(extension);
  if (!ext) return null;
  return {
    origin,
    size: Number(size),
    rootHash: hash.toString('hex'),
    number: Number(ext[1]),
    madeAt: ext[2]!,
  };
}

/** The signing key as Go's note package writes it: PRIVATE+KEY+name+hex key ID+base64(0x01 || seed). */
export function signerKeyText(key: CheckpointKey): string {
  const id = Buffer.from(keyId(key.name, publicKeyOf(key.seed))).toString('hex');
  return `PRIVATE+KEY+${key.name}+${id}+${Buffer.concat([Buffer.from([ED25519]), key.seed]).toString('base64')}`;
}

export function parseSignerKey(text: string): CheckpointKey | null {
  const m = /^PRIVATE\+KEY\+([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!m) return null;
  const [, name, id, key] = m as unknown as [string, string, string, string];
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) return null;
  const seed = new Uint8Array(raw.subarray(1));
  return Buffer.from(keyId(name, publicKeyOf(seed))).toString('hex') === id ? { name, seed } : null;
}
