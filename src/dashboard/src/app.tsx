/** Signs in (or restores the tab's session), then shows the page the address names, live. */
import { useCallback, useEffect, useState } from "react";
import { ApiError, api, setUnauthorizedHandler } from "./api/client.js";
import { clearToken, storeToken, storedToken } from "./api/session.js";
import type { WhoAmI } from "./api/types.js";
import { AuthContext } from "./auth.js";
import { Layout } from "./components/layout.js";
import { LiveProvider } from "./live.js";
import { AuditPage } from "./pages/audit.js";
import { ChangesPage } from "./pages/changes.js";
import { DecisionsPage } from "./pages/decisions.js";
import { NotFoundPage } from "./pages/not-found.js";
import { OverviewPage } from "./pages/overview.js";
import { ProgramPage } from "./pages/program.js";
import { RolloutPage } from "./pages/rollout.js";
import { SignInPage } from "./pages/sign-in.js";
import { useRoute, type Route } from "./router.js";

/** With a token kept from earlier in this tab, pages start loading at once; whoami (roles, name) arrives beside them. */
type Session = { state: "signed_out"; notice: string | null } | { state: "signed_in"; token: string; who: WhoAmI | null };

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "overview":
      return <OverviewPage />;
    case "program":
      return <ProgramPage name={route.name} />;
    case "rollout":
      return <RolloutPage id={route.id} />;
    case "decisions":
      return <DecisionsPage program={route.program} rollout={route.rollout} />;
    case "audit":
      return <AuditPage filters={route} />;
    case "changes":
      return <ChangesPage />;
    case "not_found":
      return <NotFoundPage path={route.path} />;
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session>(() => {
    const token = storedToken();
    return token ? { state: "signed_in", token, who: null } : { state: "signed_out", notice: null };
  });

  const signOut = useCallback((notice: string | null = null) => {
    clearToken();
    setSession({ state: "signed_out", notice });
  }, []);
  const expired = useCallback(
    () => signOut("The server no longer accepts this token (revoked or unknown). Sign in with a valid one."),
    [signOut],
  );

  useEffect(() => {
    setUnauthorizedHandler(() => expired());
    const token = storedToken();
    if (!token) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      api<WhoAmI>("/v1/whoami", { token })
        .then((who) => setSession((s) => (s.state === "signed_in" && s.token === token ? { ...s, who } : s)))
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) expired();
          // Server unreachable for now: the pages say so; ask again shortly.
          else timer = setTimeout(ask, 3_000);
        });
    void ask();
    return () => clearTimeout(timer);
  }, [expired]);

  const signIn = async (token: string): Promise<void> => {
    const who = await api<WhoAmI>("/v1/whoami", { token });
    storeToken(token);
    setSession({ state: "signed_in", token, who });
  };

  if (session.state === "signed_out") return <SignInPage onSignIn={signIn} notice={session.notice} />;
  return (
    <AuthContext.Provider value={{ who: session.who, signOut: () => signOut(null) }}>
      <LiveProvider token={session.token} onUnauthorized={expired}>
        <Layout route={route}>
          <Page route={route} />
        </Layout>
      </LiveProvider>
    </AuthContext.Provider>
  );
}
