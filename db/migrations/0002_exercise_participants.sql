CREATE TABLE `exercise_participants` (
	`crisis_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`added_at` text NOT NULL,
	`added_by` integer NOT NULL,
	PRIMARY KEY(`crisis_id`, `owner_id`),
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `owners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
