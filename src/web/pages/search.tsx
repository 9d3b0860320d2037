import type { FoundPractice } from "../../practices/search.ts";
import { sdgGoals } from "../../practices/sdg.ts";
import { PracticeList } from "./practice.tsx";

/** Finding practices, ours and those kept from other servers, by words and by SDG goal. */
export function SearchPage(props: { text: string; goal: string; results: readonly FoundPractice[] | undefined }) {
  return (
    <>
      <h1>Find practices</h1>
      <form method="get" action="/search" class="search" role="search">
        <label for="search-text">Words</label>
        <p class="hint">Every word must appear in the title, summary, challenge, solution, place, lead institution or tags.</p>
        <input type="search" id="search-text" name="q" value={props.text} maxlength={200} />
        <label for="search-goal">Sustainable Development Goal</label>
        <select id="search-goal" name="goal">
          <option value="">Any goal</option>
          {sdgGoals.map((goal) => (
            <option value={goal.code} selected={goal.code === props.goal}>
              {`SDG ${goal.code}: ${goal.short.en}`}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
      {props.results === undefined ? null : (
        <section>
          <h2>
            {props.results.length === 0 ? "No practice found" : `${props.results.length}${props.results.length === 50 ? " or more" : ""} practices found`}
          </h2>
          <PracticeList items={props.results} empty="Try fewer or other words, or another goal." />
        </section>
      )}
    </>
  );
}
