#!/usr/bin/env node
// The auditors' verifier: one file, Node's built-ins only, nothing of the console's code.
//   node verify-export.mjs --key PUBLIC_KEY EXPORT CHECKPOINT...
// EXPORT is an unfiltered audit export (.json or .csv); each CHECKPOINT a file holding signed
// checkpoints (a note, or the e-mail that carried one or several: its text, or the message as
// saved); PUBLIC_KEY the console's note verifier key (name+keyid+base64) or a file holding it,
// or several, one a line with their validity (/checkpoint-keys.txt); --key may be repeated.
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
  options: { key: { type: 'string', multiple: true } },
  allowPositionals: true,
});
if (!values.key?.length || positionals.length < 1) bad(usage);
const [exportFile, ...checkpointFiles] = positionals;

// ------------------------------------------------------------------ the public keys
// Each --key is a verifier key or a file of them, one a line, each optionally followed by the
// times it was valid from and until ("-": open), as /checkpoint-keys.txt lists them.
const sha256 = (data) => createHash('sha256').update(data).digest();
function readKey(line) {
  const [text, from = '-', until = '-'] = line.split(/\s+/);
  const m = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text);
  if (!m) bad(`--key: "${text}" is not a verifier key (name+keyid+base64 key)`);
  const [, name, idHex, b64] = m;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== 33 || bytes[0] !== 0x01) bad('--key: not an Ed25519 key (type 0x01)');
  const id = sha256(Buffer.concat([Buffer.from(`${name}\n`), bytes])).subarray(0, 4);
  if (id.toString('hex') !== idHex) bad('--key: its key id does not match the key');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), bytes.subarray(1)]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return {
    name,
    id,
    publicKey,
    from: from === '-' ? null : from,
    until: until === '-' ? null : until,
  };
}
const keys = values.key.flatMap((given) =>
  (existsSync(given) ? readFileSync(given, 'utf8') : given)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map(readKey),
);

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
/** An e-mail saved as it arrived (.eml): its body quoted-printable or base64 decoded. */
function mailBody(text) {
  const split = text.search(/\r?\n\r?\n/);
  const head = text.slice(0, Math.max(split, 0));
  const encoding = /^content-transfer-encoding:[ \t]*(\S+)/im.exec(head)?.[1].toLowerCase();
  const body = text.slice(split).trim();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return '';
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
const notesIn = (text) =>
  [text, mailBody(text)].flatMap((t) => `${t.replace(/\r\n/g, '\n')}\n`.match(NOTE) ?? []);
const notes = [
  ...embedded,
  ...checkpointFiles.flatMap((file) => {
    const found = notesIn(readFileSync(file, 'utf8'));
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
  const [origin, sizeLine, rootB64, extension = ''] = text.split('\n');
  const label = /^checkpoint (\d+) (\S+)$/.exec(extension);
  const name = label
    ? `checkpoint ${label[1]} signed at ${label[2]}`
    : `the checkpoint of size ${sizeLine}`;
  // Signatures by keys not given are ignored (c2sp.org/signed-note); one by a given key must verify.
  const ours = signatures.flatMap((line) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const sig = m && Buffer.from(m[2], 'base64');
    const key = sig && keys.find((k) => k.name === m[1] && sig.subarray(0, 4).equals(k.id));
    return key
      ? [{ key, valid: verify(null, Buffer.from(text), key.publicKey, sig.subarray(4)) }]
      : [];
  });
  if (!ours.length || !ours.every((s) => s.valid))
    broken(`${name} (${origin}) is not signed by the key given`);
  // A key kept after its rotation vouches only for what it signed while it was valid.
  const at = label?.[2] ?? '';
  const valid = ({ from, until }) => (!from || at >= from) && (!until || at <= until);
  if (!ours.some((s) => valid(s.key))) {
    const { from, until } = ours[0].key;
    broken(
      `${name} is signed by a key valid only from ${from ?? 'the start'} until ${until ?? 'now'}`,
    );
  }
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
