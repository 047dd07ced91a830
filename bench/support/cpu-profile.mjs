// Preloaded with NODE_OPTIONS="--import …/cpu-profile.mjs" (where --cpu-prof is not allowed):
// profiles the whole process and writes a .cpuprofile into ARENA_CPU_PROFILE_DIR on exit.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.ARENA_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  process.once("exit", () => {
    // In-thread inspector sessions answer synchronously, so this runs before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
