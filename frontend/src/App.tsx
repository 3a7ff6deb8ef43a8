import { RouterProvider, type createBrowserRouter } from "react-router";
import { QueryProvider } from "./api/query";
import { I18nProvider } from "./i18n/I18nProvider";
import { SessionProvider } from "./session/SessionProvider";

export function App({ router }: { router: ReturnType<typeof createBrowserRouter> }) {
  return (
    <QueryProvider>
      <I18nProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </QueryProvider>
  );
}
