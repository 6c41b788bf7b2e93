ALTER TABLE `crises` ADD `contact_name` text;--> statement-breakpoint
ALTER TABLE `crises` ADD `contact_phone` text;