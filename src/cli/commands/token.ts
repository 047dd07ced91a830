import type { Command } from "commander";
import type { CreatedToken, TokenList } from "../../contracts/tokens.js";
import { ROLES } from "../../core/auth/roles.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { collect, emit, shortTime, table } from "../output.js";

export function registerToken(cli: Command): void {
  const token = cli.command("token").description("create, list and revoke API tokens (needs an admin token)");

  token
    .command("create")
    .description(`create a token; roles: ${ROLES.join(", ")}. The secret is printed once.`)
    .requiredOption("-n, --name <name>", "the token's label; also its principal's name unless --principal is given (created if new)")
    .option("--principal <name-or-id>", "the principal the token acts for (see `arena principal list`)")
    .requiredOption("--role <role>", "a role (repeatable)", collect, [] as string[])
    .action(async (opts: { name: string; role: string[]; principal?: string }, command: Command) => {
      const { api, out } = commandContext(command);
      if (opts.role.length === 0) throw new CliError(`give at least one --role (${ROLES.join(", ")})`, EXIT.usage);
      const bad = opts.role.find((r) => !(ROLES as readonly string[]).includes(r));
      if (bad) throw new CliError(`unknown role "${bad}"; roles are: ${ROLES.join(", ")}`, EXIT.usage);
      const created = await api.request<CreatedToken>("POST", "/v1/tokens", {
        name: opts.name,
        roles: opts.role,
        ...(opts.principal ? { principal: opts.principal } : {}),
      });
      emit(
        out,
        created,
        () =>
          `created token "${created.name}" for principal ${created.principalName} (${created.roles.join(", ")}), id ${created.id}\n${created.token}\nStore it now: it is not shown again.`,
      );
    });

  token.command("list").action(async (_opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    const { tokens } = await api.request<TokenList>("GET", "/v1/tokens");
    emit(out, tokens, () =>
      table(
        ["ID", "NAME", "PRINCIPAL", "ROLES", "PREFIX", "CREATED", "REVOKED"],
        tokens.map((t) => [
          t.id,
          t.name,
          t.principalName ?? "-",
          t.roles.join(","),
          `${t.prefix}…`,
          shortTime(t.createdAt),
          shortTime(t.revokedAt),
        ]),
      ),
    );
  });

  token.command("revoke <id>").action(async (id: string, _opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    await api.request("DELETE", `/v1/tokens/${encodeURIComponent(id)}`);
    emit(out, { revoked: id }, () => `revoked token ${id}`);
  });
}
