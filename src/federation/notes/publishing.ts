import type { Context, Federation } from "@fedify/fedify";
import { Create, Delete, Note, PUBLIC_COLLECTION, Tombstone } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { type NoteAddress, type PostRow, createLocalNote, deletePost, findPostByIri } from "../../social/posts.ts";
import { recordTombstone } from "../../social/tombstones.ts";
import { spellOutPublic } from "../practices/activities.ts";
import { plazaNamespace } from "../practices/vocabulary.ts";

type ToJsonLdOptions = NonNullable<Parameters<Note["toJsonLd"]>[0]>;

/**
 * A member's own note. Fedify routes one object dispatcher per class and `Note` serves comments,
 * so our notes have a class of their own; on the wire it is a plain `Note` (Fedify writes the
 * type from the generated class, not from `typeId`), with the public collection spelled out.
 */
export class MemberNote extends Note {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}MemberNote`);
  }

  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const json = await super.toJsonLd(options);
    return options.format === "expand" ? json : spellOutPublic(json);
  }
}

export const notePath = "/notes/{id}";

/** Where our notes live: the Note id, which is also its page (content negotiation). */
export function noteAddress(ctx: Context<void>): NoteAddress {
  return (publicId) => {
    const iri = ctx.getObjectUri(MemberNote, { id: publicId });
    return { iri, url: iri };
  };
}

/** Our note with this id in our URLs, if it stands. */
export async function findOurNote(ctx: Context<void>, db: Database, publicId: string): Promise<{ note: PostRow; author: ActorRow } | undefined> {
  const note = await findPostByIri(db, ctx.getObjectUri(MemberNote, { id: publicId }).href);
  const author = note ? await findActorById(db, note.authorId) : undefined;
  return note && author?.local ? { note, author } : undefined;
}

/** Serves our members' notes at `/notes/{id}`; a deleted one is gone (the page answers 410). */
export function registerNoteObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(MemberNote, notePath, async (ctx, { id }) => {
    const found = await findOurNote(ctx, db, id);
    return found ? memberNote(found.note, found.author) : null;
  });
}

const toInstant = (date: Date) => Temporal.Instant.fromEpochMilliseconds(date.getTime());

/** A note of ours as ActivityPub: public, and to the author's followers. */
export function memberNote(note: PostRow, author: ActorRow): Note {
  return new MemberNote({
    id: new URL(note.iri),
    attribution: new URL(author.iri),
    to: PUBLIC_COLLECTION,
    cc: author.followersUrl ? new URL(author.followersUrl) : null,
    content: note.contentHtml,
    mediaType: "text/html",
    url: note.url ? new URL(note.url) : null,
    published: toInstant(note.publishedAt ?? note.receivedAt),
  });
}

/** One delivery per server, through shared inboxes; none to ourselves; a note's activities in order. */
function deliveryOptions(ctx: Context<void>, note: PostRow) {
  return { preferSharedInbox: true, excludeBaseUris: [new URL(ctx.canonicalOrigin)], orderingKey: note.iri };
}

/**
 * A member posts a short public note (a status that answers nothing), written in Markdown. It is
 * stored, then its `Create(Note)` goes to the member's followers. Nothing is public unless they
 * will hear of it: if sending fails, the note is removed and the error passed on.
 */
export async function postNote(ctx: Context<void>, db: Database, member: ActorRow, source: string): Promise<PostRow> {
  if (!member.local || member.type !== "Person") throw new PlazaError("forbidden", "Only members of this server can post notes here.");
  const note = await createLocalNote(db, noteAddress(ctx), { authorId: member.id, source });
  const object = memberNote(note, member);
  try {
    await ctx.sendActivity(
      { identifier: member.username },
      "followers",
      new Create({ id: new URL(`${note.iri}#create`), actor: new URL(member.iri), to: PUBLIC_COLLECTION, ccs: object.ccIds, object, published: object.published }),
      deliveryOptions(ctx, note),
    );
  } catch (error) {
    await deletePost(db, note.iri, member.id);
    throw error;
  }
  return note;
}

/**
 * Deletes a note and remembers it (its URL answers 410). Ours: the author's followers get
 * `Delete(Tombstone)`. Another server's post: removed here only, so that it does not come back.
 */
export async function deleteNote(ctx: Context<void>, db: Database, note: PostRow): Promise<void> {
  const author = await findActorById(db, note.authorId);
  const deletedAt = new Date();
  await deletePost(db, note.iri, note.authorId);
  await recordTombstone(db, note.iri, deletedAt);
  if (!author?.local) return;
  await ctx.sendActivity(
    { identifier: author.username },
    "followers",
    new Delete({
      id: new URL(`${note.iri}#delete`),
      actor: new URL(author.iri),
      to: PUBLIC_COLLECTION,
      cc: author.followersUrl ? new URL(author.followersUrl) : null,
      object: noteTombstone(note.iri, deletedAt),
    }),
    deliveryOptions(ctx, note),
  );
}

export function noteTombstone(iri: string, deletedAt: Date): Tombstone {
  return new Tombstone({ id: new URL(iri), formerType: Note, deleted: toInstant(deletedAt) });
}
