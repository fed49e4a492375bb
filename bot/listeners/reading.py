"""The "reading N rows…" line in an upload's thread, when its preview takes a while."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackClientError

from bot.slack_api import SlackUnavailable

log = logging.getLogger(__name__)
NOTICE_AFTER_SECONDS = 3.0  # a preview quicker than this needs no word before it


class ReadingNotice:
    """A preview's progress (core.imports.plan.Progress): once it has taken
    NOTICE_AFTER_SECONDS, `post()` says in the thread that the file is being read. Once;
    a courtesy whose failure never fails the preview."""

    def __init__(
        self, post: Callable[[], object], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.post, self.clock = post, clock
        self.began = clock()
        self.posted = False

    def __call__(self, read: int, planned: int) -> None:
        if self.posted or self.clock() - self.began < NOTICE_AFTER_SECONDS:
            return
        self.posted = True
        try:
            self.post()
        except (SlackUnavailable, SlackClientError, OSError) as exc:
            log.warning("could not say the upload is being read: %s", exc)
