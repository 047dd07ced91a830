/** Examples shown at the end of each command's `--help`, kept in one table so every command has some (a test checks). */
import type { Command } from "commander";

export const EXAMPLES: Record<string, string[]> = {
  server: [
    "arena server --data-dir /var/lib/arena --port 7700",
    "ARENA_DATABASE_URL=postgres://arena@db/arena arena server   # one of several replicas",
  ],
  demo: ["arena demo --port 7701 --data-dir /tmp/arena-demo --rps 100"],
  "token create": [
    "arena token create --principal alice --name alice-laptop --role operator",
    "arena token create --principal ci --name ci-pipeline --role operator --json",
  ],
  "principal create": [
    "arena principal create alice --role operator --role approver",
    "arena principal create ci --service --role operator",
  ],
  "principal list": ["arena principal list"],
  "principal disable": ["arena principal disable alice   # and every token of it"],
  "change list": ["arena change list", "arena change list --program fraud-detector --status applied"],
  "change show": ["arena change show 3f1c…"],
  "change approve": ['arena change approve 3f1c… --comment "reviewed the diff"', "arena change approve 3f1c… --role data-steward"],
  "change reject": ['arena change reject 3f1c… --reason "not during the incident"'],
  "audit export": [
    "arena audit export -o audit.jsonl   # then, offline: arena audit verify --file audit.jsonl --public-key audit-public-keys.jsonl",
  ],
  "token list": ["arena token list"],
  "token revoke": ["arena token revoke e2a6f5f9-2722-4ac8-b366-ee7d08074c08"],
  "program create": ['arena program create fraud-detector --description "card fraud scoring" --owner ml-fraud'],
  "program list": ["arena program list", "arena program list --json"],
  "program show": ["arena program show fraud-detector"],
  "candidate register": [
    "arena candidate register fraud-detector --artifact s3://models/fraud/48 --metrics metrics.json --commit 9e07d1c --check security-scan=pass",
    "arena candidate register rate-limit-policy --config limits.json",
    "arena candidate register fraud-detector --artifact s3://mlflow/fraud/7 --external-ref mlflow:fraud-detector/7   # again: answers the same version",
  ],
  "candidate list": ["arena candidate list fraud-detector", "arena candidate list fraud-detector --status rejected"],
  "candidate show": ["arena candidate show fraud-detector 2"],
  "candidate retire": ['arena candidate retire fraud-detector 1 --reason "superseded by v2"'],
  "alias set": [
    'arena alias set fraud-detector champion 2 --reason "v48: F1 +0.025 offline"',
    "arena alias set fraud-detector challenger 3 --expect 2 --reason canary   # only if it points at v2 now",
  ],
  "alias get": ["arena alias get fraud-detector champion", "arena alias get fraud-detector champion --at 2026-11-22T01:52:07Z"],
  "alias history": ["arena alias history fraud-detector champion"],
  "alias rollback": ['arena alias rollback fraud-detector champion --reason "false positives up"'],
  "alias delete": ['arena alias delete fraud-detector challenger --reason "canary over"'],
  "traffic get": ["arena traffic get fraud-detector"],
  "traffic set": [
    'arena traffic set fraud-detector --arm challenger=10% --reason "canary v48 at 10%"',
    'arena traffic set fraud-detector --arm challenger=0% --reason "back to the champion"',
  ],
  resolve: [
    "arena resolve fraud-detector user-42",
    "arena resolve fraud-detector --units unit-ids.txt --json   # one snapshot, many units",
  ],
  metrics: ["arena metrics ranker --window 5m", "arena metrics ranker --window 1h --segment region=eu"],
  "metric define": ["arena metric define checkout-api error_rate -f error-rate.json"],
  "metric list": ["arena metric list checkout-api"],
  "metric segments": ["arena metric segments checkout-api --dimension region=eu,us --dimension device=ios,android"],
  apply: ["arena apply -f examples/policies/fraud-detector.yaml"],
  diff: ["arena diff -f examples/policies/fraud-detector.yaml || echo 'apply would change something'"],
  gate: ["arena gate --policy examples/policies/fraud-detector.yaml --candidate metrics-v48.json --champion metrics-v47.json"],
  backtest: [
    "arena backtest --policy policy.yaml --telemetry last-month.jsonl --step 1m",
    "arena backtest --policy policy.yaml --telemetry last-month.jsonl --json --no-progress > report.json",
    "arena backtest --policy policy.yaml --program checkout-api --since 30d --step 1m   # Arena's own stored aggregates",
    "arena backtest --policy policy.yaml --aggregates agg.jsonl",
  ],
  "telemetry export": [
    "arena telemetry export --program checkout-api --since 30d > agg.jsonl",
    "arena telemetry export --program checkout-api --since 2026-11-01T00:00:00Z --until 2026-11-08T00:00:00Z > week.jsonl",
  ],
  "rollout start": ["arena rollout start fraud-detector 2", "arena rollout start ranker 4 5   # two challengers"],
  "rollout pause": ["arena rollout pause ranker"],
  "rollout resume": ["arena rollout resume ranker"],
  "rollout abort": ['arena rollout abort ranker --reason "wrong artifact"'],
  "rollout rollback": ['arena rollout rollback checkout-api --reason "pager: 5xx up"'],
  "rollout promote": ["arena rollout promote ranker"],
  "rollout approve": [
    'arena rollout approve fraud-detector --comment "shadow looks fine"',
    "arena rollout approve fraud-detector --role data-steward",
  ],
  "rollout reject": ['arena rollout reject fraud-detector --reason "fairness ratio too low"'],
  decisions: ["arena decisions checkout-api", "arena decisions checkout-api --limit 5 --verbose"],
  status: ["arena status", "watch -n 5 arena status"],
  freeze: ['arena freeze --reason "incident INC-123"', 'arena freeze --program checkout-api --reason "payment provider outage"'],
  unfreeze: ["arena unfreeze", "arena unfreeze --program checkout-api"],
  "audit list": ["arena audit list --program fraud-detector"],
  "audit verify": [
    "arena audit verify",
    "arena audit verify --state   # also replay aliases, tokens, principals and policies",
    "arena audit verify --file audit.jsonl --public-key audit-public-keys.jsonl",
  ],
  compare: ["arena compare --input stats.json", "arena compare --input stats.json --json | jq '.comparisons[0]'"],
  rollback: ['arena rollback fraud-detector --reason "false-positive complaints from support"'],
  proxy: [
    "arena proxy checkout-api --listen 0.0.0.0:8080 --key header:x-user-id --upstream 7=10.0.0.7:8000 --upstream 8=10.0.0.8:8000",
    "ARENA_TOKEN=$SDK_TOKEN arena proxy checkout-api --default-upstream 7=10.0.0.7:8000   # champion-only until Arena answers",
  ],
  "context add": [
    "arena context add prod --url https://arena.internal --token-env ARENA_PROD_TOKEN --use",
    "arena context add local --url http://127.0.0.1:7700 --token-file ~/.config/arena/local.token",
  ],
  "context use": ["arena context use prod"],
  "context list": ["arena context list"],
  "context show": ["arena context show", "arena --context local context show"],
  "context remove": ["arena context remove old-staging"],
  completion: [
    "arena completion bash > /etc/bash_completion.d/arena",
    'arena completion zsh > "${fpath[1]}/_arena"',
    "arena completion fish > ~/.config/fish/completions/arena.fish",
  ],
};

/** "alias set" for the `set` command under `alias`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Adds each command's examples to its help. */
export function applyExamples(cli: Command): void {
  const visit = (c: Command) => {
    const examples = EXAMPLES[commandPath(c)];
    if (examples) c.addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`);
    c.commands.forEach(visit);
  };
  cli.commands.forEach(visit);
}
