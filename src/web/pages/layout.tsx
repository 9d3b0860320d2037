import type { Child } from "hono/jsx";
import { can } from "../../accounts/permissions.ts";
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
  ul.field-error { margin: .25rem 0; padding-left: 1.25rem; }
  input.long { width: 100%; max-width: 40rem; } input.short { max-width: 16rem; }
  textarea { width: 100%; max-width: 40rem; padding: .4rem; font: inherit; }
  select { padding: .3rem; }
  [aria-invalid=true] { border: 2px solid #b00000; }
  fieldset { border: 1px solid #8885; border-radius: .25rem; margin: 1.25rem 0; padding: .5rem 1rem 1rem; }
  legend { font-weight: 700; padding: 0 .25rem; }
  fieldset.checkboxes { border: none; padding: 0; margin: .75rem 0; }
  fieldset.checkboxes legend { font-weight: 600; padding: 0; }
  label.checkbox { display: block; font-weight: 400; margin: .15rem 0; }
  .columns { columns: 2 16rem; }
  .hint { color: #666; font-size: .9rem; margin: 0 0 .25rem; }
  .required { font-weight: 400; color: #666; }
  .error-summary { border: 2px solid #b00000; border-radius: .25rem; padding: .5rem 1rem; margin: 1rem 0; }
  .error-summary h2 { margin-top: .25rem; font-size: 1.1rem; }
  .badge { display: inline-block; padding: 0 .5rem; border-radius: .75rem; font-size: .85rem; font-weight: 600; background: #8883; }
  .badge.published { background: #0b6e4f33; } .badge.withdrawn { background: #b0000033; } .badge.draft { background: #c9a00033; }
  a.button { display: inline-block; padding: .3rem .9rem; border: 1px solid #8888; border-radius: .2rem; text-decoration: none; }
  .actions { margin: 1rem 0; }
  .byline, .dates, .meta { color: #666; }
  ul.goals { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
  ul.goals li { border: 1px solid #8886; border-radius: .25rem; padding: 0 .5rem; }
  .goal { font-weight: 700; }
  .hashtag { color: var(--accent); }
  ul.practices { list-style: none; padding: 0; } ul.practices li { padding: .6rem 0; border-bottom: 1px solid #8882; }
  ul.practices a.title { font-weight: 600; font-size: 1.1rem; } ul.practices p { margin: .2rem 0; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #8883; }
  table.diff pre { white-space: pre-wrap; word-break: break-word; margin: 0; font-size: .9rem; }
  table.diff pre.before { background: #b0000014; } table.diff pre.after { background: #0b6e4f14; }
  .notice { background: #8881; padding: .5rem .75rem; border-radius: .25rem; }
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
          <a class="brand" href="/">Plaza</a> <a href="/search">Find practices</a>
          {props.signedIn ? (
            <form class="inline" method="post" action="/sign-out">
              <a href="/feed">Feed</a> · <a href="/notifications">Notifications</a> · {can(props.signedIn.principal, "moderate") ? <><a href="/moderation">Moderation</a> · </> : null}<span>{props.signedIn.account.email} </span>
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
