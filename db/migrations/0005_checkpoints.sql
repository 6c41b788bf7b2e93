CREATE TABLE `checkpoints` (
	`number` integer PRIMARY KEY NOT NULL,
	`made_at` text NOT NULL,
	`size` integer NOT NULL,
	`root_hash` text NOT NULL,
	`reason` text NOT NULL,
	`note` text NOT NULL
);
--> statement-breakpoint
-- Hand-written, as 0001 does for audit_events: a checkpoint, once signed, is never changed or removed.
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints is append-only');
END;
