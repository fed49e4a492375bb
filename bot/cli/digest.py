"""`availbot digest`: render (or post) a channel's digest; `availbot demo`: see it without Slack."""

from __future__ import annotations

import argparse
from datetime import time

from bot.blocks.digest import build_digest
from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.words.digest_text import digest_text
from core.digest.compose import Digest, compose_digest
from core.digest.due import Subscription
from core.errors import SlackNotConfigured
from core.people.permissions import require_admin
from core.time.phrases import parse_date
from core.time.spans import zone
from core.workspaces import workspace_zone


def digest(ctx: Context, args: argparse.Namespace) -> Output:
    if args.post:  # admins only, as in Slack: a post speaks to the whole channel
        require_admin(ctx.actor, "post the digest on demand")
    subscription = ctx.store.digests.for_channel(ctx.ws, args.channel) or Subscription(
        id="unsubscribed",
        workspace_id=ctx.ws,
        channel=args.channel,
        at=time(9),
        zone=workspace_zone(ctx.workspace, ctx.settings.timezone),
    )
    tz = zone(subscription.zone)
    day = (
        parse_date(args.date, tz=tz, now=ctx.now, date_order=ctx.settings.date_order)
        if args.date
        else ctx.now.astimezone(tz).date()
    )
    composed = compose_digest(ctx.store, subscription, day, now=ctx.now)
    if args.post:
        return _post(ctx, subscription, composed)
    text = digest_text(composed)
    return Output(
        {"ok": True, "channel": args.channel, "date": day.isoformat(), "text": text}, text
    )


def _post(ctx: Context, subscription: Subscription, composed: Digest) -> Output:
    """Post now, besides the scheduled digest (which this does not replace)."""
    if not ctx.settings.slack_configured:
        raise SlackNotConfigured("--post", "--print works without.")
    # Imported here: slack_sdk costs every other command a tenth of a second to load.
    from bot.jobs.digest_poster import SlackDigestPoster
    from bot.slack_api import make_client

    poster = SlackDigestPoster(make_client(ctx.settings))
    key = f"manual:{subscription.channel}:{composed.local_date}:{ctx.now.isoformat()}"
    ts = poster.post(subscription.channel, build_digest(composed), key=key)
    result = {
        "ok": True,
        "channel": subscription.channel,
        "date": composed.local_date.isoformat(),
        "ts": ts,
    }
    return Output(result, f"Posted the digest of {composed.local_date} to {subscription.channel}.")


def register(commands: Group) -> None:
    render = command(commands, "digest", "render (or post) a channel's digest", digest)
    render.add_argument("--channel", required=True, help="Slack channel id, e.g. C0123")
    render.add_argument("--date", help="the local date (default: today in the digest's zone)")
    how = render.add_mutually_exclusive_group()
    how.add_argument("--print", action="store_true", help="print it as text (default)")
    how.add_argument("--post", action="store_true", help="post it to the channel now")
