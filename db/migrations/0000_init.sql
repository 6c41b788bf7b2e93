CREATE TABLE `admin_access` (
	`channel_id` integer PRIMARY KEY NOT NULL,
	`account` text NOT NULL,
	`verified_at` text,
	`verified_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` integer,
	`actor_role` text,
	`action` text NOT NULL,
	`crisis_id` integer,
	`channel_id` integer,
	`case_id` integer,
	`department_id` integer,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_prev_hash_unique` ON `audit_events` (`prev_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_hash_unique` ON `audit_events` (`hash`);--> statement-breakpoint
CREATE INDEX `audit_crisis` ON `audit_events` (`crisis_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_channel` ON `audit_events` (`channel_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_department` ON `audit_events` (`department_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_events` (`actor_user_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_action` ON `audit_events` (`action`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `channel_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text NOT NULL,
	`acted_at` text NOT NULL,
	`acted_by` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channel_actions_case` ON `channel_actions` (`case_id`);--> statement-breakpoint
CREATE TABLE `channel_owners` (
	`channel_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `owner_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_owners_position` ON `channel_owners` (`channel_id`,`position`);--> statement-breakpoint
CREATE INDEX `channel_owners_owner` ON `channel_owners` (`owner_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`name` text NOT NULL,
	`handle` text NOT NULL,
	`department_id` integer NOT NULL,
	`purpose` text,
	`status` text DEFAULT 'active' NOT NULL,
	`last_published_at` text,
	`exemption_reason` text,
	`exemption_until` text,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_platform_handle` ON `channels` (`platform`,`handle`);--> statement-breakpoint
CREATE INDEX `channels_department` ON `channels` (`department_id`);--> statement-breakpoint
CREATE INDEX `channels_status` ON `channels` (`status`);--> statement-breakpoint
CREATE TABLE `contact_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`means` text NOT NULL,
	`outcome` text NOT NULL,
	`attempted_at` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_attempts_case` ON `contact_attempts` (`case_id`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`channel_id` integer PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`nonce` text NOT NULL,
	`ciphertext` text NOT NULL,
	`changed_at` text NOT NULL,
	`changed_by` integer,
	`verified_at` text,
	`verified_by` integer,
	`last_revealed_at` text,
	`must_rotate` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `crises` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`started_at` text NOT NULL,
	`impact` text NOT NULL,
	`crisis_cell_lead` text,
	`crisis_cell_convened_at` text,
	`crisis_cell_decision_ref` text,
	`crisis_cell_recorded_by` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` text,
	`closed_by` integer,
	`close_override_reason` text,
	`is_exercise` integer DEFAULT false NOT NULL,
	`exercise_notify` text,
	`declared_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`crisis_cell_recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declared_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `crises_status` ON `crises` (`status`);--> statement-breakpoint
CREATE TABLE `crisis_operators` (
	`crisis_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`joined_at` text NOT NULL,
	PRIMARY KEY(`crisis_id`, `user_id`),
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer NOT NULL,
	`attempted_at` text NOT NULL,
	`result` text NOT NULL,
	`response` text NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_notification` ON `delivery_attempts` (`notification_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`head_owner_id` integer,
	`last_drilled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_unique` ON `departments` (`name`);--> statement-breakpoint
CREATE TABLE `holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`crisis_id` integer NOT NULL,
	`post_state` text NOT NULL,
	`post_ref` text NOT NULL,
	`scheduled_for` text,
	`conflict` text NOT NULL,
	`action` text NOT NULL,
	`placed_by` integer NOT NULL,
	`placed_at` text NOT NULL,
	`released_at` text,
	`released_by` integer,
	`release_outcome` text,
	`release_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `holds_crisis` ON `holds` (`crisis_id`);--> statement-breakpoint
CREATE INDEX `holds_case` ON `holds` (`case_id`);--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` text NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`channel_id` integer,
	`crisis_id` integer,
	`case_id` integer,
	`event` text NOT NULL,
	`to_email` text,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`is_exercise` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`sent_at` text,
	`created_at` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_owner` ON `notifications` (`owner_id`);--> statement-breakpoint
CREATE INDEX `notifications_case` ON `notifications` (`case_id`);--> statement-breakpoint
CREATE INDEX `notifications_queue` ON `notifications` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `owner_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `takeover_cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `owner_replies_case` ON `owner_replies` (`case_id`);--> statement-breakpoint
CREATE TABLE `owners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`department_id` integer NOT NULL,
	`phone` text,
	`email` text,
	`alt_contact` text,
	`user_id` integer,
	`language` text DEFAULT 'nl' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `owners_user_id_unique` ON `owners` (`user_id`);--> statement-breakpoint
CREATE INDEX `owners_department` ON `owners` (`department_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sweep_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`channel_id` integer NOT NULL,
	`result` text,
	`checked_by` integer,
	`checked_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sweep_items_crisis_channel` ON `sweep_items` (`crisis_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `takeover_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`channel_id` integer NOT NULL,
	`state` text DEFAULT 'contacting' NOT NULL,
	`basis` text,
	`authorised_at` text,
	`authorised_by` integer,
	`acute_justification` text,
	`acute_deadline` text,
	`acute_message_sent_at` text,
	`owner_contact_due_at` text,
	`owner_contacted_at` text,
	`handed_back_at` text,
	`handed_back_by` integer,
	`hand_back_note` text,
	`added_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`authorised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handed_back_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `takeover_cases_crisis_channel` ON `takeover_cases` (`crisis_id`,`channel_id`);--> statement-breakpoint
CREATE INDEX `takeover_cases_channel` ON `takeover_cases` (`channel_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`language` text DEFAULT 'nl' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);