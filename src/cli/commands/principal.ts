import type { Command } from "commander";
import type { Principal, PrincipalList } from "../../contracts/tokens.js";
import { ROLES } from "../../core/auth/roles.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { collect, emit, shortTime, table } from "../output.js";

export function registerPrincipal(cli: Command): void {
  const principal = cli.command("principal").description("people and service accounts that tokens act for (needs an admin token)");

  principal
    .command("create <name>")
    .description(`create a principal; roles: ${ROLES.join(", ")}`)
    .requiredOption("--role <role>", "a role (repeatable)", collect, [] as string[])
    .option("--service", "a service account rather than a person")
    .action(async (name: string, opts: { role: string[]; service?: boolean }, command: Command) => {
      const { api, out } = commandContext(command);
      if (opts.role.length === 0) throw new CliError(`give at least one --role (${ROLES.join(", ")})`, EXIT.usage);
      const created = await api.request<Principal>("POST", "/v1/principals", {
        name,
        kind: opts.service ? "service" : "person",
        roles: opts.role,
      });
      emit(
        out,
        created,
        () =>
          `created ${created.kind} "${created.name}" (${created.roles.join(", ")}), id ${created.id}\nGive it a token: arena token create --principal ${created.name} --name ${created.name}-laptop --role ${created.roles[0]}`,
      );
    });

  principal.command("list").action(async (_opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    const { principals } = await api.request<PrincipalList>("GET", "/v1/principals");
    emit(out, principals, () =>
      table(
        ["ID", "NAME", "KIND", "ROLES", "CREATED", "DISABLED"],
        principals.map((p) => [p.id, p.name, p.kind, p.roles.join(","), shortTime(p.createdAt), shortTime(p.disabledAt)]),
      ),
    );
  });

  principal
    .command("disable <name-or-id>")
    .description("disable a principal and every token of it (never the last active admin)")
    .action(async (ref: string, _opts: unknown, command: Command) => {
      const { api, out } = commandContext(command);
      const p = await api.request<Principal>("POST", `/v1/principals/${encodeURIComponent(ref)}/disable`);
      emit(out, p, () => `disabled principal "${p.name}" (${p.id}); its tokens no longer authenticate`);
    });
}
