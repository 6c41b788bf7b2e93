ALTER TABLE `api_tokens` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `contact_attempts` ADD `corrected_at` text;--> statement-breakpoint
ALTER TABLE `contact_attempts` ADD `corrected_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contact_attempts` ADD `correction_reason` text;--> statement-breakpoint
-- Hand-written: a contact attempt is corrected, never rewritten or erased. Only the correction
-- columns may change, once, from empty to set; nothing deletes an attempt.
CREATE TRIGGER contact_attempts_corrected_once BEFORE UPDATE ON contact_attempts
WHEN OLD.corrected_at IS NOT NULL
  OR NEW.corrected_at IS NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.case_id IS NOT OLD.case_id
  OR NEW.owner_id IS NOT OLD.owner_id
  OR NEW.means IS NOT OLD.means
  OR NEW.outcome IS NOT OLD.outcome
  OR NEW.attempted_at IS NOT OLD.attempted_at
  OR NEW.note IS NOT OLD.note
  OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN
  SELECT RAISE(ABORT, 'contact_attempts: only a correction, once');
END;
--> statement-breakpoint
CREATE TRIGGER contact_attempts_no_delete BEFORE DELETE ON contact_attempts
BEGIN
  SELECT RAISE(ABORT, 'contact_attempts: corrected, never deleted');
END;
