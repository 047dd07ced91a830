/**
 * The web dashboard's server slice: the built single-page app at `/`, its
 * live event stream, and two read-only views shaped for its pages.
 */
import type { RouteDeps } from "../http/deps.js";
import { analysisRoutes } from "./analysis-routes.js";
import { eventsRoutes } from "./events-routes.js";
import { overviewRoutes } from "./overview-routes.js";
import { staticRoutes } from "./static-routes.js";

export function dashboardRoutes(d: RouteDeps): void {
  overviewRoutes(d);
  analysisRoutes(d);
  eventsRoutes(d);
  staticRoutes(d.app);
}
