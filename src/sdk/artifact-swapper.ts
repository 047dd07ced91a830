import type { AliasTarget } from "../core/assignment/snapshot.js";
import type { ArenaClient } from "./types.js";

export interface ArtifactSwapper<T> {
  /** The loaded artifact now serving, undefined until the first load completes. */
  current(): T | undefined;
  /** The alias target of the artifact now serving. */
  currentTarget(): AliasTarget | undefined;
  /** Resolves with the first loaded artifact (at once if there is one). */
  ready(): Promise<T>;
  /** Stops following the alias; the current artifact stays. */
  close(): void;
}

/**
 * Follows one alias: when it moves, loads the new artifact in the background
 * and swaps it in with one assignment, so requests see either the old artifact
 * or the new one, never a half-loaded one. A failed load keeps the old one
 * (the error goes to the client's onError); when moves race, the last one wins.
 *
 * Example: const model = createArtifactSwapper(arena, "fraud-detector", "champion", (t) => loadModel(t.artifactUri));
 *          model.current()?.predict(features);
 */
export function createArtifactSwapper<T>(
  client: ArenaClient,
  program: string,
  alias: string,
  load: (target: AliasTarget) => Promise<T>,
): ArtifactSwapper<T> {
  let serving: { target: AliasTarget; value: T } | undefined;
  let latest = 0;
  const waiting = new Set<(value: T) => void>();

  const unsubscribe = client.onChange(
    program,
    alias,
    async (target) => {
      const ticket = ++latest;
      const value = await load(target);
      // A later move started meanwhile: its load decides what serves.
      if (ticket !== latest) return;
      serving = { target, value };
      for (const resolve of waiting) resolve(value);
      waiting.clear();
    },
    { immediate: true },
  );

  return {
    current: () => serving?.value,
    currentTarget: () => serving?.target,
    ready: () => (serving !== undefined ? Promise.resolve(serving.value) : new Promise<T>((resolve) => waiting.add(resolve))),
    close: unsubscribe,
  };
}
