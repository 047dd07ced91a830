/** OpenFeature server provider for Arena (peer dependencies: @openfeature/server-sdk, @arena/sdk). */
export { ArenaProvider, type ArenaProviderOptions } from "./arena-provider.js";
export { changedFlags } from "./changed-flags.js";
