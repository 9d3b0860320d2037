import type { LocalActorUriBuilder } from "../../src/actors/model.ts";

/** The URLs the federation layer would build for our actors, for domain tests that run without it. */
export const testActorUris: LocalActorUriBuilder = (username) => ({
  iri: new URL(`https://plaza.test/@${username}`),
  inbox: new URL(`https://plaza.test/@${username}/inbox`),
  sharedInbox: new URL("https://plaza.test/inbox"),
  followers: new URL(`https://plaza.test/@${username}/followers`),
});
