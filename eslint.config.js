import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/dashboard/dist/**", "coverage/**", "packages/*/dist/**"] },
  js.configs.recommended,
  // Plain JavaScript files (examples, bench helpers) run on Node.
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  // No clock and no chance in the pure core (ADR 001): time and randomness come in as arguments.
  // Tests and test support may use them.
  {
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts", "src/core/**/testing/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "performance", "process", "fetch"].map((name) => ({
          name,
          message: `src/core has no clock and no I/O: ${name} belongs to a shell`,
        })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "src/core has no clock: take `now` as an argument",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "src/core has no clock: take `now` as an argument (new Date(x) is fine)",
        },
        { selector: "CallExpression[callee.name='Date']", message: "src/core has no clock: Date() reads it" },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: "src/core is deterministic: take a seeded random source as an argument",
        },
        {
          selector: "MemberExpression[object.name=/^(globalThis|global|window|self)$/]",
          message: "src/core reaches no globals: take what it needs as an argument",
        },
      ],
    },
  },
);
