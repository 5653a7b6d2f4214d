import { ConfigProvider, theme as antTheme } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import "dayjs/locale/zh-cn";
import { lazy, Suspense, useMemo, type ComponentType } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, type RouteObject } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { I18nProvider, useI18n } from "./i18n/i18n";
import { createClient } from "./lib/client";
import { SessionProvider, useSession } from "./lib/session";
// Loaded only when a page fails, so that the sign-in page does not carry it.
const LazyErrorPage = lazy(() => import("./pages/error-page"));
const ErrorPage = () => (
  <Suspense fallback={null}>
    <LazyErrorPage />
  </Suspense>
);
import { useIsMobile } from "./lib/use-mobile";

const SetPasswordPage = lazy(() => import("./pages/login/set-password-page"));

/**
 * Only signed-in users get past this; the others go to /login and come back after. A user signed in with a temporary
 * password sets their own first (the server allows nothing else), then comes back to the page they asked for.
 */
function RequireSignIn() {
  const { token, user } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (user?.mustChangePassword) {
    return (
      <Suspense fallback={null}>
        <SetPasswordPage />
      </Suspense>
    );
  }
  return <Outlet />;
}

const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({ Component: (await load()).default });

/** Shown while the first page's code arrives. */
const Loading = () => <div aria-busy="true" style={{ minHeight: "100vh" }} />;

const router = createBrowserRouter([
  {
    path: "/login",
    lazy: page(() => import("./pages/login/login-page")),
    errorElement: <ErrorPage />,
    hydrateFallbackElement: <Loading />,
  },
  {
    element: <RequireSignIn />,
    hydrateFallbackElement: <Loading />,
    errorElement: <ErrorPage />,
    children: [
      {
        lazy: page(() => import("./layout/app-layout")),
        errorElement: <ErrorPage />,
        // A page that fails shows its error inside the frame, the menu still there.
        children: (
          [
            { index: true, lazy: page(() => import("./pages/dashboard/dashboard-page")) },
            { path: "tasks", lazy: page(() => import("./pages/tasks/task-list-page")) },
            { path: "tasks/:id", lazy: page(() => import("./pages/task/task-page")) },
            { path: "problems", lazy: page(() => import("./pages/problems/problem-list-page")) },
            { path: "problems/:id", lazy: page(() => import("./pages/problems/problem-page")) },
            { path: "units", lazy: page(() => import("./pages/units/units-page")) },
            { path: "users", lazy: page(() => import("./pages/users/users-page")) },
            { path: "evaluation", lazy: page(() => import("./pages/evaluation/evaluation-page")) },
            { path: "rubrics", lazy: page(() => import("./pages/rubrics/rubric-page")) },
            { path: "rubrics/:code", lazy: page(() => import("./pages/rubrics/rubric-page")) },
            { path: "*", lazy: page(() => import("./pages/not-found-page")) },
          ] as RouteObject[]
        ).map((r) => ({ ...r, errorElement: <ErrorPage /> })),
      },
    ],
  },
]);

function Themed() {
  const { locale } = useI18n();
  const { token, signOut } = useSession();
  const mobile = useIsMobile();
  // One client (and cache) per session: the next user of this browser never sees the last one's answers.
  // A session the server no longer accepts sends the user back to sign in.
  const client = useMemo(
    () =>
      createClient(() => {
        signOut();
        if (location.pathname !== "/login")
          location.assign(`/login?ended=1&next=${encodeURIComponent(location.pathname + location.search)}`);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new client for each token
    [signOut, token],
  );
  return (
    <ConfigProvider
      locale={locale === "zh" ? zhCN : enUS}
      theme={{
        algorithm: antTheme.defaultAlgorithm,
        // Secondary text, placeholders and links dark enough for WCAG AA contrast (4.5:1) on white.
        token: {
          colorPrimary: "#1d4ed8",
          colorLink: "#1d4ed8",
          // Hover and press darken rather than lighten, so that white text on them keeps its contrast.
          colorPrimaryHover: "#1e40af",
          colorPrimaryActive: "#1e3a8a",
          colorTextSecondary: "rgba(0, 0, 0, 0.62)",
          colorTextDescription: "rgba(0, 0, 0, 0.62)",
          colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
          colorTextTertiary: "rgba(0, 0, 0, 0.6)",
          colorError: "#c62828",
          colorWarning: "#b45309",
          colorSuccess: "#15803d",
          borderRadius: 6,
          controlHeight: mobile ? 44 : 32,
          fontSize: mobile ? 15 : 14,
        },
      }}
    >
      <UrqlProvider value={client}>
        <RouterProvider router={router} />
      </UrqlProvider>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Themed />
      </SessionProvider>
    </I18nProvider>
  );
}
