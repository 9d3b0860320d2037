import type { Federation } from "@fedify/fedify";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { accounts, practices } from "../db/schema.ts";
import { plazaVersion } from "../version.ts";

/** NodeInfo 2.1: who we are, for server directories and for other servers deciding how to talk to us. */
export function registerNodeInfo(federation: Federation<void>, db: Database): void {
  federation.setNodeInfoDispatcher("/nodeinfo/2.1", async () => {
    const [members] = await db.select({ n: count() }).from(accounts);
    const [published] = await db
      .select({ n: count() })
      .from(practices)
      .where(and(eq(practices.local, true), eq(practices.status, "published")));
    return {
      software: {
        name: "plaza",
        version: plazaVersion,
      },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: {
        users: { total: members?.n ?? 0 },
        localPosts: published?.n ?? 0,
        localComments: 0,
      },
    };
  });
}
