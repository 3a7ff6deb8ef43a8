import type { RouteObject } from "react-router";
import { ApiKeys } from "./app/ApiKeys";
import { AppLayout } from "./app/AppLayout";
import { AreaHome, OperatorOnly } from "./app/AreaHome";
import { Onboarding } from "./app/Onboarding";
import { Notifications } from "./app/notifications/Notifications";
import { BuyerProduct, MarketplaceBrowse, MarketplaceIndex } from "./app/browse/Browse";
import { CatalogList } from "./app/catalog/CatalogList";
import { Imports } from "./app/catalog/Imports";
import { ProductEditor } from "./app/catalog/ProductEditor";
import { Audit } from "./app/operator/Audit";
import { Listings } from "./app/operator/Listings";
import { Marketplaces } from "./app/operator/Marketplaces";
import { Taxonomy } from "./app/operator/Taxonomy";
import { Customers } from "./app/pricing/Customers";
import { PriceListEditor } from "./app/pricing/PriceListEditor";
import { PriceLists } from "./app/pricing/PriceLists";
import { PricePreview } from "./app/pricing/PricePreview";
import { SupplierMarketplaces } from "./app/supplier/SupplierMarketplaces";
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
      { path: "notifications", element: <Notifications /> },
      { path: "catalog", element: <CatalogList /> },
      { path: "catalog/new", element: <ProductEditor /> },
      { path: "catalog/:id", element: <ProductEditor /> },
      { path: "price-lists", element: <PriceLists /> },
      { path: "price-lists/:id", element: <PriceListEditor /> },
      { path: "price-preview", element: <PricePreview /> },
      { path: "customers", element: <Customers /> },
      { path: "imports", element: <Imports /> },
      { path: "browse", element: <MarketplaceIndex /> },
      { path: "browse/:slug", element: <MarketplaceBrowse /> },
      { path: "browse/:market/:supplier/:id", element: <BuyerProduct /> },
      { path: "marketplaces", element: <SupplierMarketplaces /> },
      {
        path: "operator/marketplaces",
        element: (
          <OperatorOnly>
            <Marketplaces />
          </OperatorOnly>
        ),
      },
      {
        path: "operator/marketplaces/:id",
        element: (
          <OperatorOnly>
            <Taxonomy />
          </OperatorOnly>
        ),
      },
      {
        path: "operator/listings",
        element: (
          <OperatorOnly>
            <Listings />
          </OperatorOnly>
        ),
      },
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
