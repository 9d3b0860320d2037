import { type ActorRow, handleOf, kindOf } from "../../actors/model.ts";
import type { Practice } from "../../practices/store.ts";
import type { FollowListing } from "../../social/follows.ts";
import type { PostRow } from "../../social/posts.ts";
import { webHref } from "../links.ts";
import { NoteForm, NoteList } from "./note.tsx";
import { PracticeList } from "./practice.tsx";

const kindLabels = { city: "City", network: "Network", member: "Member", instance: "Server", service: "Service" } as const;

export interface ActorPageProps {
  readonly actor: ActorRow;
  readonly followerCount: number;
  readonly followingCount: number;
  readonly followers: readonly FollowListing[];
  readonly following: readonly FollowListing[];
  /** A signed-in member's own actor, on someone else's page: whether they follow it in their name. */
  readonly followAs?: { readonly me: ActorRow; readonly following: boolean };
  /** Present when the signed-in member may manage this actor's follows. */
  readonly manage?: { readonly requests: readonly FollowListing[]; readonly outgoingRequests: readonly FollowListing[] };
  /** A city's or network's published practices, one page of them; absent for other actors. */
  readonly practices?: { readonly items: readonly Practice[]; readonly olderHref: string | undefined };
  /** Its drafts, for the members who may edit them. */
  readonly drafts?: readonly Practice[];
  readonly canWritePractices?: boolean;
  /** A member's notes; absent for other actors. */
  readonly notes?: readonly PostRow[];
  /** The member's own page: the note form is shown. */
  readonly canPostNote?: boolean;
}

export function ActorPage(props: ActorPageProps) {
  const { actor, manage } = props;
  const base = `/@${actor.username}`;
  return (
    <>
      <p>{kindLabels[kindOf(actor)]}</p>
      <h1>{actor.name}</h1>
      <p class="handle">{handleOf(actor)}</p>
      {actor.summary ? <p>{actor.summary}</p> : null}
      <p>
        {props.followerCount} followers · following {props.followingCount}
        {actor.manuallyApprovesFollowers ? " · approves followers by hand" : ""}
      </p>

      {props.followAs ? (
        <form method="post" action={`/@${props.followAs.me.username}/${props.followAs.following ? "unfollow" : "follow"}`} class="follow-as">
          <input type="hidden" name={props.followAs.following ? "actor" : "handle"} value={actor.iri} />
          <button type="submit">{props.followAs.following ? "Stop following in your name" : "Follow in your name"}</button>
        </form>
      ) : null}

      {actor.local && (kindOf(actor) === "city" || kindOf(actor) === "network") ? (
        <p>
          <a href={`${base}/collections`}>Collections</a>
        </p>
      ) : null}

      {props.practices ? (
        <section>
          <h2>Practices</h2>
          {props.canWritePractices ? (
            <p>
              <a class="button" href={`${base}/practices/new`}>
                New practice
              </a>
            </p>
          ) : null}
          <PracticeList items={props.practices.items.map((practice) => ({ practice }))} empty="No practice published yet." />
          {props.practices.olderHref ? (
            <p>
              <a href={props.practices.olderHref} rel="next">
                Older
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      {props.canPostNote ? <NoteForm /> : null}
      {props.notes ? <NoteList notes={props.notes} /> : null}
      {props.drafts ? (
        <section>
          <h2>Drafts</h2>
          <PracticeList items={props.drafts.map((practice) => ({ practice }))} empty="No drafts." />
        </section>
      ) : null}

      {manage ? (
        <section>
          <h2>Follow a city or network</h2>
          <form method="post" action={`${base}/follow`}>
            <label for="handle">Handle on any server</label>
            <input type="text" id="handle" name="handle" required placeholder="@seoul@plaza.example.org" />
            <p>
              <button type="submit">Follow</button>
            </p>
          </form>
          <h2>Follow requests</h2>
          {manage.requests.length === 0 ? <p>No one is waiting for approval.</p> : null}
          <ul class="actors">
            {manage.requests.map(({ actor: requester }) => (
              <li>
                <ActorLink actor={requester} />{" "}
                <form class="inline" method="post" action={`${base}/followers/approve`}>
                  <input type="hidden" name="actor" value={requester.iri} />
                  <button type="submit">Approve</button>
                </form>{" "}
                <form class="inline" method="post" action={`${base}/followers/reject`}>
                  <input type="hidden" name="actor" value={requester.iri} />
                  <button type="submit">Reject</button>
                </form>
              </li>
            ))}
          </ul>
          {manage.outgoingRequests.length > 0 ? (
            <>
              <h2>Waiting for approval</h2>
              <ul class="actors">
                {manage.outgoingRequests.map(({ actor: target }) => (
                  <li>
                    <ActorLink actor={target} /> <Unfollow base={base} actor={target} label="Withdraw" />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <section>
        <h2>Following</h2>
        {props.following.length === 0 ? <p>Not following anyone yet.</p> : null}
        <ul class="actors">
          {props.following.map(({ actor: followed }) => (
            <li>
              <ActorLink actor={followed} /> {manage ? <Unfollow base={base} actor={followed} label="Unfollow" /> : null}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Followers</h2>
        {props.followers.length === 0 ? <p>No followers yet.</p> : null}
        <ul class="actors">
          {props.followers.map(({ actor: follower }) => (
            <li>
              <ActorLink actor={follower} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function ActorLink(props: { actor: ActorRow }) {
  return (
    <>
      {/* A remote actor's `url` is what its server sent: only a web address becomes a link. */}
      <a href={webHref(props.actor.url) ?? props.actor.iri}>{props.actor.name}</a> <span class="handle">{handleOf(props.actor)}</span>
    </>
  );
}

function Unfollow(props: { base: string; actor: ActorRow; label: string }) {
  return (
    <form class="inline" method="post" action={`${props.base}/unfollow`}>
      <input type="hidden" name="actor" value={props.actor.iri} />
      <button type="submit">{props.label}</button>
    </form>
  );
}
