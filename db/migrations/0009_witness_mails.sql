CREATE TABLE `witness_mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_email` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`first_checkpoint` integer NOT NULL,
	`last_checkpoint` integer NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`sent_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `witness_mails_once` ON `witness_mails` (`to_email`,`first_checkpoint`);--> statement-breakpoint
CREATE INDEX `witness_mails_queue` ON `witness_mails` (`status`,`next_attempt_at`);