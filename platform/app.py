"""The Litestar application. ``create_app(settings)`` does no I/O: connections
open in the lifespan, when the server starts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin

from hansa.compose import open_resources
from hansa.config import Settings
from hansa.core.content_type import RequestMediaTypeMiddleware, document_unsupported_media_type
from hansa.core.dev import DevController
from hansa.core.errors import HansaError
from hansa.core.headers import security_headers
from hansa.core.health import healthz, readyz
from hansa.core.http import (
    RequestContextMiddleware,
    answer_options,
    document_problems,
    name_generic_schemas,
    problem_response,
)
from hansa.core.proxy import ClientAddressMiddleware, parse_networks
from hansa.core.resources import Resources
from hansa.core.responses import PlainDecimalResponse
from hansa.core.validation import DecimalSchema, HansaRequest, StructSchema, guard_inputs
from hansa.core.web import web_path, web_root
from hansa.identity.auth.dependencies import USER_DEPENDENCIES
from hansa.identity.auth.routes import AuthController, MeController
from hansa.identity.context import check_declared_contexts
from hansa.identity.operator_routes import OperatorController
from hansa.identity.org_routes import (
    InvitationController,
    OrganisationController,
    OrganisationMembersController,
)
from hansa.marketplace.approvals.routes import ApprovalQueueController, ApprovalSettingsController
from hansa.marketplace.browse.routes import BrowseController
from hansa.marketplace.buyers.routes import LocationController
from hansa.marketplace.cart.routes import CartController
from hansa.marketplace.catalog.routes import CatalogController
from hansa.marketplace.checkout.routes import CheckoutController
from hansa.marketplace.customers.routes import CustomersController
from hansa.marketplace.imports.routes import ImportController
from hansa.marketplace.marketplaces.routes import (
    MarketplaceController,
    MarketplaceOperatorController,
    SupplierListingController,
)
from hansa.marketplace.media.routes import MediaController
from hansa.marketplace.orders.routes import BuyerOrdersController, SupplierOrdersController
from hansa.marketplace.pricing.routes import PricingController
from hansa.marketplace.requisitions.routes import RequisitionListController
from hansa.notifications.routes import NotificationController
from hansa.rfq.awards.routes import BuyerAwardController, SupplierAwardController
from hansa.rfq.quotes.routes import BuyerQuotesController, QuotePolicyController, SupplierQuotesController
from hansa.rfq.requests.routes import BuyerRfqController, SupplierRfqController
from hansa.search.routes import SearchController, SearchOperatorController
from hansa.tenants.routes import SupplierController


def create_app(settings: Settings, resources: Resources | None = None) -> Litestar:
    """Build the app. Pass ``resources`` to share already-open ones (tests)."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        owned = resources is None
        app.state.resources = resources or await open_resources(settings)
        try:
            yield
        finally:
            if owned:
                await app.state.resources.close()

    async def provide_resources() -> Resources:
        return app.state.resources  # type: ignore[no-any-return]

    app = Litestar(
        route_handlers=[
            healthz,
            readyz,
            SupplierController,
            AuthController,
            MeController,
            OrganisationController,
            OrganisationMembersController,
            InvitationController,
            LocationController,
            CheckoutController,
            ApprovalSettingsController,
            ApprovalQueueController,
            RequisitionListController,
            CartController,
            SupplierOrdersController,
            BuyerOrdersController,
            SupplierQuotesController,
            QuotePolicyController,
            BuyerQuotesController,
            OperatorController,
            CatalogController,
            PricingController,
            CustomersController,
            ImportController,
            MarketplaceOperatorController,
            SupplierListingController,
            MarketplaceController,
            BrowseController,
            SearchController,
            SearchOperatorController,
            MediaController,
            BuyerAwardController,
            SupplierAwardController,
            BuyerRfqController,
            SupplierRfqController,
            # identity's signed-in user around it: notifications may not import identity
            Router(path="/", route_handlers=[NotificationController], dependencies=USER_DEPENDENCIES),
            *([DevController] if settings.env == "development" and not settings.smtp_url else []),
            web_root,
            web_path,
        ],
        dependencies={"resources": Provide(provide_resources, use_cache=True)},
        lifespan=[lifespan],
        middleware=[
            DefineMiddleware(ClientAddressMiddleware, networks=parse_networks(settings.trusted_proxies)),
            RequestContextMiddleware,
            RequestMediaTypeMiddleware,
        ],
        before_send=[security_headers(settings)],
        response_class=PlainDecimalResponse,  # decimals never in exponent form
        exception_handlers={HansaError: problem_response, Exception: problem_response},
        request_max_body_size=settings.max_body_bytes,
        request_class=HansaRequest,
        plugins=[StructSchema(), DecimalSchema()],
        openapi_config=OpenAPIConfig(
            title="Hansa API",
            version="1",
            description="Multi-tenant B2B marketplace: suppliers, buyers, RFQs, orders.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        logging_config=None,  # configure_logging() owns the handlers: JSON lines
        debug=False,
    )
    check_declared_contexts(app)  # a guarded route without a declared action: no start
    guard_inputs(app)
    answer_options(app)
    document_problems(app)
    name_generic_schemas()
    document_unsupported_media_type(app)
    return app
