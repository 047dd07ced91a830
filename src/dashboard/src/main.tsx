/** Entry: start the first page's data request, then load React and the app beside it. */
import { prefetchFirstPage } from "./api/prefetch.js";
import "./styles.css";

prefetchFirstPage(window.location.pathname);
void import("./boot.js");
