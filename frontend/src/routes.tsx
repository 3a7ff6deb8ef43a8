import type { RouteObject } from "react-router";
import { ApiKeys } from "./app/ApiKeys";
import { AppLayout } from "./app/AppLayout";
import { AreaHome, OperatorOnly } from "./app/AreaHome";
import { Onboarding } from "./app/Onboarding";
import { Audit } from "./app/operator/Audit";
import { Tenants } from "./app/operator/Tenants";
import { Profile } from "./app/Profile";
import { RequireAuth } from "./app/RequireAuth";
import { Team } from "./app/Team";
import { PublicLayout } from "./components/PublicLayout";
import { CheckEmail } from "./pages/CheckEmail";
import { DevMailPage } from "./pages/DevMail";
import { ForgotPassword } from "./pages/ForgotPassword";
import { Invitation } from "./pages/Invitation";
import { Landing } from "./pages/Landing";
import { NotFound } from "./pages/NotFound";
import { ResetPassword } from "./pages/ResetPassword";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { VerifyEmail } from "./pages/VerifyEmail";

export const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    children: [
      { index: true, element: <Landing /> },
      { path: "signin", element: <SignIn /> },
      { path: "signup", element: <SignUp /> },
      { path: "check-email", element: <CheckEmail /> },
      { path: "verify-email", element: <VerifyEmail /> },
      { path: "forgot-password", element: <ForgotPassword /> },
      { path: "reset-password", element: <ResetPassword /> },
      { path: "invitations/:token", element: <Invitation /> },
      { path: "dev/mail", element: <DevMailPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
  {
    path: "app/onboarding",
    element: (
      <RequireAuth>
        <Onboarding />
      </RequireAuth>
    ),
  },
  {
    path: "app",
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <AreaHome /> },
      { path: "team", element: <Team /> },
      { path: "api-keys", element: <ApiKeys /> },
      { path: "profile", element: <Profile /> },
      {
        path: "operator/tenants",
        element: (
          <OperatorOnly>
            <Tenants />
          </OperatorOnly>
        ),
      },
      {
        path: "operator/audit",
        element: (
          <OperatorOnly>
            <Audit />
          </OperatorOnly>
        ),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
];
