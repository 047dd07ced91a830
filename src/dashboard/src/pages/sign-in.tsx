import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";

/** Sign in with an API token. The form never submits to a URL: the token stays out of addresses and history. */
export function SignInPage({ onSignIn, notice }: { onSignIn: (token: string) => Promise<void>; notice: string | null }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return setError("Paste an API token first.");
    setBusy(true);
    setError(null);
    try {
      await onSignIn(value);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? "Arena does not know this token (mistyped, or revoked). Ask an admin for one: arena token create --name you --role viewer"
          : (e as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in" id="content">
      <h1>Arena</h1>
      <p className="muted">Champion/challenger control plane</p>
      <form onSubmit={submit} method="post" aria-describedby="token-help">
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoFocus
          required
          aria-invalid={error !== null}
          aria-errormessage={error ? "token-error" : undefined}
        />
        <p id="token-help" className="help">
          Any token works; buttons appear for what its roles allow. The first start of the server prints an admin token; an admin creates
          others with <code>arena token create --name you --role viewer</code>. It is kept in this tab only, until you sign out or close it.
        </p>
        {error && (
          <p id="token-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
