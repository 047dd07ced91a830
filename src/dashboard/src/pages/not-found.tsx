import { Link } from "../router.js";

export function NotFoundPage({ path }: { path: string }) {
  return (
    <section className="empty">
      <h1>Nothing at {path}</h1>
      <p>
        The dashboard has an <Link to="/">overview</Link>, program pages, rollout pages, <Link to="/decisions">decisions</Link> and the{" "}
        <Link to="/audit">audit trail</Link>.
      </p>
    </section>
  );
}
