"""The client's address behind trusted proxies.

``X-Forwarded-For`` is a list anyone can start: a client sends its own, and each
proxy appends the address it saw. Only the entries added by our own proxies can
be believed, so the client is the right-most address that is not one of them
(``HANSA_TRUSTED_PROXIES``, CIDRs, default none). When the peer itself is not
a trusted proxy, the headers are ignored and the peer is the client. The
resolved address replaces the ASGI ``client``, so the per-IP login limit and the
access log see it; uvicorn's own proxy handling is off (``hansa serve``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from hansa.config import Network, parse_networks

__all__ = ["ClientAddressMiddleware", "Network", "client_address", "is_trusted", "parse_networks"]


def is_trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:  # a dual-stack socket's view of IPv4
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: Iterable[str], networks: Sequence[Network]) -> str:
    """The right-most address of ``peer`` + ``X-Forwarded-For`` that no trusted proxy added."""
    if not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer  # every hop is ours: the first one is as far as we can see


class ClientAddressMiddleware:
    """Sets ``scope["client"]`` (and ``scheme``, from ``X-Forwarded-Proto``) of HTTP
    requests that came through a trusted proxy."""

    def __init__(self, app: ASGIApp, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == ScopeType.HTTP and client and is_trusted(client[0], self.networks):
            headers = scope["headers"]
            forwarded = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"]
            scope["client"] = (client_address(client[0], forwarded, self.networks), client[1])
            proto = [
                v.decode("latin-1").split(",")[-1].strip() for k, v in headers if k == b"x-forwarded-proto"
            ]
            if proto and proto[-1] in ("http", "https"):
                scope["scheme"] = proto[-1]
        await self.app(scope, receive, send)
