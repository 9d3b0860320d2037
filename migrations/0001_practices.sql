CREATE TYPE "public"."practice_status" AS ENUM('draft', 'published', 'withdrawn');--> statement-breakpoint
CREATE TABLE "posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"iri" text NOT NULL,
	"author_id" integer NOT NULL,
	"type" text NOT NULL,
	"name" text,
	"summary" text,
	"content_html" text DEFAULT '' NOT NULL,
	"url" text,
	"in_reply_to" text,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posts_iri_unique" UNIQUE("iri")
);
--> statement-breakpoint
CREATE TABLE "practice_versions" (
	"practice_id" integer NOT NULL,
	"version" integer NOT NULL,
	"card" jsonb NOT NULL,
	"author_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_versions_practice_id_version_pk" PRIMARY KEY("practice_id","version")
);
--> statement-breakpoint
CREATE TABLE "practices" (
	"id" serial PRIMARY KEY NOT NULL,
	"iri" text NOT NULL,
	"public_id" text,
	"owner_id" integer NOT NULL,
	"local" boolean NOT NULL,
	"status" "practice_status" DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"url" text,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practices_iri_unique" UNIQUE("iri"),
	CONSTRAINT "practices_public_id_unique" UNIQUE("public_id")
);
--> statement-breakpoint
DROP INDEX "actors_handle_idx";--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_actors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_versions" ADD CONSTRAINT "practice_versions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_versions" ADD CONSTRAINT "practice_versions_author_id_actors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_owner_id_actors_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_id","published_at");--> statement-breakpoint
CREATE INDEX "practices_owner_idx" ON "practices" USING btree ("owner_id","status","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "actors_local_handle_idx" ON "actors" USING btree (lower("username"),lower("host")) WHERE "actors"."local";--> statement-breakpoint
CREATE INDEX "actors_handle_idx" ON "actors" USING btree (lower("username"),lower("host"));