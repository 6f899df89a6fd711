"""Shopify orders through the GraphQL Admin API (``POST /admin/api/{version}/graphql.json``).

The ``orders`` connection is read with ``query: "updated_at:>='…'"`` and
``sortKey: UPDATED_AT``, following ``pageInfo { hasNextPage endCursor }``. Because the results
come oldest change first, every page may commit the newest ``updated_at`` it held as the
bookmark: ``{"api": "graphql", "updated_at": "…"}``. A run starts ``overlap`` before it (the
re-read orders map to the same record ids: idempotent upserts).

Nodes are converted to the REST order shape (:func:`to_rest`): GIDs
(``gid://shopify/Order/450789469``) become the numeric ids REST uses, money bags
(``totalPriceSet { shopMoney { amount currencyCode } }``) become amount strings, enums become
REST's lower-case statuses. Then :mod:`connectors.shopify_orders` maps them, so a shop reads
the same whichever API it is on. An order with more line items than the page query asks for
gets its remaining lines from a follow-up query.

Rate limit: calculated query cost. A query may cost at most 1,000 points (the page size is
capped so that the worst case fits), and each response reports
``extensions.cost.throttleStatus {currentlyAvailable, restoreRate}``. When fewer points are
available than the next query needs, the connector waits ``(needed - available) /
restoreRate`` seconds first; a ``THROTTLED`` error (HTTP 200 or 429) is waited out the same
way and the query sent again. Every wait goes through the shared client, so Cancel cuts it
short.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from connectors.base import AuthenticationError, Bookmark, ConfigurationError, ConnectorError, Page
from connectors.http import parse_json
from connectors.shopify_orders import Batch, Options, committed, iso_utc, later, lower_bound

if TYPE_CHECKING:
    from connectors.shopify import ShopifySession

LINES_PER_ORDER = 10
FULFILLMENTS_PER_ORDER = 10
REFUNDS_PER_ORDER = 10
LINES_PER_FOLLOW_UP = 100
MAX_QUERY_COST = 1000
MAX_THROTTLED = 20  # consecutive THROTTLED answers before giving up
MAX_WAIT = 60.0

_ADDRESS = "firstName lastName company address1 address2 city zip provinceCode countryCodeV2 phone"
_LINE = (
    "id sku name title variantTitle quantity currentQuantity "
    "originalUnitPriceSet { shopMoney { amount currencyCode } }"
)
ORDERS_QUERY = f"""
query AgentDeskOrders($first: Int!, $after: String, $query: String) {{
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      id legacyResourceId name email phone createdAt updatedAt processedAt
      cancelledAt cancelReason closedAt currencyCode
      displayFinancialStatus displayFulfillmentStatus tags
      totalPriceSet {{ shopMoney {{ amount currencyCode }} }}
      customAttributes {{ key value }}
      customer {{
        id firstName lastName updatedAt
        defaultEmailAddress {{ emailAddress }}
        defaultPhoneNumber {{ phoneNumber }}
        defaultAddress {{ {_ADDRESS} }}
      }}
      billingAddress {{ {_ADDRESS} }}
      shippingAddress {{ {_ADDRESS} }}
      lineItems(first: {LINES_PER_ORDER}) {{
        pageInfo {{ hasNextPage endCursor }}
        nodes {{ {_LINE} }}
      }}
      fulfillments(first: {FULFILLMENTS_PER_ORDER}) {{
        id status createdAt trackingInfo(first: 1) {{ number company url }}
      }}
      refunds(first: {REFUNDS_PER_ORDER}) {{
        id createdAt note totalRefundedSet {{ shopMoney {{ amount currencyCode }} }}
      }}
    }}
  }}
}}
"""
LINES_QUERY = f"""
query AgentDeskOrderLines($id: ID!, $after: String) {{
  order(id: $id) {{
    lineItems(first: {LINES_PER_FOLLOW_UP}, after: $after) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ {_LINE} }}
    }}
  }}
}}
"""


def order_cost() -> int:
    """The requested cost of one order node (objects 1, connections 2 + first × node).

    order 1, totalPriceSet+shopMoney 2, customAttributes 1, customer with its three objects 4,
    two addresses 2, lineItems 2 + pageInfo 1 + lines × 3, fulfillments × (1 + trackingInfo 1),
    refunds × 3.
    """
    return 10 + 3 + 3 * LINES_PER_ORDER + 2 * FULFILLMENTS_PER_ORDER + 3 * REFUNDS_PER_ORDER


def query_cost(first: int) -> int:
    return 2 + 1 + first * order_cost()  # the connection, its pageInfo, the nodes


def max_page_size() -> int:
    return max(1, (MAX_QUERY_COST - 3) // order_cost())


LINES_COST = 1 + 2 + 1 + LINES_PER_FOLLOW_UP * 3


# -- GraphQL -> REST shape ------------------------------------------------------------------
def gid_number(value: Any) -> str | None:
    """``gid://shopify/Order/450789469`` -> ``450789469``; other ids as they are."""
    if value is None:
        return None
    text = str(value)
    if text.startswith("gid://"):
        text = text.rsplit("/", 1)[-1].split("?", 1)[0]
    return text or None


