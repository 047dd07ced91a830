/** Sample ratio (expected vs observed share per arm) and error-budget burn rates per SLO rule. */
import type { BurnRow, SrmArm } from "../api/types.js";
import { VerdictBadge } from "../components/badges.js";
import { percent } from "../components/format.js";
import { srmVerdict } from "./data.js";

/** `srm` null: no observation (burn-in watches the promoted version alone, or nothing was evaluated). */
export function SampleRatio({ arms, srm }: { arms: SrmArm[]; srm: { valid: boolean; summary: string; checked?: boolean } | null }) {
  const total = arms.reduce((s, a) => s + a.exposures, 0);
  return (
    <div>
      <p>
        <VerdictBadge verdict={srm === null ? "skipped" : srmVerdict(srm)} />{" "}
        {srm?.summary || (srm === null ? "Not checked: no challenger shares traffic with the champion now." : "")}
      </p>
      {arms.length > 0 && (
        <div className="table-wrap">
          <table className="srm">
            <caption className="sr-only">Expected and observed share of exposures per arm in the current step</caption>
            <thead>
              <tr>
                <th scope="col">Arm</th>
                <th scope="col">Expected</th>
                <th scope="col">Observed</th>
                <th scope="col">Exposures</th>
                <th scope="col">
                  <span className="sr-only">Bars</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {arms.map((a) => {
                const observed = total > 0 ? a.exposures / total : 0;
                return (
                  <tr key={a.version}>
                    <th scope="row">
                      v{a.version} ({a.alias})
                    </th>
                    <td>{percent(a.expectedShare)}</td>
                    <td>{total > 0 ? percent(observed) : "—"}</td>
                    <td>{a.exposures}</td>
                    <td className="bars">
                      <svg viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect className="expected" x={0} y={1} width={a.expectedShare * 100} height={5} />
                        <rect className="observed" x={0} y={8} width={observed * 100} height={5} />
                      </svg>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="legend-line">
            <span className="lg-expected" aria-hidden="true" /> expected <span className="lg-observed" aria-hidden="true" /> observed
          </p>
        </div>
      )}
    </div>
  );
}

const rate = (x: number | null) => (x === null ? "no data" : `${x.toFixed(x < 10 ? 2 : 1)}×`);

/**
 * `sloCount`: SLOs in the program's policy (null: no policy). The "add `slos:`" advice is only for a
 * policy without any; a rollout whose policy has SLOs but no rows says why there are none.
 */
export function BurnRates({ rows, sloCount, ended }: { rows: BurnRow[]; sloCount: number | null; ended: boolean }) {
  if (rows.length === 0) {
    if (sloCount === null || sloCount === 0)
      return (
        <p className="muted">
          No SLOs in the policy: add <code>slos:</code> to watch error-budget burn.
        </p>
      );
    return (
      <p className="muted">
        {ended
          ? "The burn rates this rollout ended on are not available: its decisions below say what was judged."
          : "No burn rates evaluated yet."}{" "}
        The policy has {sloCount} SLO{sloCount === 1 ? "" : "s"}.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="burn">
        <caption className="sr-only">
          Error-budget burn rate per SLO rule and version; a rule fires when both windows reach its limit
        </caption>
        <thead>
          <tr>
            <th scope="col">SLO and version</th>
            <th scope="col">Short window</th>
            <th scope="col">Long window</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b, i) => (
            <tr key={i}>
              <th scope="row">
                {b.slo} {+(b.objective * 100).toFixed(3)} % · v{b.version}
                <span className="condition-label">
                  {b.severity} when both windows burn ≥ {b.limit}×
                </span>
              </th>
              <td className="nowrap">
                <BurnBar value={b.shortBurnRate} limit={b.limit} /> {rate(b.shortBurnRate)} <span className="muted">({b.short})</span>
              </td>
              <td className="nowrap">
                <BurnBar value={b.longBurnRate} limit={b.limit} /> {rate(b.longBurnRate)} <span className="muted">({b.long})</span>
              </td>
              <td title={b.reason}>
                <VerdictBadge verdict={b.verdict === "no_data" ? "no_data" : b.verdict === "fired" ? "fail" : "pass"} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="legend-line">
        Bars run to twice the limit; the tick is the limit. 1× spends the error budget exactly over the SLO period.
      </p>
    </div>
  );
}

/** Bar up to twice the limit; the limit drawn as a tick. */
function BurnBar({ value, limit }: { value: number | null; limit: number }) {
  const scale = (x: number) => Math.min(100, (x / (2 * limit)) * 100);
  return (
    <svg className="burn-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="track" x={0} y={2} width={100} height={6} />
      {value !== null && <rect className={value > limit ? "over" : "under"} x={0} y={2} width={scale(value)} height={6} />}
      <line className="limit" x1={50} x2={50} y1={0} y2={10} />
    </svg>
  );
}
