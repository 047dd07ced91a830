/** Loading, empty and error states that say what to do next. */
import type { ReactNode } from "react";
import { ApiError } from "../api/client.js";

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

function advice(error: Error): string {
  if (!(error instanceof ApiError)) return "Reload the page; if it persists, the server log has the details.";
  if (error.status === 0)
    return "Start the server (npm start or bin/arena server) or check the network; this page retries on every live update.";
  if (error.status === 403) return "Your token's roles do not allow this; ask an admin for a token with the role named above.";
  if (error.status === 404) return "It may have been mistyped or never created; go back to the overview.";
  if (error.status >= 500) return "The server failed; its log has the details. This page retries on the next live update.";
  return "";
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      <p>{advice(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
