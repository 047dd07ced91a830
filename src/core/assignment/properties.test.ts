/** Property tests of the assignment: sticky, ramp-monotone, independent, uniform, exact shares. */
import chisquare from "@stdlib/stats-base-dists-chisquare";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assign, compilePlan, assignCompiled } from "./assign.js";
import { bucketOf } from "./hash.js";
import { armRange, BUCKET_SPACE, CHAMPION, CURRENT_HASH_VERSION, planProblems, type TrafficPlan } from "./traffic-plan.js";

const unitId = fc.string({ unit: "binary", maxLength: 40 });
const seed = fc.string({ maxLength: 20 });

/** A valid plan: distinct slots, distinct non-champion aliases, weights within 1/slots. */
const validPlan: fc.Arbitrary<TrafficPlan> = fc.integer({ min: 1, max: 64 }).chain((slots) =>
  fc.record({
    hashVersion: fc.constant(CURRENT_HASH_VERSION),
    seed,
    slots: fc.constant(slots),
    arms: fc
      .uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { maxLength: Math.min(slots, 6) })
      .chain((armSlots) =>
        fc.tuple(...armSlots.map((slot) => fc.double({ min: 0, max: 1 / slots, noNaN: true }).map((weight) => ({ slot, weight })))),
      )
      .map((arms) => arms.map((arm, i) => ({ alias: `challenger-${i}`, ...arm }))),
    shadow: fc
      .array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 })
      .map((samples) => samples.map((sample, i) => ({ alias: `shadow-${i}`, sample }))),
    overrides: fc.dictionary(fc.string({ maxLength: 6 }), fc.constantFrom(CHAMPION, "challenger-0", "debug"), { maxKeys: 3 }),
  }),
);

function plan(partial: Partial<TrafficPlan>): TrafficPlan {
  return { hashVersion: CURRENT_HASH_VERSION, seed: "s", slots: 1, arms: [], shadow: [], overrides: {}, ...partial };
}

/** Upper-tail p-value of a chi-square statistic. */
function chiSquareP(statistic: number, degreesOfFreedom: number): number {
  return 1 - chisquare.cdf(statistic, degreesOfFreedom);
}

