/**
 * The signed-in token lives in sessionStorage only: gone when the tab closes,
 * never in a URL (no query parameter, no fragment), never logged.
 */
const KEY = "arena.token";

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
