import { lazy, Suspense, type ComponentType } from "react";
import type { RouteObject } from "react-router";
import { AppLayout } from "./app/account/shell/AppLayout";
import { AreaHome, OperatorOnly } from "./app/account/shell/AreaHome";
import { RequireAuth } from "./app/account/shell/RequireAuth";
import { Spinner } from "./components/forms";
import { PublicLayout } from "./components/PublicLayout";
import { CheckEmail } from "./pages/CheckEmail";
import { Landing } from "./pages/Landing";
import { NotFound } from "./pages/NotFound";
import { VerifyEmail } from "./pages/VerifyEmail";

/** A page loaded on first visit: each console area (catalog, pricing, browse, operator, …) is
 * its own chunk (vite.config.ts groups them), so the public pages and the shell load alone. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] })));
  return function LazyPage() {
    return (
      <Suspense fallback={<Spinner />}>
        <Page />
      </Suspense>
    );
  };
}

const ApiKeys = page(() => import("./app/account/apiKeys/ApiKeys"), "ApiKeys");
const Onboarding = page(() => import("./app/account/onboarding/Onboarding"), "Onboarding");
const Profile = page(() => import("./app/account/profile/Profile"), "Profile");
const Team = page(() => import("./app/account/team/Team"), "Team");
const Locations = page(() => import("./app/buyers/locations/Locations"), "Locations");
const Approvals = page(() => import("./app/approvals/queue/Approvals"), "Approvals");
const ApprovalSettings = page(() => import("./app/approvals/settings/ApprovalSettings"), "ApprovalSettings");
const Cart = page(() => import("./app/cart/Cart"), "Cart");
const QuickOrder = page(() => import("./app/cart/QuickOrder"), "QuickOrder");
const Checkout = page(() => import("./app/checkout/Checkout"), "Checkout");
const CheckoutResult = page(() => import("./app/checkout/CheckoutResult"), "CheckoutResult");
const RequisitionLists = page(() => import("./app/requisitions/RequisitionLists"), "RequisitionLists");
const RequisitionListPage = page(() => import("./app/requisitions/RequisitionListPage"), "RequisitionListPage");
const BuyerOrders = page(() => import("./app/orders/OrderList"), "BuyerOrders");
const SalesOrders = page(() => import("./app/orders/OrderList"), "SalesOrders");
const BuyerOrder = page(() => import("./app/orders/OrderDetail"), "BuyerOrder");
const SalesOrder = page(() => import("./app/orders/OrderDetail"), "SalesOrder");
const RfqList = page(() => import("./app/rfq/buyer/RfqList"), "RfqList");
const RfqWizard = page(() => import("./app/rfq/buyer/RfqWizard"), "RfqWizard");
const RfqDetail = page(() => import("./app/rfq/buyer/RfqDetail"), "RfqDetail");
const RfqCompare = page(() => import("./app/rfq/buyer/RfqCompare"), "RfqCompare");
const BuyerProduct = page(() => import("./app/browse/product/BuyerProduct"), "BuyerProduct");
const MarketplaceBrowse = page(() => import("./app/browse/listing/MarketplaceBrowse"), "MarketplaceBrowse");
const SearchPage = page(() => import("./app/search/SearchPage"), "SearchPage");
const MarketplaceIndex = page(() => import("./app/browse/marketplaces/MarketplaceIndex"), "MarketplaceIndex");
const CatalogList = page(() => import("./app/catalog/products/CatalogList"), "CatalogList");
const Imports = page(() => import("./app/catalog/imports/Imports"), "Imports");
const ProductEditor = page(() => import("./app/catalog/products/ProductEditor"), "ProductEditor");
const Audit = page(() => import("./app/operator/audit/Audit"), "Audit");
const Listings = page(() => import("./app/operator/listings/Listings"), "Listings");
const Marketplaces = page(() => import("./app/operator/marketplaces/Marketplaces"), "Marketplaces");
const Taxonomy = page(() => import("./app/operator/taxonomy/Taxonomy"), "Taxonomy");
const Tenants = page(() => import("./app/operator/tenants/Tenants"), "Tenants");
const Customers = page(() => import("./app/pricing/customers/Customers"), "Customers");
const PriceListEditor = page(() => import("./app/pricing/priceLists/PriceListEditor"), "PriceListEditor");
const PriceLists = page(() => import("./app/pricing/priceLists/PriceLists"), "PriceLists");
const PricePreview = page(() => import("./app/pricing/preview/PricePreview"), "PricePreview");
const Notifications = page(() => import("./app/notifications/list/Notifications"), "Notifications");
const SupplierMarketplaces = page(() => import("./app/supplier/marketplaces/SupplierMarketplaces"), "SupplierMarketplaces");
const RfqInbox = page(() => import("./app/rfq/supplier/RfqInbox"), "RfqInbox");
const SupplierRfqPage = page(() => import("./app/rfq/supplier/RfqPage"), "RfqPage");
const QuotePolicySettings = page(() => import("./app/rfq/supplier/QuotePolicySettings"), "QuotePolicySettings");
const DevMailPage = page(() => import("./pages/DevMail"), "DevMailPage");
// the public forms load with the form kit (its own chunk): the landing page loads without it
const ForgotPassword = page(() => import("./pages/ForgotPassword"), "ForgotPassword");
const Invitation = page(() => import("./pages/Invitation"), "Invitation");
const ResetPassword = page(() => import("./pages/ResetPassword"), "ResetPassword");
const SignIn = page(() => import("./pages/SignIn"), "SignIn");
const SignUp = page(() => import("./pages/SignUp"), "SignUp");

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
      { path: "locations", element: <Locations /> },
      { path: "approvals", element: <Approvals /> },
      { path: "approvals/settings", element: <ApprovalSettings /> },
      { path: "cart", element: <Cart /> },
      { path: "quick-order", element: <QuickOrder /> },
      { path: "checkout", element: <Checkout /> },
      { path: "checkouts/:id", element: <CheckoutResult /> },
      { path: "requisition-lists", element: <RequisitionLists /> },
      { path: "requisition-lists/:id", element: <RequisitionListPage /> },
      { path: "orders", element: <BuyerOrders /> },
      { path: "orders/:id", element: <BuyerOrder /> },
      { path: "rfqs", element: <RfqList /> },
      { path: "rfqs/new", element: <RfqWizard /> },
      { path: "rfqs/:id", element: <RfqDetail /> },
      { path: "rfqs/:id/edit", element: <RfqWizard /> },
      { path: "rfqs/:id/compare", element: <RfqCompare /> },
      { path: "sales-orders", element: <SalesOrders /> },
      { path: "sales-orders/:id", element: <SalesOrder /> },
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
      { path: "search/:slug", element: <SearchPage /> },
      { path: "marketplaces", element: <SupplierMarketplaces /> },
      { path: "quote-requests", element: <RfqInbox /> },
      { path: "quote-requests/:id", element: <SupplierRfqPage /> },
      { path: "quote-policy", element: <QuotePolicySettings /> },
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
