ALTER TABLE `login_throttle` ADD `pending` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `login_throttle` ADD `pending_at` text;--> statement-breakpoint
ALTER TABLE `login_throttle` ADD `refused` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `login_throttle` ADD `refused_since` text;