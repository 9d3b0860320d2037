import { Hono } from "hono";
import { authenticate, signInProblem } from "../../accounts/accounts.ts";
import type { Database } from "../../db/client.ts";
import type { WebEnv } from "../env.ts";
import { setFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { SignIn } from "../pages/sign-in.tsx";
import { signIn, signOut } from "../session.ts";
import { formText } from "./forms.ts";

export function signInRoutes(db: Database): Hono<WebEnv> {
  return new Hono<WebEnv>()
    .get("/sign-in", (c) =>
      c.html(
        <Layout title="Sign in" signedIn={c.var.signedIn}>
          <SignIn />
        </Layout>,
      ),
    )
    .post("/sign-in", async (c) => {
      const form = await c.req.formData();
      const email = formText(form, "email");
      const result = await authenticate(db, email, formText(form, "password"));
      if (result.kind !== "signed_in") {
        const problem = signInProblem(result);
        if (problem.retryAfter !== undefined) c.header("Retry-After", String(problem.retryAfter));
        return c.html(
          <Layout title="Sign in" signedIn={undefined}>
            <SignIn email={email} error={problem.message} />
          </Layout>,
          result.kind === "locked" ? 429 : 401,
        );
      }
      const account = result.account;
      await signIn(c, db, account.id);
      setFlash(c, { kind: "notice", message: "You are signed in." });
      return c.redirect("/", 303);
    })
    .post("/sign-out", async (c) => {
      await signOut(c, db);
      return c.redirect("/", 303);
    });
}
