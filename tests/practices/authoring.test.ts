import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { practiceVersions, practices } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { PlazaError } from "../../src/errors.ts";
import {
  InvalidCard,
  type PracticeAddress,
  createPractice,
  editPractice,
  markPublished,
  markWithdrawn,
} from "../../src/practices/authoring.ts";
import type { PracticeCard } from "../../src/practices/card.ts";
import { type ReceivedCard, receivePractice, withdrawReceivedPractice } from "../../src/practices/remote.ts";
import {
  type Practice,
  appendVersion,
  findPracticeByIri,
  findPracticeByPublicId,
  findVersion,
  listVersions,
} from "../../src/practices/store.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, plazaError, remoteActorData } from "../support/domain.ts";

const address: PracticeAddress = (publicId) => ({
  iri: new URL(`https://plaza.test/practices/${publicId}`),
  url: new URL(`https://plaza.test/@paris/practices/${publicId}`),
});

const [parisCase, seoulCase] = whitePaperCases;
const parisCard: PracticeCard = parisCase!.card;
const seoulCard: PracticeCard = seoulCase!.card;

describe("practices on a database", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let owner: ActorRow;
  let author: ActorRow;
  let remoteCity: ActorRow;
  let otherRemoteCity: ActorRow;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    owner = await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    author = await createTestActor(db, { kind: "member", username: "anne", name: "Anne" });
    remoteCity = await upsertRemoteActor(db, remoteActorData("https://remote.test/@seoul", { type: "Organization", name: "Seoul" }));
    otherRemoteCity = await upsertRemoteActor(db, remoteActorData("https://remote.test/@impostor", { type: "Organization", name: "Impostor" }));
  });

  afterAll(async () => {
    await database?.dispose();
  });

  const versionCount = async (practiceId: number) => {
    const [row] = await database.db.select({ n: count() }).from(practiceVersions).where(eq(practiceVersions.practiceId, practiceId));
    return row?.n ?? 0;
  };

  const newPractice = (card: PracticeCard = parisCard) => createPractice(database.db, address, owner, author, card);

  describe("createPractice", () => {
    test("stores version 1 as a draft with a public id and the IRI from the address function", async () => {
      const practice = await newPractice();
      const { row } = practice;
      expect(row.publicId).toMatch(/^[a-km-np-z2-9]{10}$/);
      expect(row.iri).toBe(`https://plaza.test/practices/${row.publicId}`);
      expect(row.url).toBe(`https://plaza.test/@paris/practices/${row.publicId}`);
      expect(row).toMatchObject({ status: "draft", currentVersion: 1, local: true, ownerId: owner.id, publishedAt: null });
      const versions = await listVersions(database.db, row.id);
      expect(versions.map((v) => [v.version, v.authorId])).toEqual([[1, author.id]]);
      expect(versions[0]?.card).toStrictEqual(parisCard);
    });

    test("can be found again by public id and by IRI", async () => {
      const { row } = await newPractice();
      const byPublicId = await findPracticeByPublicId(database.db, row.publicId!);
      const byIri = await findPracticeByIri(database.db, row.iri);
      expect(byPublicId?.row.id).toBe(row.id);
      expect(byIri?.row.id).toBe(row.id);
      expect(byPublicId?.card).toStrictEqual(parisCard);
    });

    test("each practice gets its own public id", async () => {
      const [a, b] = await Promise.all([newPractice(), newPractice()]);
      expect(a.row.publicId).not.toBe(b.row.publicId);
    });

    test("stores the normalized card, not the input", async () => {
      const { card, row } = await newPractice({ ...parisCard, tags: ["#openData", "openData"] });
      expect(card.tags).toEqual(["openData"]);
      expect((await findVersion(database.db, row.id, 1))?.card.tags).toEqual(["openData"]);
    });

    test("an invalid card throws InvalidCard and stores nothing", async () => {
      const [before] = await database.db.select({ n: count() }).from(practices);
      const error = await newPractice({ ...parisCard, title: "" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidCard);
      expect((error as InvalidCard).errors).toEqual([{ field: "title", message: "This field is required." }]);
      const [after] = await database.db.select({ n: count() }).from(practices);
      expect(after?.n).toBe(before?.n);
    });
  });

  describe("editPractice", () => {
    test("the same input makes no version", async () => {
      const practice = await newPractice();
      const result = await editPractice(database.db, practice, author, parisCard);
      expect(result.changed).toBe(false);
      expect(result.practice.row.currentVersion).toBe(1);
      expect(await versionCount(practice.row.id)).toBe(1);
    });

    test("the same input on a practice read back from the database makes no version", async () => {
      const { row } = await newPractice();
      const stored = await findPracticeByPublicId(database.db, row.publicId!);
      const result = await editPractice(database.db, stored!, author, structuredClone(parisCard));
      expect(result.changed).toBe(false);
      expect(await versionCount(row.id)).toBe(1);
    });

    test("a change makes version 2 and both versions stay readable", async () => {
      const practice = await newPractice();
      const result = await editPractice(database.db, practice, author, { ...parisCard, title: "Paris votes on its climate plan" });
      expect(result.changed).toBe(true);
      expect(result.practice.row.currentVersion).toBe(2);
      expect((await findVersion(database.db, practice.row.id, 1))?.card.title).toBe(parisCard.title);
      expect((await findVersion(database.db, practice.row.id, 2))?.card.title).toBe("Paris votes on its climate plan");
      const versions = await listVersions(database.db, practice.row.id);
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
      const current = await findPracticeByPublicId(database.db, practice.row.publicId!);
      expect(current?.card.title).toBe("Paris votes on its climate plan");
    });

    test("successive edits number their versions in order", async () => {
      let practice: Practice = await newPractice();
      for (const title of ["Second", "Third", "Fourth"]) {
        practice = (await editPractice(database.db, practice, author, { ...parisCard, title })).practice;
      }
      expect(practice.row.currentVersion).toBe(4);
      const versions = await listVersions(database.db, practice.row.id);
      expect(versions.map((v) => [v.version, v.card.title])).toEqual([
        [4, "Fourth"],
        [3, "Third"],
        [2, "Second"],
        [1, parisCard.title],
      ]);
    });

    test("an invalid edit throws InvalidCard with the field errors and leaves no version", async () => {
      const practice = await newPractice();
      const error = await editPractice(database.db, practice, author, {
        ...parisCard,
        summary: "",
        place: { ...parisCard.place, country: "XX" },
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidCard);
      expect((error as InvalidCard).kind).toBe("invalid");
      expect((error as InvalidCard).errors).toEqual([
        { field: "summary", message: "This field is required." },
        { field: "place.country", message: '"XX" is not an ISO 3166-1 country code; use two letters such as FR, KR, CO or ZA.' },
      ]);
      expect(await versionCount(practice.row.id)).toBe(1);
      expect((await findPracticeByPublicId(database.db, practice.row.publicId!))?.row.currentVersion).toBe(1);
    });

    test("an edit of a withdrawn practice is a conflict and makes no version", async () => {
      const practice = await newPractice();
      const published = await markPublished(database.db, practice.row);
      const withdrawn = await markWithdrawn(database.db, published);
      const error = await plazaError(editPractice(database.db, { row: withdrawn, card: practice.card }, author, { ...parisCard, title: "Late" }));
      expect(error.kind).toBe("conflict");
      expect(await versionCount(practice.row.id)).toBe(1);
    });

    test("a stale save never replaces the version saved in between", async () => {
      const practice = await newPractice();
      const results = await Promise.allSettled([
        database.db.transaction((tx) => appendVersion(tx, practice.row, { ...parisCard, title: "From Anne" }, author.id)),
        database.db.transaction((tx) => appendVersion(tx, practice.row, { ...parisCard, title: "From Ben" }, author.id)),
      ]);
      const saved = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      expect(saved).toHaveLength(1);
      expect(await versionCount(practice.row.id)).toBe(2);
      const current = await findPracticeByPublicId(database.db, practice.row.publicId!);
      expect(current?.row.currentVersion).toBe(2);
      expect(current?.card.title).toBe(saved[0]?.card.title);
      const [rejected] = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      expect(rejected).toBeInstanceOf(PlazaError);
      expect((rejected as PlazaError).kind).toBe("conflict");
      expect((rejected as PlazaError).message).toMatch(/changed by someone else/);
    });

    test("an edit from a stale copy is a conflict", async () => {
      const practice = await newPractice();
      await editPractice(database.db, practice, author, { ...parisCard, title: "First" });
      const error = await plazaError(editPractice(database.db, practice, author, { ...parisCard, title: "Second" }));
      expect(error.kind).toBe("conflict");
      expect(error.message).toMatch(/changed by someone else/);
    });
  });

  describe("publication", () => {
    test("markPublished makes a draft public", async () => {
      const { row } = await newPractice();
      const published = await markPublished(database.db, row);
      expect(published.status).toBe("published");
      expect(published.publishedAt).toBeInstanceOf(Date);
    });

    test("publishing twice is a conflict", async () => {
      const { row } = await newPractice();
      const published = await markPublished(database.db, row);
      expect((await plazaError(markPublished(database.db, published))).kind).toBe("conflict");
    });

    test("withdrawing a draft is a conflict", async () => {
      const { row } = await newPractice();
      expect((await plazaError(markWithdrawn(database.db, row))).kind).toBe("conflict");
      expect((await findPracticeByPublicId(database.db, row.publicId!))?.row.status).toBe("draft");
    });

    test("a withdrawn practice cannot be published again", async () => {
      const { row } = await newPractice();
      const withdrawn = await markWithdrawn(database.db, await markPublished(database.db, row));
      expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
      expect((await plazaError(markPublished(database.db, withdrawn))).kind).toBe("conflict");
    });

    test("an edit of a published practice moves its updatedAt; of a draft, not", async () => {
      const draft = await newPractice();
      const editedDraft = await editPractice(database.db, draft, author, { ...parisCard, title: "Draft edit" });
      expect(editedDraft.practice.row.updatedAt).toBeNull();
      const published = await markPublished(database.db, editedDraft.practice.row);
      const editedPublished = await editPractice(database.db, { row: published, card: editedDraft.practice.card }, author, {
        ...parisCard,
        title: "Published edit",
      });
      expect(editedPublished.practice.row.updatedAt!.getTime()).toBeGreaterThanOrEqual(published.updatedAt!.getTime());
      expect(editedPublished.practice.row.status).toBe("published");
    });
  });

  describe("receivePractice", () => {
    let next = 0;
    const receipt = (card: PracticeCard = seoulCard, changes: Partial<ReceivedCard> = {}): ReceivedCard => ({
      iri: `https://remote.test/practices/${++next}`,
      ownerId: remoteCity.id,
      url: `https://remote.test/@seoul/practices/${next}`,
      publishedAt: new Date("2024-03-01T10:00:00Z"),
      updatedAt: null,
      card,
      ...changes,
    });

    test("the first receipt creates version 1, published, not ours", async () => {
      const received = receipt();
      const result = await receivePractice(database.db, received);
      expect(result?.changed).toBe(true);
      expect(result?.practice.row).toMatchObject({
        iri: received.iri,
        ownerId: remoteCity.id,
        local: false,
        status: "published",
        currentVersion: 1,
        url: received.url,
        publishedAt: received.publishedAt,
      });
      const versions = await listVersions(database.db, result!.practice.row.id);
      expect(versions.map((v) => [v.version, v.authorId])).toEqual([[1, null]]);
      expect(versions[0]?.card).toStrictEqual(seoulCard);
    });

    test("an identical second receipt changes nothing", async () => {
      const received = receipt();
      const first = await receivePractice(database.db, received);
      const second = await receivePractice(database.db, { ...received, card: structuredClone(received.card) });
      expect(second?.changed).toBe(false);
      expect(second?.practice.row.currentVersion).toBe(1);
      expect(await versionCount(first!.practice.row.id)).toBe(1);
    });

    test("a changed receipt makes version 2 and keeps version 1", async () => {
      const received = receipt();
      const first = await receivePractice(database.db, received);
      const updatedAt = new Date("2024-04-01T10:00:00Z");
      const second = await receivePractice(database.db, { ...received, updatedAt, card: { ...seoulCard, title: "Seoul, updated" } });
      expect(second?.changed).toBe(true);
      expect(second?.practice.row.currentVersion).toBe(2);
      expect(second?.practice.row.updatedAt).toEqual(updatedAt);
      const id = first!.practice.row.id;
      expect((await findVersion(database.db, id, 1))?.card.title).toBe(seoulCard.title);
      expect((await findVersion(database.db, id, 2))?.card.title).toBe("Seoul, updated");
      expect((await findPracticeByIri(database.db, received.iri))?.card.title).toBe("Seoul, updated");
    });

    test("a receipt claiming another owner is refused and leaves the card unchanged", async () => {
      const received = receipt();
      const first = await receivePractice(database.db, received);
      const hijack = await receivePractice(database.db, {
        ...received,
        ownerId: otherRemoteCity.id,
        card: { ...seoulCard, title: "Hijacked" },
      });
      expect(hijack).toBeUndefined();
      const stored = await findPracticeByIri(database.db, received.iri);
      expect(stored?.row.ownerId).toBe(remoteCity.id);
      expect(stored?.card).toStrictEqual(seoulCard);
      expect(await versionCount(first!.practice.row.id)).toBe(1);
    });

    test("a receipt for one of our own practices is refused", async () => {
      const ours = await newPractice();
      const result = await receivePractice(database.db, receipt(seoulCard, { iri: ours.row.iri, ownerId: owner.id }));
      expect(result).toBeUndefined();
      const stored = await findPracticeByIri(database.db, ours.row.iri);
      expect(stored?.card).toStrictEqual(parisCard);
      expect(stored?.row.local).toBe(true);
      expect(await versionCount(ours.row.id)).toBe(1);
    });

    test("withdrawReceivedPractice marks it withdrawn and later receipts are ignored", async () => {
      const received = receipt();
      const first = await receivePractice(database.db, received);
      expect(await withdrawReceivedPractice(database.db, received.iri, remoteCity.id)).toBe(true);
      const stored = await findPracticeByIri(database.db, received.iri);
      expect(stored?.row.status).toBe("withdrawn");
      expect(stored?.row.withdrawnAt).toBeInstanceOf(Date);
      const later = await receivePractice(database.db, { ...received, card: { ...seoulCard, title: "Back again" } });
      expect(later).toBeUndefined();
      expect((await findPracticeByIri(database.db, received.iri))?.row.status).toBe("withdrawn");
      expect(await versionCount(first!.practice.row.id)).toBe(1);
    });

    test("only the owner can withdraw a received practice, and only once", async () => {
      const received = receipt();
      await receivePractice(database.db, received);
      expect(await withdrawReceivedPractice(database.db, received.iri, otherRemoteCity.id)).toBe(false);
      expect((await findPracticeByIri(database.db, received.iri))?.row.status).toBe("published");
      expect(await withdrawReceivedPractice(database.db, received.iri, remoteCity.id)).toBe(true);
      expect(await withdrawReceivedPractice(database.db, received.iri, remoteCity.id)).toBe(false);
    });

    test("one of our own practices cannot be withdrawn as if received", async () => {
      const ours = await newPractice();
      const published = await markPublished(database.db, ours.row);
      expect(await withdrawReceivedPractice(database.db, published.iri, owner.id)).toBe(false);
      expect((await findPracticeByIri(database.db, published.iri))?.row.status).toBe("published");
    });

    test("withdrawing an unknown practice does nothing", async () => {
      expect(await withdrawReceivedPractice(database.db, "https://remote.test/practices/unknown", remoteCity.id)).toBe(false);
    });
  });
});
