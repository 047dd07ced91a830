/**
 * A SQLite database from before predictions were keyed per version: opening it keeps the parked
 * predictions and labels, and a shadow's prediction under the same id then parks beside them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SQLITE_MIGRATIONS } from "../store/migrations.js";
import { SqliteStore } from "../store/sqlite-store.js";

describe("opening a database whose parked predictions are unique per program", () => {
  it("keeps them and parks another version's prediction under the same id", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-predictions-")), "arena.db");
    const db = new Database(path);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const perVersion = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes("pending_predictions_by_version"));
    expect(perVersion).toBeGreaterThan(0);
    SQLITE_MIGRATIONS.slice(0, perVersion).forEach((sql, i) => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?)").run(i + 1, "2026-01-01T00:00:00.000Z");
    });
    db.prepare("INSERT INTO pending_predictions (program, prediction_id, version, segments, predicted, at) VALUES (?, ?, ?, ?, ?, ?)").run(
      "p",
      "tx-1",
      1,
      '["all"]',
      1,
      1_000,
    );
    db.prepare("INSERT INTO pending_labels (program, prediction_id, actual, at) VALUES (?, ?, ?, ?)").run("p", "tx-9", 0, 1_000);
    db.close();
    const store = new SqliteStore(path);
    try {
      await store.tx((r) =>
        r.telemetry.putPrediction({ program: "p", predictionId: "tx-1", version: 2, segments: ["all"], predicted: false, at: 1_001 }),
      );
      expect((await store.tx((r) => r.telemetry.takePredictions("p", "tx-1"))).map((p) => [p.version, p.predicted])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(await store.tx((r) => r.telemetry.getLabel("p", "tx-9"))).toEqual({
        program: "p",
        predictionId: "tx-9",
        actual: false,
        at: 1_000,
      });
    } finally {
      await store.close();
    }
  });
});
