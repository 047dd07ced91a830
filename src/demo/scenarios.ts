/**
 * The demo's programs: each a policy, a baseline champion, and a challenger whose
 * live quality is known in advance (kept in its tags, read by the simulator), so
 * a newcomer watches a good challenger promoted step by step and a bad one
 * rolled back automatically within a few minutes.
 */
export interface Quality {
  errorRate: number;
  latencyMs: number;
}

export interface Scenario {
  program: string;
  description: string;
  champion: { artifactUri?: string; config?: unknown; metrics: Record<string, number>; quality: Quality };
  challenger: { artifactUri?: string; config?: unknown; metrics: Record<string, number>; quality: Quality };
  policy: Record<string, unknown>;
  /** Start a rollout of the challenger automatically. */
  autoStart: boolean;
}

const liveMetrics = {
  error_rate: {
    kind: "proportion",
    direction: "lower",
    unit: "%",
    description: "share of failed requests",
    source: { type: "request", field: "error" },
  },
  latency_mean: { kind: "mean", direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
};

const fastCanary = {
  mode: "canary",
  steps: [
    { weight: "10%", duration: "20s", minSamples: 300 },
    { weight: "25%", duration: "20s", minSamples: 300 },
    { weight: "50%", duration: "20s", minSamples: 300 },
  ],
  primary: "latency_mean",
  evaluateEvery: "3s",
};

export const SCENARIOS: Scenario[] = [
  {
    program: "ranker",
    description: "recommendation ranking model (good challenger: faster, as reliable)",
    champion: { artifactUri: "s3://models/ranker/12", metrics: { ndcg: 0.41 }, quality: { errorRate: 0.01, latencyMs: 120 } },
    challenger: { artifactUri: "s3://models/ranker/13", metrics: { ndcg: 0.43 }, quality: { errorRate: 0.01, latencyMs: 95 } },
    policy: {
      program: "ranker",
      description: "recommendation ranking model",
      owners: ["ml-reco"],
      metrics: liveMetrics,
      gates: {
        preproduction: [{ metric: "ndcg", delta: { min: 0.005 } }],
        live: [
          { metric: "latency_mean", test: "superiority", minEffect: 5 },
          { metric: "error_rate", test: "non_inferiority", margin: 0.015 },
          { metric: "latency_p95", max: 250 },
        ],
        minSamples: 300,
        burnIn: { duration: "30s", conditions: [{ metric: "error_rate", max: 0.05 }] },
      },
      rollout: fastCanary,
      slos: [
        {
          name: "availability",
          metric: "error_rate",
          objective: 0.99,
          rules: [{ long: "2m", short: "30s", burnRate: 4, severity: "page" }],
        },
      ],
    },
    autoStart: true,
  },
  {
    program: "checkout-api",
    description: "checkout service build (bad challenger: latency and error regression)",
    champion: { config: { image: "checkout:2026.11.1", pool: 64 }, metrics: {}, quality: { errorRate: 0.01, latencyMs: 100 } },
    challenger: { config: { image: "checkout:2026.11.2", pool: 96 }, metrics: {}, quality: { errorRate: 0.06, latencyMs: 160 } },
    policy: {
      program: "checkout-api",
      description: "checkout service",
      owners: ["sre-payments"],
      metrics: liveMetrics,
      gates: {
        live: [
          { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
          { metric: "latency_mean", test: "non_inferiority", margin: 10 },
          { metric: "latency_p95", max: 300 },
        ],
        minSamples: 200,
      },
      rollout: { ...fastCanary, primary: "error_rate" },
      slos: [
        {
          name: "availability",
          metric: "error_rate",
          objective: 0.99,
          rules: [{ long: "2m", short: "30s", burnRate: 4, severity: "page" }],
        },
      ],
    },
    autoStart: true,
  },
  {
    program: "fraud-detector",
    description: "card fraud model (waits for your approval before its canary)",
    champion: {
      artifactUri: "s3://models/fraud-detector/47",
      metrics: { f1: 0.31, net_benefit: 52_000, parity_ratio: 0.91 },
      quality: { errorRate: 0.005, latencyMs: 40 },
    },
    challenger: {
      artifactUri: "s3://models/fraud-detector/48",
      metrics: { f1: 0.335, net_benefit: 61_000, parity_ratio: 0.9 },
      quality: { errorRate: 0.005, latencyMs: 38 },
    },
    policy: {
      program: "fraud-detector",
      description: "card fraud model",
      owners: ["ml-fraud", "data-steward"],
      metrics: liveMetrics,
      gates: {
        registry: [
          { metric: "f1", min: 0.2 },
          { metric: "net_benefit", min: 40_000 },
        ],
        preproduction: [
          { metric: "f1", delta: { min: 0.015 } },
          { metric: "parity_ratio", min: 0.8 },
        ],
        live: [
          { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
          { metric: "latency_p95", max: 100 },
        ],
        minSamples: 200,
      },
      rollout: {
        mode: "canary",
        steps: [
          { shadow: true, duration: "30s", minSamples: 200, approval: true },
          { weight: "5%", duration: "30s", minSamples: 100 },
        ],
        evaluateEvery: "3s",
      },
    },
    autoStart: true,
  },
];
