export function SignIn(props: { email?: string; error?: string }) {
  return (
    <>
      <h1>Sign in</h1>
      {props.error ? <p class="field-error" role="alert">{props.error}</p> : null}
      <form method="post" action="/sign-in">
        <label for="email">Email</label>
        <input type="email" id="email" name="email" required autocomplete="username" value={props.email ?? ""} />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" required autocomplete="current-password" />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </>
  );
}
