CREATE TABLE `contact_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`attempt_id` integer NOT NULL,
	`means` text NOT NULL,
	`to_address` text NOT NULL,
	`language` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`sent_at` text,
	`token_hash` text,
	`provider_ref` text,
	`delivery` text,
	`delivery_at` text,
	`delivery_detail` text,
	FOREIGN KEY (`request_id`) REFERENCES `contact_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `contact_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_messages_token_hash_unique` ON `contact_messages` (`token_hash`);--> statement-breakpoint
CREATE INDEX `contact_messages_request` ON `contact_messages` (`request_id`);--> statement-breakpoint
CREATE INDEX `contact_messages_queue` ON `contact_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `contact_messages_provider` ON `contact_messages` (`provider_ref`);--> statement-breakpoint
CREATE TABLE `contact_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer NOT NULL,
	`expires_at` text NOT NULL,
	`answered_at` text,
	`answer` text,
	`callback_phone` text,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_requests_case` ON `contact_requests` (`case_id`);--> statement-breakpoint
-- Hand-written: the answer to a contact request (the owner's tap, a "not delivered" receipt, the
-- step time passing) settles the attempt's outcome once, from awaiting_answer or
-- callback_requested; a correction still comes once and changes nothing else; nothing else
-- rewrites an attempt (0008's trigger, widened by exactly that).
DROP TRIGGER contact_attempts_corrected_once;
--> statement-breakpoint
CREATE TRIGGER contact_attempts_corrected_once BEFORE UPDATE ON contact_attempts
WHEN NEW.id IS NOT OLD.id
  OR NEW.case_id IS NOT OLD.case_id
  OR NEW.owner_id IS NOT OLD.owner_id
  OR NEW.means IS NOT OLD.means
  OR NEW.attempted_at IS NOT OLD.attempted_at
  OR NEW.recorded_by IS NOT OLD.recorded_by
  OR ((NEW.corrected_at IS NOT OLD.corrected_at
       OR NEW.corrected_by IS NOT OLD.corrected_by
       OR NEW.correction_reason IS NOT OLD.correction_reason)
      AND (OLD.corrected_at IS NOT NULL
           OR NEW.corrected_at IS NULL
           OR NEW.outcome IS NOT OLD.outcome
           OR NEW.note IS NOT OLD.note))
  OR ((NEW.outcome IS NOT OLD.outcome OR NEW.note IS NOT OLD.note)
      AND (OLD.outcome NOT IN ('awaiting_answer', 'callback_requested')
           OR OLD.corrected_at IS NOT NULL))
BEGIN
  SELECT RAISE(ABORT, 'contact_attempts: only a correction, once, or a request''s answer');
END;
