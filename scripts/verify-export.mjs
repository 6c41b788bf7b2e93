#!/usr/bin/env node
// The auditors' verifier: one file, Node's built-ins only, nothing of the console's code.
//   node verify-export.mjs --key PUBLIC_KEY EXPORT CHECKPOINT...
// EXPORT is an unfiltered audit export (.json or .csv); each CHECKPOINT a file holding signed
// checkpoints (a note, or the text of the e-mail that carried one or several); PUBLIC_KEY the
// console's note verifier key (name+keyid+base64) or a file holding it (/audit/checkpoints).
// It recomputes every hash (README "Audit chain"), checks each checkpoint's Ed25519 signature
// (c2sp.org/signed-note) and that the export holds the checkpoint's head at its size
// (c2sp.org/tlog-checkpoint). The checkpoint an export carries (JSON `checkpoint`, the CSV's last
// row) is checked too. Exit 0: verified; 1: a broken link or checkpoint; 2: bad input.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const usage = 'usage: node verify-export.mjs --key PUBLIC_KEY EXPORT CHECKPOINT...';
function bad(message) {
  console.error(message);
  process.exit(2);
}
function broken(message) {
  console.log(`NOT VERIFIED: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: { key: { type: 'string' } },
  allowPositionals: true,
});
if (!values.key || positionals.length < 1) bad(usage);
const [exportFile, ...checkpointFiles] = positionals;

// ------------------------------------------------------------------ the public key
const keyText = (existsSync(values.key) ? readFileSync(values.key, 'utf8') : values.key).trim();
const keyMatch = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(keyText);
if (!keyMatch) bad('--key: not a verifier key (name+keyid+base64 key)');
const [, keyName, keyIdHex, keyB64] = keyMatch;
const keyBytes = Buffer.from(keyB64, 'base64');
if (keyBytes.length !== 33 || keyBytes[0] !== 0x01) bad('--key: not an Ed25519 key (type 0x01)');
const sha256 = (data) => createHash('sha256').update(data).digest();
const keyId = sha256(Buffer.concat([Buffer.from(`${keyName}\n`), keyBytes])).subarray(0, 4);
if (keyId.toString('hex') !== keyIdHex) bad('--key: its key id does not match the key');
const publicKey = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keyBytes.subarray(1)]),
  format: 'der',
  type: 'spki',
});

// ------------------------------------------------------------------ the export
const FIELDS = ['seq', 'at', 'actorUserId', 'actorRole', 'action', 'crisisId', 'channelId'];
const ALL = [...FIELDS, 'caseId', 'departmentId', 'details', 'prevHash', 'hash'];
const INTEGERS = new Set(['seq', 'actorUserId', 'crisisId', 'channelId', 'caseId', 'departmentId']);

/** RFC 4180: quoted cells may hold the delimiter, quotes ("") and line breaks. */
function csvRecords(text, delimiter) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) (record.push(cell), (cell = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      (record.push(cell), records.push(record), (record = []), (cell = ''));
    } else cell += ch;
  }
  if (cell || record.length) (record.push(cell), records.push(record));
  return records;
}

// The console's CSV (README "Audit and reports"): UTF-8 with a byte order mark, semicolons (older
// exports: commas), and a cell a spreadsheet would run as a formula (= + - @ tab CR first) written
// with one more leading apostrophe, taken off again here before hashing. A last row whose first
// cell is `checkpoint` carries the signed checkpoint the export was made up to. Columns other than
// the hashed ones (at_brussels, actor_name, ...) are for people and are not read.
const restore = (cell) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function readExport(text) {
  if (text.trimStart().startsWith('{')) {
    const json = JSON.parse(text);
    return { events: json.events, embedded: json.checkpoint ? [json.checkpoint] : [] };
  }
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r|\n|$/));
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const [header, ...all] = csvRecords(body, delimiter).map((r) => r.map(restore));
  const rows = all.filter((row) => row[0] !== 'checkpoint');
  const embedded = all.filter((row) => row[0] === 'checkpoint').map((row) => row[1]);
  const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const index = ALL.map((name) => header.indexOf(snake(name)));
  if (index.includes(-1)) bad(`${exportFile}: not an audit export (columns ${ALL.map(snake)})`);
  const events = rows.map((row) =>
    Object.fromEntries(
      ALL.map((name, i) => {
        const cell = row[index[i]];
        if (!INTEGERS.has(name)) return [name, name === 'actorRole' && cell === '' ? null : cell];
        return [name, cell === '' ? null : Number(cell)];
      }),
    ),
  );
  return { events, embedded };
}

/** JSON with keys sorted at every depth and no spaces. */
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

if (!existsSync(exportFile)) bad(`no file ${exportFile}`);
const { events, embedded } = readExport(readFileSync(exportFile, 'utf8'));
const hashes = ['0'.repeat(64)]; // hashes[n]: the chain's head after n events
for (const [i, e] of events.entries()) {
  if (e.seq !== i + 1) broken(`event ${i + 1} is missing (found ${e.seq}); events 1-${i} verify`);
  if (e.prevHash !== hashes[i]) broken(`event ${e.seq} does not link to event ${i}; 1-${i} verify`);
  const hashed = Object.fromEntries(
    Object.entries(e).filter(([k]) => k !== 'prevHash' && k !== 'hash'),
  );
  const hash = sha256(e.prevHash + canonical(hashed)).toString('hex');
  if (hash !== e.hash) broken(`event ${e.seq}'s hash does not recompute; events 1-${i} verify`);
  hashes.push(hash);
}

// ------------------------------------------------------------------ the checkpoints
const NOTE =
  /^[^\n]+\n(?:0|[1-9][0-9]*)\n[A-Za-z0-9+/]{43}=\n(?:[^\n]+\n)*?\n(?:\u2014 [^\n]+\n)+/gmu;
const notes = [
  ...embedded,
  ...checkpointFiles.flatMap((file) => {
    const found = `${readFileSync(file, 'utf8').replace(/\r\n/g, '\n')}\n`.match(NOTE) ?? [];
    return found.length ? found : bad(`${file}: no signed checkpoint in it`);
  }),
];
if (!notes.length)
  bad(`no checkpoint given: without one a truncated or rewritten trail goes unseen\n${usage}`);

let last = null;
for (const note of notes) {
  const cut = note.lastIndexOf('\n\n');
  const text = note.slice(0, cut + 1);
  const signatures = note
    .slice(cut + 2)
    .split('\n')
    .filter(Boolean);
  const ours = signatures
    .map((line) => /^\u2014 (\S+) (\S+)$/u.exec(line))
    .filter((m) => m && m[1] === keyName)
    .map((m) => Buffer.from(m[2], 'base64'))
    .filter((sig) => sig.subarray(0, 4).equals(keyId));
  const [origin, sizeLine, rootB64, extension = ''] = text.split('\n');
  const label = /^checkpoint (\d+) (\S+)$/.exec(extension);
  const name = label
    ? `checkpoint ${label[1]} signed at ${label[2]}`
    : `the checkpoint of size ${sizeLine}`;
  if (
    !ours.length ||
    !ours.every((sig) => verify(null, Buffer.from(text), publicKey, sig.subarray(4)))
  )
    broken(`${name} (${origin}) is not signed by the key given`);
  const size = Number(sizeLine);
  const root = Buffer.from(rootB64, 'base64').toString('hex');
  if (size > events.length)
    broken(`${name} covers ${size} events, the export only ${events.length}: events are missing`);
  if (hashes[size] !== root)
    broken(`${name} does not match the export's hash at event ${size}: the trail was rewritten`);
  if (!last || size >= last.size) last = { size, name };
}
console.log(
  `verified through event ${events.length}, consistent with ${last.name} (through event ${last.size}; ${notes.length} checkpoint(s) checked)`,
);
