import type { ReactElement } from "react";
import { percent } from "./format.js";

interface Arm {
  alias: string;
  weight: number;
}

/** The split as a bar and as words ("champion 90 %, challenger 10 %"); shadow calls listed apart. */
export function TrafficBar({ arms, shadow = [] }: { arms: Arm[]; shadow?: Array<{ alias: string; sample: number }> }) {
  const rest = Math.max(0, 1 - arms.reduce((s, a) => s + a.weight, 0));
  const parts = [{ alias: "champion", weight: rest }, ...arms.filter((a) => a.weight > 0)];
  const text = parts.map((p) => `${p.alias} ${percent(p.weight)}`).join(", ");
  const shadowText = shadow.map((s) => `shadow ${s.alias} ${percent(s.sample)}`).join(", ");
  return (
    <span className="traffic">
      <svg className="traffic-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {
          parts.reduce<{ x: number; out: ReactElement[] }>(
            (acc, p, i) => {
              acc.out.push(
                <rect key={p.alias} x={acc.x} y={0} width={p.weight * 100} height={8} className={`arm arm-${i === 0 ? "champion" : i}`} />,
              );
              acc.x += p.weight * 100;
              return acc;
            },
            { x: 0, out: [] },
          ).out
        }
      </svg>
      <span className="traffic-text">
        {text}
        {shadowText && <span className="muted"> · {shadowText}</span>}
      </span>
    </span>
  );
}
