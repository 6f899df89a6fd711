"""Shopify orders through the legacy REST Admin API (``GET /admin/api/{version}/orders.json``).

For shops that still run a REST custom app. A sweep is one first request
``?status=any&updated_at_min=…&limit=…`` (``status=any``: the default ``open`` would hide
closed and cancelled orders) followed by the ``Link: <…>; rel="next"`` URLs exactly as given:
a ``page_info`` request may carry nothing but ``limit`` and ``fields`` (Shopify answers 400
otherwise), because the first request's filters are frozen into the cursor. The next link must
point at the configured shop, or the token is not sent to it.

Bookmarks. REST does not promise any order within a sweep, so "the newest ``updated_at`` so
far" is only safe once a sweep has finished. While a sweep runs, each page's bookmark keeps the
committed time of the previous sweep and adds the next link and the newest time seen::

    {"api": "rest", "updated_at": "<previous sweep>", "next": "<link>", "max_seen": "…"}

A resumed run follows ``next`` (and starts the sweep over if that cursor is refused). The last
page commits ``updated_at = max_seen``, but never later than the moment the sweep started
(``started``, this computer's clock): an order updated while the sweep ran may have been read
in its old version on an early page, while a later page showed a newer change of another
order. The next sweep starts ``overlap`` before the committed time (which also absorbs a few
minutes of clock skew); the re-read orders map to the same record ids, so they are idempotent
upserts.

Rate limit: a leaky bucket of 40 calls draining at 2/s (Standard plan), reported as
``X-Shopify-Shop-Api-Call-Limit: 32/40``. Above three quarters full the connector waits until
the bucket would be back at three quarters (cancellable). A 429 with its float
``Retry-After: 2.0`` is waited out by the shared client.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from connectors.base import Bookmark, ConnectorError, Page
from connectors.http import parse_json
from connectors.shopify_orders import Batch, Options, committed, iso_utc, later, lower_bound

if TYPE_CHECKING:
    from connectors.shopify import ShopifySession

MAX_LIMIT = 250
CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
LEAK_PER_SECOND = 2.0  # the Standard plan's rate: the slowest, so safe on every plan
PACE_ABOVE = 0.75  # fraction of the bucket above which requests are spaced out


def pace_delay(header: str | None) -> float:
    """Seconds to wait after a response that reported ``used/size`` calls in the bucket."""
    if not header or "/" not in header:
        return 0.0
    used_text, _, size_text = header.partition("/")
    try:
        used, size = float(used_text), float(size_text)
    except ValueError:
        return 0.0
    if size <= 0 or used != used or size != size:  # NaN
        return 0.0
    excess = used - size * PACE_ABOVE
    return min(max(excess / LEAK_PER_SECOND, 0.0), size / LEAK_PER_SECOND)


def _same_shop(url: str, shop: str) -> bool:
    a, b = urlsplit(url), urlsplit(shop)
    return a.scheme == b.scheme and a.netloc.lower() == b.netloc.lower()


def _next_link(response: requests.Response, session: ShopifySession) -> str | None:
    link = response.links.get("next", {}).get("url")
    if not link:
        return None
    if not _same_shop(link, session.shop):
        raise ConnectorError(
            session.name,
            f"the next-page link points away from {session.shop}; not sending the token there",
        )
    return str(link)


def pages(
    session: ShopifySession,
    options: Options,
    bookmark: Bookmark | None,
    *,
    max_pages: int | None = None,
) -> Iterator[Page]:
    done = committed(bookmark, session.name)
    since = lower_bound(done, options)
    first_url = f"{session.api_base}/orders.json"
    first_params: dict[str, Any] = {"status": "any", "limit": options.page_size}
    if since is not None:
        first_params["updated_at_min"] = iso_utc(since)
    url: str = first_url
    params: dict[str, Any] | None = first_params
    max_seen = done
    resumed = False
    started = session.now()
    saved = str(bookmark.get("next") or "") if bookmark else ""
    if saved and not _same_shop(saved, session.shop):
        session.log.warning("%s: the saved next-page link is for another shop", session.name)
    elif bookmark and saved:
        url, params, resumed = saved, None, True
        max_seen = later(done, committed({"updated_at": bookmark.get("max_seen")}, session.name))
        started = committed({"updated_at": bookmark.get("started")}, session.name) or started
    served = 0
    while True:
        session.check_cancel()
        try:
            response = session.request("GET", url, params=params)
        except ConnectorError as exc:
            if not resumed or type(exc) is not ConnectorError:
                raise
            session.log.warning(
                "%s: the saved next-page link failed (%s); starting the sweep again",
                session.name,
                exc,
            )
            url, params, resumed, max_seen = first_url, first_params, False, done
            started = session.now()
            continue
        resumed = False
        body = parse_json(session.name, response)
        orders = body.get("orders") if isinstance(body, dict) else None
        if not isinstance(orders, list):
            raise ConnectorError(session.name, "orders.json answered without an 'orders' list")
        batch = Batch()
        for order in orders:
            batch.add(order, session.shop, options.erp_attribute)
        max_seen = later(max_seen, batch.max_updated)
        link = _next_link(response, session)
        if link is not None and link == url:
            raise ConnectorError(session.name, "the next-page link repeats the current page")
        mark: Bookmark = {"api": "rest", "updated_at": iso_utc(done) if done else None}
        if link is not None:
            mark["next"] = link
            mark["max_seen"] = iso_utc(max_seen) if max_seen else None
            mark["started"] = iso_utc(started)
        elif max_seen is not None:
            capped = min(max_seen, started)
            mark["updated_at"] = iso_utc(max(capped, done) if done else capped)
        yield Page(
            options.stream,
            mark,
            persons=tuple(batch.persons.values()),
            events=tuple(batch.events),
            order_lines=tuple(batch.lines),
            rejections=tuple(batch.rejections),
        )
        served += 1
        if link is None or (max_pages is not None and served >= max_pages):
            return
        session.pause(pace_delay(response.headers.get(CALL_LIMIT_HEADER)))
        url, params = link, None
