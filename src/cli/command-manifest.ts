/**
 * The top-level commands, with what `arena --help` shows for them, and the module that defines each.
 * `arena X` loads only X's module, so a command pays for the libraries it uses and no other
 * (`arena --help` loads none). A test checks this list against the commands the modules define.
 */
import type { Command } from "commander";

type Register = (cli: Command) => void;

export interface ManifestEntry {
  /** The top-level commands the module registers, with their usage and one-line description as help shows them. */
  commands: Array<{ name: string; usage: string; description: string }>;
  load: () => Promise<Register>;
}

export const MANIFEST: ManifestEntry[] = [
  {
    commands: [
      {
        name: "server",
        usage: "[options]",
        description: "run the Arena server on embedded SQLite, or on PostgreSQL with --database-url (several replicas)",
      },
    ],
    load: async () => (await import("./commands/server.js")).registerServer,
  },
  {
    commands: [
      { name: "demo", usage: "[options]", description: "run the server on embedded SQLite with demo programs and live simulated traffic" },
    ],
    load: async () => (await import("./commands/demo.js")).registerDemo,
  },
  {
    commands: [{ name: "token", usage: "", description: "create, list and revoke API tokens (needs an admin token)" }],
    load: async () => (await import("./commands/token.js")).registerToken,
  },
  {
    commands: [{ name: "principal", usage: "", description: "people and service accounts that tokens act for (needs an admin token)" }],
    load: async () => (await import("./commands/principal.js")).registerPrincipal,
  },
  {
    commands: [{ name: "change", usage: "", description: "change requests: protected changes waiting for a second principal" }],
    load: async () => (await import("./commands/change.js")).registerChange,
  },
  {
    commands: [{ name: "program", usage: "", description: "create, list and show programs" }],
    load: async () => (await import("./commands/program.js")).registerProgram,
  },
  {
    commands: [{ name: "candidate", usage: "", description: "register, list, show and retire candidate versions" }],
    load: async () => (await import("./commands/candidate.js")).registerCandidate,
  },
  {
    commands: [{ name: "alias", usage: "", description: "move, read and roll back aliases (@champion, @challenger, …)" }],
    load: async () => (await import("./commands/alias.js")).registerAlias,
  },
  {
    commands: [{ name: "traffic", usage: "", description: "read and set a program's traffic split" }],
    load: async () => (await import("./commands/traffic.js")).registerTraffic,
  },
  {
    commands: [
      {
        name: "resolve",
        usage: "[options] <program> [unit]",
        description: "which version serves this unit (same local evaluation as the SDK)",
      },
    ],
    load: async () => (await import("./commands/resolve.js")).registerResolve,
  },
  {
    commands: [
      {
        name: "metrics",
        usage: "[options] <program>",
        description: "per-variant SLIs over a window, from stored telemetry (and Prometheus for gauges)",
      },
      { name: "metric", usage: "", description: "define and list a program's metrics" },
    ],
    load: async () => (await import("./commands/metrics.js")).registerMetrics,
  },
  {
    commands: [
      {
        name: "apply",
        usage: "[options]",
        description: "apply a policy file (idempotent): creates the program if needed, installs metrics, segments, gates, rollout plan",
      },
      { name: "diff", usage: "[options]", description: "what `arena apply` would change (exit 1 when something would)" },
    ],
    load: async () => (await import("./commands/policy.js")).registerPolicy,
  },
  {
    commands: [
      {
        name: "gate",
        usage: "[options]",
        description: "check a candidate's offline metrics against a policy's registry and pre-production gates (offline, for CI)",
      },
    ],
    load: async () => (await import("./commands/gate.js")).registerGate,
  },
  {
    commands: [
      {
        name: "backtest",
        usage: "[options]",
        description:
          "replay recorded telemetry or Arena's stored aggregates through the controller with a simulated clock: what the policy would have decided, and when",
      },
    ],
    load: async () => (await import("./commands/backtest.js")).registerBacktest,
  },
  {
    commands: [{ name: "rollout", usage: "", description: "start and steer rollouts (challengers against the champion)" }],
    load: async () => (await import("./commands/rollout.js")).registerRollout,
  },
  {
    commands: [{ name: "decisions", usage: "[options] <program>", description: "decision records with their plain-language summaries" }],
    load: async () => (await import("./commands/decisions.js")).registerDecisions,
  },
  {
    commands: [
      {
        name: "status",
        usage: "",
        description: "every program: champion, running rollout with progress, what it waits for, latest decision",
      },
    ],
    load: async () => (await import("./commands/status.js")).registerStatus,
  },
  {
    commands: [{ name: "telemetry", usage: "", description: "stored telemetry of a program" }],
    load: async () => (await import("./commands/telemetry-export.js")).registerTelemetryExport,
  },
  {
    commands: [
      {
        name: "freeze",
        usage: "[options]",
        description: "hold every promotion and ramp (rollbacks still happen), globally or for one program",
      },
      { name: "unfreeze", usage: "[options]", description: "lift a freeze" },
    ],
    load: async () => (await import("./commands/freeze.js")).registerFreeze,
  },
  {
    commands: [{ name: "audit", usage: "", description: "read, verify and export the signed, tamper-evident audit trail" }],
    load: async () => (await import("./commands/audit.js")).registerAudit,
  },
  {
    commands: [
      {
        name: "compare",
        usage: "[options]",
        description: "compare challengers with the champion from sufficient statistics (offline; no server needed)",
      },
    ],
    load: async () => (await import("./commands/compare.js")).registerCompare,
  },
  {
    commands: [
      {
        name: "rollback",
        usage: "[options] <program>",
        description: "move @champion back to the version before its latest move (same as `alias rollback PROGRAM champion`)",
      },
    ],
    load: async () => (await import("./commands/rollback.js")).registerRollback,
  },
  {
    commands: [
      {
        name: "proxy",
        usage: "[options] <program>",
        description:
          "run HAProxy (apt-get install haproxy) in front of a service's builds: splits traffic as the SDK does, follows Arena live, shadows, ships telemetry",
      },
    ],
    load: async () => (await import("./commands/proxy.js")).registerProxy,
  },
  {
    commands: [
      { name: "context", usage: "", description: "named server contexts (URL and where the token comes from) in your config file" },
    ],
    load: async () => (await import("./commands/context.js")).registerContext,
  },
  {
    commands: [{ name: "completion", usage: "<shell>", description: "print a shell completion script (bash, zsh or fish)" }],
    load: async () => (await import("./commands/completion.js")).registerCompletion,
  },
];

/** The entry that defines top-level command `name`, if any. */
export function entryFor(name: string): ManifestEntry | undefined {
  return MANIFEST.find((e) => e.commands.some((c) => c.name === name));
}
