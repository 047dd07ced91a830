// A tiny "model server": resolves fraud-detector for a few users every second with the Arena SDK,
// and loads the new artifact in the background whenever @champion moves.
// Run: ARENA_URL=... ARENA_TOKEN=... node examples/serve-fraud.mjs
import { createArtifactSwapper, createClient } from "../dist/src/sdk/index.js";

const arena = createClient({ url: process.env.ARENA_URL ?? "http://127.0.0.1:7700", token: process.env.ARENA_TOKEN });
await arena.ready();

// Stand-in for loading model weights from the artifact URI.
const champion = createArtifactSwapper(arena, "fraud-detector", "champion", async (target) => ({ uri: target.artifactUri, loadedAt: new Date().toISOString() }));

const timer = setInterval(() => {
  const answers = ["user-1", "user-2", "user-42"].map((unit) => {
    const r = arena.resolve("fraud-detector", unit);
    return `${unit}→@${r.alias} v${r.version}`;
  });
  console.log(`${new Date().toISOString().slice(11, 19)}  ${answers.join("  ")}  (champion model: ${champion.current()?.uri ?? "loading"})`);
}, 1000);

process.on("SIGINT", async () => {
  clearInterval(timer);
  await arena.close();
  process.exit(0);
});
