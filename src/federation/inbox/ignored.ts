import { type Activity, getTypeId } from "@fedify/vocab";
import { logger } from "../../logging.ts";

/**
 * Every other activity (Add, Remove, Move, EmojiReact, Lemmy's Lock, …): taken (202) and dropped.
 * Without this listener Fedify would log each one as an error, which it is not.
 */
export function onOtherActivity(activity: Activity): void {
  logger.debug("Ignored {type} {id}", { type: getTypeId(activity).href, id: activity.id?.href });
}