describe("assignment properties", () => {
  it("is sticky: the same unit always gets the same answer, compiled or not", () => {
    fc.assert(
      fc.property(validPlan, unitId, (p, id) => {
        const compiled = compilePlan(p);
        expect(assignCompiled(compiled, id)).toEqual(assign(p, id));
        expect(assignCompiled(compiled, id)).toEqual(assignCompiled(compiled, id));
      }),
    );
  });

  it("is ramp-monotone: raising one arm's weight only moves champion units onto that arm", () => {
    fc.assert(
      fc.property(
        validPlan.filter((p) => p.arms.length > 0),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(unitId, { minLength: 20, maxLength: 60 }),
        (before, pick, raise, ids) => {
          const index = pick % before.arms.length;
          const arm = before.arms[index]!;
          const weight = arm.weight + (1 / before.slots - arm.weight) * raise;
          const after = { ...before, arms: before.arms.map((a, i) => (i === index ? { ...a, weight } : a)) };
          for (const id of ids) {
            const was = assign(before, id).alias;
            const now = assign(after, id).alias;
            if (was !== now) {
              expect(was).toBe(CHAMPION);
              expect(now).toBe(arm.alias);
            }
          }
        },
      ),
    );
  });

  it("keeps every arm inside its own slot, so ranges are disjoint", () => {
    fc.assert(
      fc.property(validPlan, (p) => {
        const ranges = p.arms.map((arm) => armRange(p, arm)).sort((a, b) => a[0] - b[0]);
        ranges.forEach(([start, end], i) => {
          expect(start).toBeLessThanOrEqual(end);
          expect(end).toBeLessThanOrEqual(BUCKET_SPACE);
          if (i > 0) expect(start).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
        });
      }),
    );
  });

  it("serves several challengers at once with shares that match their weights", () => {
    const p = plan({
      seed: "many-challengers",
      slots: 10,
      arms: [
        { alias: "a", slot: 1, weight: 0.1 },
        { alias: "b", slot: 4, weight: 0.05 },
        { alias: "c", slot: 7, weight: 0.02 },
        { alias: "d", slot: 9, weight: 0.08 },
      ],
    });
    const compiled = compilePlan(p);
    const n = 100_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const alias = assignCompiled(compiled, `unit-${i}`).alias;
      counts.set(alias, (counts.get(alias) ?? 0) + 1);
    }
    const expected: Record<string, number> = { a: 0.1, b: 0.05, c: 0.02, d: 0.08, [CHAMPION]: 0.75 };
    for (const [alias, share] of Object.entries(expected)) {
      const sigma = Math.sqrt(n * share * (1 - share));
      expect(Math.abs((counts.get(alias) ?? 0) - n * share)).toBeLessThan(5 * sigma);
    }
  });

  it("is independent across programs: two seeds' splits are unrelated (chi-square, 2×2)", () => {
    const pairs: [string, string][] = [
      ["checkout", "search-ranker"],
      ["fraud-detector", "fraud-detector-v2"],
      ["a", "b"],
    ];
    for (const [seedA, seedB] of pairs) {
      const first = compilePlan(plan({ seed: seedA, slots: 2, arms: [{ alias: "x", slot: 1, weight: 0.5 }] }));
      const second = compilePlan(plan({ seed: seedB, slots: 10, arms: [{ alias: "y", slot: 0, weight: 0.1 }] }));
      const table = [
        [0, 0],
        [0, 0],
      ];
      const n = 50_000;
      for (let i = 0; i < n; i++) {
        const id = `user-${i}`;
        const row = assignCompiled(first, id).alias === "x" ? 1 : 0;
        const col = assignCompiled(second, id).alias === "y" ? 1 : 0;
        table[row]![col]! += 1;
      }
      let statistic = 0;
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 2; c++) {
          const rowTotal = table[r]![0]! + table[r]![1]!;
          const colTotal = table[0]![c]! + table[1]![c]!;
          const expected = (rowTotal * colTotal) / n;
          statistic += (table[r]![c]! - expected) ** 2 / expected;
        }
      }
      expect(chiSquareP(statistic, 1)).toBeGreaterThan(0.001);
    }
  });

  it("is uniform: 100k ids fall evenly into 100 buckets (chi-square, p > 0.001)", () => {
    const idSets: [string, (i: number) => string][] = [
      ["checkout", (i) => `user-${i}`],
      ["fraud-detector", (i) => String(i)],
      ["", (i) => `${(i * 2654435761) >>> 0}@example.com`],
      ["prix-été", (i) => `会话-${i}`],
    ];
    for (const [s, idOf] of idSets) {
      const counts = new Array<number>(100).fill(0);
      const n = 100_000;
      for (let i = 0; i < n; i++) counts[Math.floor((bucketOf(s, idOf(i)) * 100) / BUCKET_SPACE)]! += 1;
      const expected = n / 100;
      const statistic = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
      expect(chiSquareP(statistic, 99)).toBeGreaterThan(0.001);
    }
  });

  it("gives shadow calls only to champion units, at about the sample rate", () => {
    const p = plan({
      seed: "shadowed",
      slots: 2,
      arms: [{ alias: "challenger", slot: 1, weight: 0.2 }],
      shadow: [
        { alias: "candidate", sample: 0.3 },
        { alias: "never", sample: 0 },
      ],
    });
    const compiled = compilePlan(p);
    let champions = 0;
    let shadowed = 0;
    let misplaced = 0;
    for (let i = 0; i < 100_000; i++) {
      const a = assignCompiled(compiled, `u${i}`);
      if (a.alias !== CHAMPION || a.shadow.includes("never")) {
        misplaced += a.shadow.length;
        continue;
      }
      champions++;
      if (a.shadow.includes("candidate")) shadowed++;
    }
    expect(misplaced).toBe(0);
    const sigma = Math.sqrt(champions * 0.3 * 0.7);
    expect(Math.abs(shadowed - champions * 0.3)).toBeLessThan(5 * sigma);
  });

  it("lets an override win and leaves every other unit alone", () => {
    fc.assert(
      fc.property(
        validPlan,
        unitId,
        fc.constantFrom("challenger-0", CHAMPION, "debug"),
        fc.array(unitId, { maxLength: 30 }),
        (p, id, alias, others) => {
          const withOverride = { ...p, overrides: { ...p.overrides, [id]: alias } };
          expect(assign(withOverride, id)).toEqual({ alias, shadow: [], bucket: -1, reason: "override" });
          for (const other of others) {
            if (Object.hasOwn(withOverride.overrides, other)) continue;
            expect(assign(withOverride, other)).toEqual(assign({ ...p, overrides: {} }, other));
          }
        },
      ),
    );
  });

  it("does not read inherited properties as overrides", () => {
    const p = plan({ slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.5 }], overrides: { alice: "challenger" } });
    for (const id of ["toString", "__proto__", "constructor", "hasOwnProperty"]) expect(assign(p, id).reason).toBe("split");
  });

  it("accepts every generated valid plan", () => {
    fc.assert(
      fc.property(validPlan, (p) => {
        expect(planProblems(p)).toEqual([]);
      }),
    );
  });

  it("rejects invalid plans and says where", () => {
    const arm = { alias: "challenger", slot: 1, weight: 0.1 };
    const invalid: [Partial<TrafficPlan>, string][] = [
      [{ hashVersion: 2 }, "hashVersion"],
      [{ slots: 0 }, "slots"],
      [{ slots: 65 }, "slots"],
      [{ slots: 1.5 }, "slots"],
      [{ slots: 2, arms: [{ ...arm, alias: CHAMPION }] }, "arms.0.alias"],
      [{ slots: 2, arms: [arm, { ...arm, slot: 0 }] }, "arms.1.alias"],
      [{ slots: 3, arms: [arm, { ...arm, alias: "other" }] }, "arms.1.slot"],
      [{ slots: 2, arms: [{ ...arm, slot: 2 }] }, "arms.0.slot"],
      [{ slots: 2, arms: [{ ...arm, slot: -1 }] }, "arms.0.slot"],
      [{ slots: 2, arms: [{ ...arm, weight: 0.51 }] }, "arms.0.weight"],
      [{ slots: 2, arms: [{ ...arm, weight: -0.1 }] }, "arms.0.weight"],
      [{ slots: 2, arms: [{ ...arm, weight: Number.NaN }] }, "arms.0.weight"],
      [{ shadow: [{ alias: CHAMPION, sample: 0.1 }] }, "shadow.0.alias"],
      [{ shadow: [{ alias: "s", sample: 1.01 }] }, "shadow.0.sample"],
      [{ shadow: [{ alias: "s", sample: Number.NaN }] }, "shadow.0.sample"],
    ];
    for (const [partial, path] of invalid) expect(planProblems(plan(partial)).map((p) => p.path)).toContain(path);
  });

  it("rejects any weight above 1/slots", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.double({ min: 1e-9, max: 10, noNaN: true }), (slots, excess) => {
        const weight = 1 / slots + excess;
        fc.pre(weight > 1 / slots + 1e-12);
        const problems = planProblems(plan({ slots, arms: [{ alias: "c", slot: 0, weight }] }));
        expect(problems.map((p) => p.path)).toEqual(["arms.0.weight"]);
      }),
    );
  });
});
