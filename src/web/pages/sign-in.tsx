export function SignIn(props: { email?: string; error?: string }) {
  return (
    <>
      <h1>Sign in</h1>
      {props.error ? <p class="field-error" role="alert">{props.error}</p> : null}
      <form method="post" action="/sign-in">
        <CredentialFields email={props.email} />
      </form>
    </>
  );
}

/** Email, password and the button: the sign-in page's, and the OAuth consent page's when no one is signed in. */
export function CredentialFields(props: { email?: string }) {
  return (
    <>
      <label for="email">Email</label>
      <input type="email" id="email" name="email" required autocomplete="username" value={props.email ?? ""} />
      <label for="password">Password</label>
      <input type="password" id="password" name="password" required autocomplete="current-password" />
      <p>
        <button type="submit">Sign in</button>
      </p>
    </>
  );
}
