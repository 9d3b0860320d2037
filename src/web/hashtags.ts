import { type Theme, labels, themes } from "../practices/card.ts";
import { type SdgGoal, findGoal } from "../practices/sdg.ts";

/** Our page for a hashtag, the `href` the Article's Hashtag names (federation/practices/article.ts `tagUrl`). */
export function tagPath(name: string): string {
  return `/tags/${encodeURIComponent(name)}`;
}

/** What a hashtag stands for, when it is one hashtagsOf makes from a closed vocabulary. */
export type HashtagMeaning =
  | { readonly kind: "sdg"; readonly name: string; readonly goal: SdgGoal }
  | { readonly kind: "theme"; readonly name: string; readonly theme: Theme }
  | { readonly kind: "tag"; readonly name: string };

/**
 * Reads a hashtag name as hashtagsOf writes it (practices/render.ts), ignoring case: "sdg11" is
 * SDG 11, "climateaction" the theme climate_action. `name` comes back in the card's spelling
 * (SDG11, ClimateAction); a free tag keeps the spelling asked for.
 */
export function meaningOf(name: string): HashtagMeaning {
  const goalCode = /^sdg(\d{1,2})$/i.exec(name)?.[1];
  const goal = goalCode === undefined ? undefined : findGoal(goalCode);
  if (goal) return { kind: "sdg", name: `SDG${goal.code}`, goal };
  const theme = themes.find((t) => t.replaceAll("_", "") === name.toLowerCase());
  if (theme) return { kind: "theme", name: themeHashtag(theme), theme };
  return { kind: "tag", name };
}

/** "climate_action" → "ClimateAction", as hashtagsOf spells a theme. */
function themeHashtag(theme: Theme): string {
  return theme
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** A label for what the hashtag stands for (SDG 11's short title, a theme's name), if anything. */
export function meaningLabel(meaning: HashtagMeaning): string | undefined {
  switch (meaning.kind) {
    case "sdg":
      return `Sustainable Development Goal ${meaning.goal.code}: ${meaning.goal.short.en}`;
    case "theme":
      return `Theme: ${labels.theme[meaning.theme]}`;
    case "tag":
      return undefined;
  }
}
