import type { Context } from "@fedify/fedify";
import { OrderedCollection, OrderedCollectionPage } from "@fedify/vocab";
import { plazaNamespace } from "../practices/vocabulary.ts";

/*
 * Fedify routes an object dispatcher by the class it serves, one route per class. Each of our
 * conversation collections is therefore a class of its own; on the wire they are all plain
 * `OrderedCollection`s (Fedify writes the type from the generated class, not from `typeId`).
 * Their items are bare ids, which Fedify's custom collection dispatchers cannot serve.
 */

/** `/practices/{id}/replies`: the direct replies to one of our practices. */
export class PracticeReplies extends OrderedCollection {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}PracticeReplies`);
  }
}

/** `/comments/{id}/replies`: the direct replies to one of our comments. */
export class CommentReplies extends OrderedCollection {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}CommentReplies`);
  }
}

/** `/practices/{id}/context`: the whole conversation (FEP-7888): the practice and every comment under it. */
export class PracticeThread extends OrderedCollection {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}PracticeThread`);
  }
}

export const practiceRepliesPath = "/practices/{id}/replies";
export const practiceThreadPath = "/practices/{id}/context";
export const commentPath = "/comments/{id}";
export const commentRepliesPath = "/comments/{id}/replies";

/** The thread (`context`) of one of our practices, by its id in our URLs. */
export function practiceThreadUri(ctx: Context<void>, publicId: string): URL {
  return ctx.getObjectUri(PracticeThread, { id: publicId });
}

/**
 * A `replies` collection with its first (and only) page embedded, as Mastodon reads it without
 * fetching anything more: `totalItems` and the ids of the visible direct replies, oldest first.
 */
export function repliesCollection<T extends OrderedCollection>(
  cls: new (values: ConstructorParameters<typeof OrderedCollection>[0]) => T,
  id: URL,
  replies: readonly string[],
): T {
  return new cls({
    id,
    totalItems: replies.length,
    first: new OrderedCollectionPage({
      id: new URL(`${id.href}#first`),
      partOf: id,
      totalItems: replies.length,
      items: replies.map((iri) => new URL(iri)),
    }),
  });
}

/** The `replies` and `context` of one of our practices; without the reply ids (the outbox), `replies` is a link only. */
export function practiceConversation(
  ctx: Context<void>,
  publicId: string,
  replies: readonly string[] | undefined,
): { replies: OrderedCollection | URL; contexts: URL[] } {
  const id = ctx.getObjectUri(PracticeReplies, { id: publicId });
  return {
    replies: replies ? repliesCollection(PracticeReplies, id, replies) : id,
    contexts: [practiceThreadUri(ctx, publicId)],
  };
}