def _d(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _nodes(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        value = value.get("nodes")
    return [_d(v) for v in value] if isinstance(value, list) else []


def _money(value: Any) -> tuple[Any, Any]:
    shop = _d(_d(value).get("shopMoney"))
    return shop.get("amount"), shop.get("currencyCode")


def _lower(value: Any) -> str | None:
    return str(value).lower() if value else None


_FULFILLMENT_STATUS = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "UNFULFILLED": None,
}


def _address(value: Any) -> dict[str, Any] | None:
    a = _d(value)
    if not a:
        return None
    return {
        "first_name": a.get("firstName"),
        "last_name": a.get("lastName"),
        "company": a.get("company"),
        "address1": a.get("address1"),
        "address2": a.get("address2"),
        "city": a.get("city"),
        "zip": a.get("zip"),
        "province_code": a.get("provinceCode"),
        "country_code": a.get("countryCodeV2") or a.get("countryCode"),
        "phone": a.get("phone"),
    }


def _line(node: Mapping[str, Any]) -> dict[str, Any]:
    price, _currency = _money(node.get("originalUnitPriceSet"))
    return {
        "id": gid_number(node.get("id")),
        "sku": node.get("sku"),
        "title": node.get("title"),
        "name": node.get("name"),
        "variant_title": node.get("variantTitle"),
        "quantity": node.get("quantity"),
        "current_quantity": node.get("currentQuantity"),
        "price": price,
    }


def to_rest(node: Mapping[str, Any]) -> dict[str, Any]:
    """A GraphQL order node in the REST ``orders.json`` shape the mapping reads."""
    total, currency = _money(node.get("totalPriceSet"))
    customer = _d(node.get("customer"))
    rest_customer = None
    if customer:
        rest_customer = {
            "id": gid_number(customer.get("id")),
            "first_name": customer.get("firstName"),
            "last_name": customer.get("lastName"),
            "email": _d(customer.get("defaultEmailAddress")).get("emailAddress")
            or customer.get("email"),
            "phone": _d(customer.get("defaultPhoneNumber")).get("phoneNumber")
            or customer.get("phone"),
            "updated_at": customer.get("updatedAt"),
            "default_address": _address(customer.get("defaultAddress")),
        }
    fulfillments = []
    for f in node.get("fulfillments") or []:
        f = _d(f)
        tracking = [_d(t) for t in f.get("trackingInfo") or []]
        fulfillments.append(
            {
                "id": gid_number(f.get("id")),
                "status": _lower(f.get("status")),
                "created_at": f.get("createdAt"),
                "tracking_company": next(
                    (t["company"] for t in tracking if t.get("company")), None
                ),
                "tracking_numbers": [t["number"] for t in tracking if t.get("number")],
                "tracking_urls": [t["url"] for t in tracking if t.get("url")],
            }
        )
    refunds = []
    for r in node.get("refunds") or []:
        r = _d(r)
        amount, refund_currency = _money(r.get("totalRefundedSet"))
        refunds.append(
            {
                "id": gid_number(r.get("id")),
                "created_at": r.get("createdAt"),
                "note": r.get("note"),
                "transactions": [{"amount": amount, "currency": refund_currency, "kind": "refund"}]
                if amount is not None
                else [],
            }
        )
    status = node.get("displayFulfillmentStatus")
    tags = node.get("tags")
    return {
        "id": node.get("legacyResourceId") or gid_number(node.get("id")),
        "name": node.get("name"),
        "email": node.get("email"),
        "phone": node.get("phone"),
        "created_at": node.get("createdAt"),
        "updated_at": node.get("updatedAt"),
        "processed_at": node.get("processedAt"),
        "cancelled_at": node.get("cancelledAt"),
        "cancel_reason": _lower(node.get("cancelReason")),
        "closed_at": node.get("closedAt"),
        "currency": currency or node.get("currencyCode"),
        "total_price": total,
        "financial_status": _lower(node.get("displayFinancialStatus")),
        "fulfillment_status": _FULFILLMENT_STATUS.get(str(status), _lower(status)),
        "customer": rest_customer,
        "billing_address": _address(node.get("billingAddress")),
        "shipping_address": _address(node.get("shippingAddress")),
        "line_items": [_line(n) for n in _nodes(node.get("lineItems"))],
        "fulfillments": fulfillments,
        "refunds": refunds,
        "note_attributes": [
            {"name": _d(a).get("key"), "value": _d(a).get("value")}
            for a in node.get("customAttributes") or []
        ],
        "tags": ", ".join(str(t) for t in tags) if isinstance(tags, list) else tags,
    }


# -- throttling and execution ---------------------------------------------------------------
@dataclass
class Throttle:
    """The last ``throttleStatus`` the shop reported."""

    available: float | None = None
    restore_rate: float | None = None

    def update(self, extensions: Any) -> float | None:
        """Read ``extensions.cost``; returns the requested cost it reported, if any."""
        cost = _d(_d(extensions).get("cost"))
        status = _d(cost.get("throttleStatus"))
        try:
            if status.get("currentlyAvailable") is not None:
                self.available = float(status["currentlyAvailable"])
            if status.get("restoreRate") is not None:
                self.restore_rate = float(status["restoreRate"])
            requested = cost.get("requestedQueryCost")
            return float(requested) if requested is not None else None
        except (TypeError, ValueError):
            return None

    def delay(self, cost: float) -> float:
        """Seconds until ``cost`` points are available (0 when they are, or nothing is known)."""
        if self.available is None or not self.restore_rate or self.restore_rate <= 0:
            return 0.0
        if self.available >= cost:
            return 0.0
        return min((cost - self.available) / self.restore_rate, MAX_WAIT)


def _codes(errors: Any) -> list[str]:
    if not isinstance(errors, list):
        return []
    return [str(_d(_d(e).get("extensions")).get("code") or "") for e in errors]


def _messages(errors: Any) -> str:
    if isinstance(errors, list):
        return "; ".join(str(_d(e).get("message") or e) for e in errors)[:300]
    return str(errors)[:300]


def execute(
    session: ShopifySession,
    throttle: Throttle,
    query: str,
    variables: Mapping[str, Any],
    cost: float,
    field: str,
) -> Mapping[str, Any]:
    """Run one query, waiting for the cost budget and through THROTTLED answers."""
    url = f"{session.api_base}/graphql.json"
    for _attempt in range(MAX_THROTTLED):
        session.check_cancel()
        wait = throttle.delay(cost)
        if wait:
            session.log.debug("%s: waiting %.1f s for query-cost budget", session.name, wait)
            session.pause(wait)
            throttle.available = cost  # refilled while waiting
        response = session.request("POST", url, json={"query": query, "variables": dict(variables)})
        body = parse_json(session.name, response)
        if not isinstance(body, dict):
            raise ConnectorError(session.name, "the GraphQL answer is not a JSON object")
        requested = throttle.update(body.get("extensions"))
        errors = body.get("errors")
        data = _d(body.get("data"))
        if not errors:
            if field not in data:
                raise ConnectorError(session.name, f"the GraphQL answer has no '{field}'")
            return data
        codes = _codes(errors)
        if "THROTTLED" in codes:
            pause = throttle.delay(requested or cost) or 1.0
            session.log.info("%s: throttled, waiting %.1f s", session.name, pause)
            session.pause(pause)
            throttle.available = requested or cost
            continue
        if "ACCESS_DENIED" in codes:
            raise AuthenticationError(
                session.name, f"access denied ({_messages(errors)}): the app needs read_orders"
            )
        if "MAX_COST_EXCEEDED" in codes:
            raise ConfigurationError(
                session.name, f"query too expensive ({_messages(errors)}): lower 'page_size'"
            )
        if data.get(field) is not None:
            # partial data, e.g. protected customer fields withheld: keep what was given
            session.log.warning("%s: GraphQL warnings: %s", session.name, _messages(errors))
            return data
        raise ConnectorError(session.name, f"GraphQL error: {_messages(errors)}")
    raise ConnectorError(session.name, f"still throttled after {MAX_THROTTLED} attempts")


def _remaining_lines(
    session: ShopifySession, throttle: Throttle, node: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The line items past the first page of an order that has more."""
    lines: list[dict[str, Any]] = []
    info = _d(_d(node.get("lineItems")).get("pageInfo"))
    after = info.get("endCursor")
    while info.get("hasNextPage") and after:
        data = execute(
            session,
            throttle,
            LINES_QUERY,
            {"id": node.get("id"), "after": after},
            LINES_COST,
            "order",
        )
        connection = _d(_d(data.get("order")).get("lineItems"))
        lines.extend(_line(n) for n in _nodes(connection))
        info = _d(connection.get("pageInfo"))
        if info.get("endCursor") == after:
            break
        after = info.get("endCursor")
    return lines


def pages(
    session: ShopifySession,
    options: Options,
    bookmark: Bookmark | None,
    *,
    max_pages: int | None = None,
) -> Iterator[Page]:
    done = committed(bookmark, session.name)
    since = lower_bound(done, options)
    first = min(options.page_size, max_page_size())
    variables: dict[str, Any] = {"first": first, "after": None, "query": None}
    if since is not None:
        variables["query"] = f"updated_at:>='{iso_utc(since)}'"
    throttle = Throttle()
    max_seen = done
    served = 0
    while True:
        data = execute(session, throttle, ORDERS_QUERY, variables, query_cost(first), "orders")
        connection = _d(data.get("orders"))
        batch = Batch()
        for node in _nodes(connection):
            order = to_rest(node)
            order["line_items"].extend(_remaining_lines(session, throttle, node))
            batch.add(order, session.shop, options.erp_attribute)
        max_seen = later(max_seen, batch.max_updated)
        yield Page(
            options.stream,
            {"api": "graphql", "updated_at": iso_utc(max_seen) if max_seen else None},
            persons=tuple(batch.persons.values()),
            events=tuple(batch.events),
            order_lines=tuple(batch.lines),
            rejections=tuple(batch.rejections),
        )
        served += 1
        info = _d(connection.get("pageInfo"))
        cursor = info.get("endCursor")
        if not info.get("hasNextPage") or not cursor:
            return
        if max_pages is not None and served >= max_pages:
            return
        if cursor == variables["after"]:
            raise ConnectorError(session.name, "the orders cursor did not advance")
        variables["after"] = cursor
