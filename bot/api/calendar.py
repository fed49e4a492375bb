"""`GET /calendar/{token}.ics`: a calendar feed (docs/calendar.md), for calendar servers;
`HEAD` answers the same headers without the body.

The token is the feed's own authentication: no API key, and the API switch does not apply
(feeds are turned off by revoking their links). An unknown or revoked token, or a feed
whose member or rotation is gone, is the same 404 as a path that does not exist."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

import falcon

from bot.api.caller import ApiApp, ApiServices
from bot.api.ics import EVENTS, http_date, render
from bot.api.ics_zones import faithful
from bot.ids import CALENDAR_PATH
from core.calendar.feeds import last_modified, read_feed, written_events
from core.calendar.links import open_link
from core.calendar.model import Feed, digest

MEDIA = "text/calendar; charset=utf-8"
# Clients may keep a copy but must ask again (a revoked link must stop at once); the
# answer is for the one holder of the link, never for a shared cache.
CACHE_CONTROL = "private, no-cache"


class CalendarFeed:
    public = True

    def __init__(self, services: ApiServices) -> None:
        self._services = services

    def on_get(self, req: falcon.Request, resp: falcon.Response, token: str) -> None:
        services = self._services
        now = services.clock()
        link = open_link(services.store, token, now, secret=services.settings.calendar_secret)
        feed = None
        if link is not None:
            feed = read_feed(services.store, link, default_zone=services.settings.timezone, now=now)
        if feed is None:
            raise falcon.HTTPNotFound()
        feed = faithful(feed)
        tag = version_tag(feed)
        modified = last_modified(services.store, feed, tag, now)
        resp.set_header("ETag", f'W/"{tag}"')
        resp.set_header("Last-Modified", http_date(modified))
        resp.set_header("Cache-Control", CACHE_CONTROL)
        if not_modified(req, tag, modified, now):
            resp.status = falcon.HTTP_304
            return
        resp.content_type = MEDIA
        resp.data = render(feed, written_events(services.store, feed, now, EVENTS))

    # Falcon sends no body for HEAD and gives the Content-Length the GET's body has: some
    # calendar servers check a link with HEAD before subscribing to it.
    on_head = on_get


def version_tag(feed: Feed) -> str:
    """The ETag's value: the feed's events and title, as this edition writes them. Weak
    (`W/`): another instance may write the same events with another DTSTAMP."""
    return digest(f"{EVENTS.edition}\n{feed.content_hash}")[:32]


def not_modified(req: falcon.Request, tag: str, modified: datetime, now: datetime) -> bool:
    """RFC 9110 §13.1: If-None-Match (weak comparison) decides when sent; else
    If-Modified-Since, ignored when unreadable or later than now (§13.1.3: such a date is
    invalid, and would hide every change until then)."""
    if req.get_header("If-None-Match"):
        tags = req.if_none_match or []
        return any(sent in ("*", tag) for sent in tags)
    since = req.get_header("If-Modified-Since")
    if not since:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and modified <= when <= now


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds the feeds' route."""
    app.add_route(CALENDAR_PATH, CalendarFeed(services))
