// The audit checkpoints at crisis scale (README "Audit checkpoints"): making and signing one at
// the head of the million-event trail, and the verify panel's check of the trail against 24
// checkpoints spread over it beside the chain alone (target: within 5%). Runs on the built file
// before the server starts; the checkpoints it adds stay (the write route appends after them).
import { noteText, signNote } from '../src/domain/audit/checkpoint';
import { checkStoredCheckpoints, makeCheckpoint } from '../src/domain/audit/checkpoints';
import { verifyChain } from '../src/domain/audit/trail';
import { transaction } from '../src/domain/lib/db';
import { loadCheckpointKey } from '../src/node/checkpoint-key';
import { openDatabase } from '../src/node/database';
import { clock, round } from './offline';
import { checkpointKeyFile } from './server';

export type CheckpointSpeed = {
  /** Median ms to make and sign one checkpoint (its event, the note, the row: one transaction). */
  makeMs: number;
  made: number;
  /** Best of the rounds, seconds: the chain alone, and the chain then the `checkpoints`. */
  chainSeconds: number;
  withCheckpointsSeconds: number;
  checkpoints: number;
  /** The checkpoints' own check, after the chain's walk: ms. */
  checkMs: number;
  /** withCheckpoints / chain - 1. */
  overhead: number;
  ok: boolean;
};

export function checkpointSpeed(path: string, spread = 24, made = 20, rounds = 2): CheckpointSpeed {
  const { db, sqlite } = openDatabase(path);
  try {
    // The key file the server will load (bench/server.ts): the server checks the last checkpoint
    // against it on start, so the bench's checkpoints must be signed by it too.
    const signer = loadCheckpointKey(
      { CHECKPOINT_KEY_FILE: checkpointKeyFile(path) },
      'http://bench.invalid',
      true,
      () => {},
    )!;
    const length = sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;
    const hashAt = sqlite.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck();
    const first =
      (sqlite.prepare('SELECT max(number) FROM checkpoints').pluck().get() as number) ?? 0;
    // 24 checkpoints as the hourly schedule would have left them over the trail's history.
    const insert = sqlite.prepare(
      'INSERT INTO checkpoints (number, made_at, size, root_hash, reason, note) VALUES (?, ?, ?, ?, ?, ?)',
    );
    sqlite.transaction(() => {
      for (let i = 1; i <= spread; i++) {
        const size = Math.round((length * i) / spread);
        const body = {
          origin: signer.key.name,
          size,
          rootHash: hashAt.get(size) as string,
          number: first + i,
          // Within the key's validity (it starts when the key file was made): times do not
          // change the cost, a checkpoint outside its key's validity would fail.
          madeAt: new Date(Date.now() + i).toISOString(),
        };
        insert.run(
          body.number,
          body.madeAt,
          size,
          body.rootHash,
          'schedule',
          signNote(noteText(body), signer.key),
        );
      }
    })();
    // The chain, then the checkpoints against it, each timed on its own in the same round: two
    // walks of a million events differ by more (the machine's mood) than the checkpoints cost.
    // Best of each: other work on the machine only slows a run down.
    let [chainSeconds, checkSeconds, ok] = [Infinity, Infinity, true];
    for (let r = 0; r < rounds; r++) {
      let started = clock();
      const chain = verifyChain(db);
      chainSeconds = Math.min(chainSeconds, started().seconds);
      started = clock();
      const checked = checkStoredCheckpoints(db, signer.trusted, chain).ok;
      checkSeconds = Math.min(checkSeconds, started().seconds);
      ok = ok && chain.ok && checked;
    }
    const withCheckpointsSeconds = chainSeconds + checkSeconds;
    const times: number[] = [];
    for (let i = 0; i < made; i++) {
      const started = clock();
      transaction(db, (tx) => makeCheckpoint(tx, signer, 'schedule', new Date()));
      times.push(started().seconds * 1000);
    }
    times.sort((a, b) => a - b);
    return {
      makeMs: round(times[Math.floor(times.length / 2)]!, 2),
      made,
      chainSeconds: round(chainSeconds, 2),
      withCheckpointsSeconds: round(withCheckpointsSeconds, 2),
      checkpoints: spread,
      checkMs: round(checkSeconds * 1000, 2),
      overhead: round(withCheckpointsSeconds / chainSeconds - 1, 5),
      ok,
    };
  } finally {
    sqlite.close();
  }
}
