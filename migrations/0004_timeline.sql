CREATE SEQUENCE "public"."status_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "notification_dismissals" (
	"notification_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	CONSTRAINT "notification_dismissals_notification_id_account_id_pk" PRIMARY KEY("notification_id","account_id")
);
--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "status_id" bigint DEFAULT nextval('status_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "status_id" bigint DEFAULT nextval('status_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "status_id" bigint DEFAULT nextval('status_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "reactions" ADD COLUMN "status_id" bigint DEFAULT nextval('status_ids') NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_dismissals" ADD CONSTRAINT "notification_dismissals_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_dismissals" ADD CONSTRAINT "notification_dismissals_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_status_id_unique" UNIQUE("status_id");--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_status_id_unique" UNIQUE("status_id");--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_status_id_unique" UNIQUE("status_id");--> statement-breakpoint
ALTER TABLE "reactions" ADD CONSTRAINT "reactions_status_id_unique" UNIQUE("status_id");