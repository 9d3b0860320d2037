import { type Context, Hono } from "hono";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { MemberNote, deleteNote, findOurNote, noteTombstone, postNote } from "../../federation/notes/publishing.ts";
import { findTombstone } from "../../social/tombstones.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { DeletedNotePage, NotePage, notePath } from "../pages/note.tsx";
import { formText } from "./forms.ts";

type C = Context<WebEnv>;

const activityJson = /application\/(activity\+json|ld\+json)/;

/** Members post short public notes from their own page, read them at their address, and delete them. */
export function noteRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: C) => federation.createContext(c.req.raw, undefined);

  async function signedInMember(c: C) {
    const account = c.var.signedIn?.account;
    const member = account ? await findActorById(db, account.actorId) : undefined;
    if (!member) throw new PlazaError("forbidden", "Sign in to post notes.");
    return member;
  }

  return new Hono<WebEnv>()
    .post("/notes", async (c) => {
      const member = await signedInMember(c);
      try {
        const note = await postNote(context(c), db, member, formText(await c.req.formData(), "content"));
        setFlash(c, { kind: "notice", message: "Your note is published, and sent to your followers." });
        return c.redirect(notePath(note), 303);
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind === "forbidden") throw error;
        setFlash(c, { kind: "error", message: error.message });
        return c.redirect(`/@${member.username}#note-form`, 303);
      }
    })
    .post("/notes/:id/delete", async (c) => {
      const member = await signedInMember(c);
      const found = await findOurNote(context(c), db, c.req.param("id"));
      if (!found) throw new PlazaError("not_found", "This note is no longer there.");
      if (found.author.id !== member.id) throw new PlazaError("forbidden", "Only its author may delete a note.");
      await deleteNote(context(c), db, found.note);
      setFlash(c, { kind: "notice", message: "The note is deleted, and your followers' servers are told." });
      return c.redirect(`/@${member.username}`, 303);
    })
    .get("/notes/:id", async (c) => {
      // Our standing notes were answered as Notes before this route (content negotiation).
      const ctx = context(c);
      const found = await findOurNote(ctx, db, c.req.param("id"));
      if (found) {
        if (activityJson.test(c.req.header("Accept") ?? "")) throw new PlazaError("not_found", "There is no such note on this server.");
        const own = found.author.id === c.var.signedIn?.account.actorId;
        return c.html(
          <Layout title={`Note by ${found.author.name}`} signedIn={c.var.signedIn} flash={takeFlash(c)}>
            <NotePage note={found.note} author={found.author} own={own} />
          </Layout>,
        );
      }
      const iri = ctx.getObjectUri(MemberNote, { id: c.req.param("id") }).href;
      const deletedAt = await findTombstone(db, iri);
      if (deletedAt === undefined) throw new PlazaError("not_found", "There is no such note on this server.");
      if (activityJson.test(c.req.header("Accept") ?? "")) {
        const json = await noteTombstone(iri, deletedAt).toJsonLd({ format: "compact", contextLoader: ctx.contextLoader });
        return c.body(JSON.stringify(json), 410, { "Content-Type": "application/activity+json", Vary: "Accept" });
      }
      return c.html(
        <Layout title="Note deleted" signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <DeletedNotePage deletedAt={deletedAt} />
        </Layout>,
        410,
      );
    });
}
