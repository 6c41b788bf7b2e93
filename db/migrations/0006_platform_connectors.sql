CREATE TABLE `platform_connections` (
	`channel_id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`business_id` text,
	`key_id` text NOT NULL,
	`nonce` text NOT NULL,
	`ciphertext` text NOT NULL,
	`stored_at` text NOT NULL,
	`stored_by` integer,
	`expires_at` text,
	`checked_at` text,
	`check_problem` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stored_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `channels` ADD `last_published_source` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `last_published_read_at` text;--> statement-breakpoint
ALTER TABLE `holds` ADD `via` text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE `holds` ADD `platform_post_id` text;--> statement-breakpoint
ALTER TABLE `holds` ADD `platform_action` text;--> statement-breakpoint
ALTER TABLE `holds` ADD `platform_copy` text;--> statement-breakpoint
ALTER TABLE `holds` ADD `platform_copy_sha256` text;--> statement-breakpoint
ALTER TABLE `holds` ADD `restored_via` text;--> statement-breakpoint
ALTER TABLE `sweep_items` ADD `checked_via` text;