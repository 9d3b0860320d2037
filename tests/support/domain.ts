import { expect } from "vitest";
import type { ActorRow, LocalActorUriBuilder } from "../../src/actors/model.ts";
import { type NewLocalActor, type RemoteActorData, createLocalActor } from "../../src/actors/store.ts";
import type { Database } from "../../src/db/client.ts";
import { PlazaError } from "../../src/errors.ts";
import type { PracticeAddress } from "../../src/practices/authoring.ts";

/** The URLs the federation layer would build for our actors, for domain tests that run without it. */
export const testActorUris: LocalActorUriBuilder = (username) => ({
  iri: new URL(`https://plaza.test/@${username}`),
  inbox: new URL(`https://plaza.test/@${username}/inbox`),
  sharedInbox: new URL("https://plaza.test/inbox"),
  followers: new URL(`https://plaza.test/@${username}/followers`),
});

/** Where our practices live, for domain tests that run without the federation layer. */
export const testPracticeAddress: PracticeAddress = (publicId) => ({
  iri: new URL(`https://plaza.test/practices/${publicId}`),
  url: new URL(`https://plaza.test/practices/${publicId}`),
});

/** One of our cities, networks or members, created (in its own transaction) with `testActorUris`. */
export function createTestActor(db: Database, actor: NewLocalActor): Promise<ActorRow> {
  return db.transaction((tx) => createLocalActor(tx, testActorUris, actor));
}

/**
 * What another server's document says of the actor at `iri`, as `upsertRemoteActor` takes it: a
 * Person by default, named after the last segment of its path ("@" dropped), with an inbox below
 * the IRI and a shared inbox at the server's root.
 */
export function remoteActorData(iri: string, overrides: Partial<RemoteActorData> = {}): RemoteActorData {
  const url = new URL(iri);
  const username = (url.pathname.split("/").at(-1) ?? "").replace(/^@/, "");
  return {
    iri,
    type: "Person",
    username,
    host: url.host,
    name: username,
    summary: "",
    url: null,
    inboxUrl: `${iri}/inbox`,
    sharedInboxUrl: `${url.origin}/inbox`,
    followersUrl: null,
    manuallyApprovesFollowers: false,
    ...overrides,
  };
}

/** The PlazaError `promise` rejects with (fails the test if it resolves or rejects with something else). */
export async function plazaError(promise: Promise<unknown>): Promise<PlazaError> {
  const error = await promise.then(
    () => new Error("expected a PlazaError, but it succeeded"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlazaError);
  return error as PlazaError;
}
