import type { Child } from "hono/jsx";
import type { Flash } from "../flash.ts";
import type { SignedIn } from "../session.ts";

const styles = `
  :root { color-scheme: light dark; --accent: #0b6e4f; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 60rem; margin: 0 auto; padding: 0 1rem 3rem; }
  header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #8884; padding: .75rem 0; }
  header a.brand { font-weight: 700; font-size: 1.25rem; color: var(--accent); text-decoration: none; }
  .flash { padding: .5rem .75rem; border-radius: .25rem; margin: 1rem 0; }
  .flash.notice { background: #0b6e4f22; } .flash.error { background: #b0000022; }
  .handle { color: #666; font-family: ui-monospace, monospace; }
  form.inline { display: inline; }
  label { display: block; margin: .5rem 0 .25rem; font-weight: 600; }
  input[type=text], input[type=email], input[type=password] { width: 100%; max-width: 24rem; padding: .4rem; }
  button { padding: .35rem .9rem; cursor: pointer; }
  ul.actors { list-style: none; padding: 0; } ul.actors li { padding: .35rem 0; border-bottom: 1px solid #8882; }
  .field-error { color: #b00000; }
`;

export function Layout(props: { title: string; signedIn: SignedIn | undefined; flash?: Flash | undefined; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Plaza</title>
        <style>{styles}</style>
      </head>
      <body>
        <header>
          <a class="brand" href="/">Plaza</a>
          {props.signedIn ? (
            <form class="inline" method="post" action="/sign-out">
              <span>{props.signedIn.account.email} </span>
              <button type="submit">Sign out</button>
            </form>
          ) : (
            <a href="/sign-in">Sign in</a>
          )}
        </header>
        {props.flash ? (
          <p class={`flash ${props.flash.kind}`} role={props.flash.kind === "error" ? "alert" : "status"}>
            {props.flash.message}
          </p>
        ) : null}
        <main>{props.children}</main>
      </body>
    </html>
  );
}
