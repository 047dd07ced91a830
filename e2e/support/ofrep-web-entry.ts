/** Bundled for the browser test: the real OpenFeature web SDK and OFREP web provider, exposed on the page. */
import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { OpenFeature, ProviderEvents } from "@openfeature/web-sdk";

(globalThis as Record<string, unknown>).ofrep = { OpenFeature, OFREPWebProvider, ProviderEvents };
