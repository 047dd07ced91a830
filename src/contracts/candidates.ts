import { z } from "zod";
import { NextCursor, PageFields } from "./common.js";
import { boundedJson } from "./json-bounds.js";

/** Bounds of an inline config payload (docs/operations.md). */
export const CONFIG_BOUNDS = { maxDepth: 32, maxBytes: 256 * 1024 };

const Hash = z.string().trim().min(1).max(200);

export const CandidateCheckInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  passed: z.boolean(),
  url: z.url({ message: "must be a URL" }).nullable().default(null),
  details: z.string().max(2000).nullable().default(null),
});

export const RegisterCandidateBody = z
  .strictObject({
    description: z.string().max(2000).default(""),
    artifactUri: z.string().trim().min(1).max(2000).nullable().default(null),
    config: boundedJson(CONFIG_BOUNDS).optional(),
    provenance: z
      .strictObject({
        codeCommit: Hash.nullable().default(null),
        lockfileHash: Hash.nullable().default(null),
        dataFingerprint: Hash.nullable().default(null),
      })
      .default({ codeCommit: null, lockfileHash: null, dataFingerprint: null }),
    metrics: z.record(z.string().min(1).max(100), z.number().refine(Number.isFinite, { message: "must be a finite number" })).default({}),
    checks: z.array(CandidateCheckInput).max(100).default([]),
    tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    /** Unique per program; registering the same externalRef again answers the existing version (an importer's upsert). */
    externalRef: z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, {
        message: "must be 1 to 200 printable ASCII characters without spaces, e.g. mlflow:fraud-detector/7",
      })
      .optional(),
  })
  .refine((body) => body.artifactUri !== null || body.config !== undefined, {
    message: "give an artifactUri or an inline config payload",
    path: ["artifactUri"],
  });
export type RegisterCandidateBody = z.infer<typeof RegisterCandidateBody>;

export const RetireCandidateBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const CandidateSchema = z.object({
  program: z.string(),
  version: z.number(),
  description: z.string(),
  artifactUri: z.string().nullable(),
  config: z.unknown(),
  provenance: z.object({
    codeCommit: z.string().nullable(),
    lockfileHash: z.string().nullable(),
    dataFingerprint: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
  metrics: z.record(z.string(), z.number()),
  checks: z.array(z.object({ name: z.string(), passed: z.boolean(), url: z.string().nullable(), details: z.string().nullable() })),
  tags: z.array(z.string()),
  externalRef: z.string().nullable(),
  status: z.enum(["registered", "rejected", "retired"]),
  statusReason: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
});

export const CandidateList = z.object({ candidates: z.array(CandidateSchema.partial({ config: true })), next: NextCursor });
/** `?include=config` adds each version's inline config, left out of lists by default (it may be large). */
export const CandidateListQuery = z.object({
  status: z.enum(["registered", "rejected", "retired"]).optional(),
  include: z.literal("config", { message: "the only thing to include is config" }).optional(),
  ...PageFields,
});
export type Candidate = z.infer<typeof CandidateSchema>;
export type CandidateList = z.infer<typeof CandidateList>;
