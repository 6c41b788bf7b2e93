// The verify panel's whole check: the chain walked (verifyChainShared), then every stored
// checkpoint against it; when both hold, the verified head is signed as a new checkpoint.
import {
  checkStoredCheckpoints,
  makeCheckpoint,
  type CheckpointReport,
  type CheckpointSigner,
} from './checkpoints';
import { verifyChainShared, type ChainReport } from './trail';
import { transaction, type Db } from '../lib/db';

export type TrailReport = { chain: ChainReport; checkpoints: CheckpointReport };

export async function verifyTrail(
  db: Db,
  signer: CheckpointSigner | null,
  now: () => Date,
): Promise<TrailReport> {
  const chain = await verifyChainShared(db);
  const checkpoints = checkStoredCheckpoints(db, signer?.trusted ?? [], chain);
  // Never sign a head that did not verify: a log signs no checkpoint inconsistent with an earlier one.
  if (signer && chain.ok && checkpoints.ok)
    transaction(db, (tx) => makeCheckpoint(tx, signer, 'verification', now()));
  return { chain, checkpoints };
}
