import type { ActorRow } from "../../actors/model.ts";
import { handleOf } from "../../actors/model.ts";
import type { PostWithAuthor, PracticeWithOwner } from "../queries.ts";
import { FediversePosts } from "./posts.tsx";
import { PracticeList } from "./practice.tsx";

export function Home(props: {
  host: string;
  cities: readonly ActorRow[];
  networks: readonly ActorRow[];
  practices: readonly PracticeWithOwner[];
  posts: readonly PostWithAuthor[];
}) {
  return (
    <>
      <h1>Open-government practices on {props.host}</h1>
      <p>
        Cities and city networks publish what they learned opening up government. Follow them from any
        ActivityPub server, Mastodon included.
      </p>
      <section>
        <h2>Newest practices</h2>
        <PracticeList items={props.practices} empty="No practice has been published here yet, nor received from another server." />
      </section>
      <FediversePosts posts={props.posts} />
      <ActorList title="Cities" actors={props.cities} empty="No city has been set up on this server yet." />
      <ActorList title="Networks" actors={props.networks} empty="No network has been set up on this server yet." />
    </>
  );
}

function ActorList(props: { title: string; actors: readonly ActorRow[]; empty: string }) {
  return (
    <section>
      <h2>{props.title}</h2>
      {props.actors.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="actors">
          {props.actors.map((actor) => (
            <li>
              <a href={actor.url ?? actor.iri}>{actor.name}</a> <span class="handle">{handleOf(actor)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
