import { MemoryStore } from "./memory-store.js";
import { storeContract } from "./contract.js";

storeContract("memory", () => new MemoryStore());
