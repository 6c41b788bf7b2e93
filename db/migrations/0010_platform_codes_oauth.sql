ALTER TABLE `credentials` ADD `two_factor_method` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `oauth_key_id` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `oauth_nonce` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `oauth_ciphertext` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `access_expires_at` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `refreshed_at` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `refresh_problem` text;--> statement-breakpoint
ALTER TABLE `platform_connections` ADD `last_read_problem` text;