// npm run -s checkpoint:new-key -- ORIGIN              a first key for a Worker
// npm run -s checkpoint:new-key -- --keys FILE         a rotation (FILE: its /checkpoint-keys.txt)
// A Worker has no disk for the key file Node creates on its first start, so its CHECKPOINT_KEY
// secret comes from here (README "Deploy to Cloudflare"). The first form prints the key, for
// `wrangler secret put CHECKPOINT_KEY`. The second prints the JSON for `wrangler secret bulk`: a
// new CHECKPOINT_KEY, and CHECKPOINT_PREVIOUS_KEYS, the list with the current key retired and the
// new one valid from now. The retired key stays valid for GRACE_MINUTES more: the Worker keeps
// signing with it until the new secrets are deployed, and a checkpoint signed after its end would
// fail verification. The new public key goes to stderr, for the auditors.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  keyLine,
  parseVerifierKey,
  signerKeyText,
  validName,
  verifierKey,
} from '../src/domain/audit/checkpoint';
import { CheckpointKeyError, keyList } from '../src/domain/audit/signer';

const GRACE_MINUTES = 10;

function newKey(name: string) {
  if (!validName(name))
    throw new CheckpointKeyError(`the origin "${name}" may hold no spaces and no "+"`);
  return { name, seed: new Uint8Array(randomBytes(32)) };
}

function main(args: string[]) {
  const at = args.indexOf('--keys');
  if (at < 0) {
    if (!args[0])
      throw new CheckpointKeyError('give the origin: npm run -s checkpoint:new-key -- HOST/audit');
    const key = newKey(args[0]);
    console.log(signerKeyText(key));
    return key;
  }
  const file = args[at + 1] ?? '';
  const listed = keyList(readFileSync(file, 'utf8'), file);
  const open = listed.filter((k) => !k.until);
  if (open.length !== 1)
    throw new CheckpointKeyError(`${file} should list one current key ("-" as its end)`);
  const now = new Date();
  const until = new Date(now.getTime() + GRACE_MINUTES * 60_000).toISOString();
  const key = newKey(open[0]!.name);
  const keys = [
    ...listed.map((k) => (k.until ? k : { ...k, until })),
    { ...parseVerifierKey(verifierKey(key))!, from: now.toISOString(), until: null },
  ];
  console.log(
    JSON.stringify(
      {
        CHECKPOINT_KEY: signerKeyText(key),
        CHECKPOINT_PREVIOUS_KEYS: `${keys.map(keyLine).join('\n')}\n`,
      },
      null,
      2,
    ),
  );
  return key;
}

try {
  const key = main(process.argv.slice(2));
  console.error(`The public key, for the auditors to keep: ${verifierKey(key)}`);
} catch (e) {
  // A wrong argument or an unreadable list: one line, no stack trace.
  if (!(e instanceof CheckpointKeyError) && !(e instanceof Error && 'code' in e)) throw e;
  console.error(`No key was made: ${(e as Error).message}`);
  process.exit(1);
}
