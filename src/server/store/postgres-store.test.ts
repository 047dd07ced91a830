import { afterAll, beforeAll } from "vitest";
import { storeContract } from "./contract.js";
import { PostgresStore } from "./postgres-store.js";
import { TestDatabase } from "./postgres-testing.js";

const db = new TestDatabase();
beforeAll(() => db.check());
afterAll(() => db.dropAll());

storeContract("postgres", () => PostgresStore.open({ connectionString: db.url, schema: db.newSchema(), poolSize: 4 }));
