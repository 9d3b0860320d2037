import { type ActorRow, handleOf } from "../../actors/model.ts";
import { type CollectedPractice, type CollectionRow, collectionLimits } from "../../practices/collections.ts";
import { placeLine } from "../../practices/render.ts";
import { OwnerLine, formatDate, practicePath } from "./practice.tsx";

export const collectionPath = (collection: CollectionRow) => `/collections/${collection.publicId}`;

/** A city's or network's collections, and the form to start one for those who curate. */
export function CollectionsPage(props: { owner: ActorRow; collections: readonly CollectionRow[]; curator: boolean }) {
  const { owner } = props;
  return (
    <>
      <h1>Collections of {owner.name}</h1>
      <p class="handle">
        <a href={`/@${owner.username}`}>{handleOf(owner)}</a>
      </p>
      {props.collections.length === 0 ? <p>No collection yet.</p> : null}
      <ul class="collections">
        {props.collections.map((collection) => (
          <li>
            <a class="title" href={collectionPath(collection)}>
              {collection.name}
            </a>
            {collection.summary ? <p class="summary">{collection.summary}</p> : null}
          </li>
        ))}
      </ul>
      {props.curator ? (
        <form method="post" action={`/@${owner.username}/collections`} id="new-collection">
          <h2>New collection</h2>
          <label for="collection-name">Name</label>
          <input type="text" id="collection-name" name="name" maxlength={collectionLimits.name} required />
          <label for="collection-summary">What it gathers</label>
          <p class="hint">Plain text, at most {collectionLimits.summary} characters. Shown with the collection here and on other servers.</p>
          <textarea id="collection-summary" name="summary" rows={3} maxlength={collectionLimits.summary}></textarea>
          <p>
            <button type="submit">Create the collection</button>
          </p>
        </form>
      ) : null}
    </>
  );
}

/** One collection: what it gathers, each practice with the curator's note, and a way to take one out for its curators. */
export function CollectionPage(props: { collection: CollectionRow; owner: ActorRow; items: readonly CollectedPractice[]; curator: boolean }) {
  const { collection, owner } = props;
  return (
    <>
      <p>Collection</p>
      <h1>{collection.name}</h1>
      <p class="byline">
        Curated by <OwnerLine owner={owner} /> · updated {formatDate(collection.updatedAt)}
      </p>
      {collection.summary ? <p>{collection.summary}</p> : null}
      {props.items.length === 0 ? <p>Nothing in it yet. Practices are added from their own pages.</p> : null}
      <ul class="practices">
        {props.items.map(({ item, practice, owner: city }) => (
          <li>
            <a class="title" href={practicePath(practice)} lang={practice.card.language}>
              {practice.card.title}
            </a>
            <p class="meta">
              {placeLine(practice.card)} · <OwnerLine owner={city} />
            </p>
            {item.note ? <blockquote class="curator-note">{item.note}</blockquote> : null}
            {props.curator ? (
              <form class="inline" method="post" action={`${collectionPath(collection)}/items/${item.id}/remove`}>
                <button type="submit">Take it out</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {props.curator ? <CollectionSettings collection={collection} /> : null}
    </>
  );
}

/** For curators: rename the collection, say again what it gathers, or delete it. */
function CollectionSettings(props: { collection: CollectionRow }) {
  const { collection } = props;
  const base = collectionPath(collection);
  return (
    <section class="collection-settings">
      <form method="post" action={base} id="edit-collection">
        <h2>Edit the collection</h2>
        <label for="edit-collection-name">Name</label>
        <input type="text" id="edit-collection-name" name="name" value={collection.name} maxlength={collectionLimits.name} required />
        <label for="edit-collection-summary">What it gathers</label>
        <textarea id="edit-collection-summary" name="summary" rows={3} maxlength={collectionLimits.summary}>
          {collection.summary}
        </textarea>
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
      <form method="post" action={`${base}/delete`}>
        <p class="hint">Deleting takes every practice out of it first, and tells the servers that follow.</p>
        <button type="submit">Delete the collection</button>
      </form>
    </section>
  );
}

/** On a practice's page: the collections here that hold it, and, for curators, a form to add it to one of theirs. */
export function CollectionsOfPractice(props: {
  practicePublicId: string;
  holding: readonly { collection: CollectionRow; owner: ActorRow }[];
  curatable: readonly { collection: CollectionRow; owner: ActorRow }[];
}) {
  const addable = props.curatable.filter(({ collection }) => !props.holding.some((h) => h.collection.id === collection.id));
  if (props.holding.length === 0 && addable.length === 0) return null;
  return (
    <section class="collections">
      {props.holding.length > 0 ? (
        <>
          <h2>In collections</h2>
          <ul>
            {props.holding.map(({ collection, owner }) => (
              <li>
                <a href={collectionPath(collection)}>{collection.name}</a> by {owner.name}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {addable.length > 0 ? (
        <form method="post" action="/collections/add" id="add-to-collection">
          <h2>Add to a collection</h2>
          <input type="hidden" name="practice" value={props.practicePublicId} />
          <label for="collection-choice">Collection</label>
          <select id="collection-choice" name="collection">
            {addable.map(({ collection, owner }) => (
              <option value={collection.publicId}>
                {collection.name} ({owner.name})
              </option>
            ))}
          </select>
          <label for="collection-note">Why it belongs there</label>
          <p class="hint">Plain text, at most {collectionLimits.note} characters; optional. Shown beside the practice in the collection.</p>
          <textarea id="collection-note" name="note" rows={2} maxlength={collectionLimits.note}></textarea>
          <p>
            <button type="submit">Add it</button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
