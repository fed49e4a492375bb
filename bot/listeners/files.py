"""CSV uploads (docs/imports.md): each file taken once, previewed in its thread, Save or Cancel.

Slack announces one upload several times (a `message` with subtype file_share, a
`file_shared` event, and retries of either); each delivery is acknowledged at once and
handled lazily, where the database claims (event id, then file id) let exactly one through.
When Slack fails a delivery midway (files.info, or the preview's post, still failing after
retries), the uploader is told to upload again and the claims are given back.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Respond
from slack_sdk.errors import SlackClientError

from bot.blocks.kit import Message
from bot.blocks.preview import (
    build_import_outcome,
    build_preview,
    build_reading,
    build_upload_failed,
    build_upload_lost,
    build_upload_refused,
)
from bot.blocks.replies import build_notice
from bot.ids import CANCEL_IMPORT_ACTION, FILE_SHARED_EVENT, MESSAGE_EVENT, SAVE_IMPORT_ACTION
from bot.listeners.reading import ReadingNotice
from bot.listeners.replying import Refusal, deferred, reply_with, settle
from bot.payloads import SlackFile, Upload, block_action, clicked_message, slack_file, upload
from bot.services import Services, Turn, turn_for
from bot.slack_api import (
    SlackUnavailable,
    file_info,
    message_text,
    passing_trouble,
    post_ephemeral,
    post_message,
    react,
    update_message,
)
from bot.uploads import download
from core.imports.commit import cancel_import, commit_import
from core.imports.model import ImportRecord
from core.imports.preview import SyncRequest, preview_import
from core.imports.read import rows_about
from core.imports.uploads import (
    claim_upload,
    first_delivery,
    forget_delivery,
    is_csv_upload,
    sync_source_in,
)
from core.imports.view import StoredRows, import_message, import_view

log = logging.getLogger(__name__)
RECEIVED = "eyes"  # the reaction that says "got it, reading"
PREVIEW_PAUSES = (1.0, 2.0)  # before posting the preview again after Slack's own trouble


def register(app: App, services: Services) -> None:
    def uploaded(body: dict[str, Any]) -> None:
        found = upload(body)
        if found is not None:
            outcome = settle(lambda: receive(services, found))
            if isinstance(outcome, Refusal):
                log.warning("upload in %s not handled: %s", found.channel_id, outcome.words)

    for event in (MESSAGE_EVENT, FILE_SHARED_EVENT):
        app.event(event)(deferred(services, uploaded))

    def save(body: dict[str, Any], respond: Respond) -> None:
        reply_with(respond, lambda: _save(services, body))

    def cancel(body: dict[str, Any], respond: Respond) -> None:
        reply_with(respond, lambda: _cancel(services, body))

    app.action(SAVE_IMPORT_ACTION)(deferred(services, save))
    app.action(CANCEL_IMPORT_ACTION)(deferred(services, cancel))


def receive(services: Services, found: Upload) -> None:
    """One delivery: new event id? then, for each CSV file, the file's claim; only its
    winner reacts, downloads, previews and posts in the upload's thread."""
    turn = turn_for(services, found.team_id, found.user_id)
    if not first_delivery(services.store, turn.ws, found.event_id, turn.now):
        return
    for shared in found.files:
        text = found.text
        if shared.url:
            file = shared
        else:  # a file_shared event: ids only (files.info is retried by the client)
            try:
                file = slack_file(file_info(services.client, shared.id), found.channel_id)
            except SlackUnavailable as failure:
                # nothing was done: Slack's retry of this event must not be ignored
                forget_delivery(services.store, turn.ws, event_id=found.event_id)
                if turn.actor.is_admin:  # whose CSV it may have been; others upload no CSVs
                    _tell(turn, found, build_upload_lost("", failure.error))
                continue
        if not is_csv_upload(file.name, file.filetype):
            continue
        if not shared.url and file.message_ts and turn.actor.is_admin:
            # the words that ask for a sync are in the upload's message, not in this event
            text = message_text(services.client, found.channel_id, file.message_ts, file.thread_ts)
        _take(turn, found, file, text)


def _take(turn: Turn, found: Upload, file: SlackFile, text: str) -> None:
    client, channel = turn.services.client, found.channel_id
    claimed = settle(
        lambda: claim_upload(
            turn.services.store, turn.actor, workspace_id=turn.ws, file_id=file.id, now=turn.now
        )
    )
    if isinstance(claimed, Refusal):
        post_ephemeral(client, channel, found.user_id, build_upload_refused(claimed.words))
        return
    if not claimed:
        return
    message_ts, thread_ts = found.message_ts or file.message_ts, found.thread_ts or file.thread_ts
    if message_ts:
        react(client, channel, message_ts, RECEIVED)
    previewed = settle(lambda: _preview(turn, file, text, (channel, thread_ts)))
    if isinstance(previewed, Refusal):
        previewed = build_upload_failed(file.name, previewed.words)
    try:
        _post_preview(turn, channel, previewed, thread_ts)
    except (SlackUnavailable, SlackClientError, OSError) as exc:
        # the admin would see only the reaction, and the file would stay claimed for good
        forget_delivery(turn.store, turn.ws, event_id=found.event_id, file_id=file.id)
        if isinstance(exc, SlackUnavailable):
            _tell(turn, found, build_upload_lost(file.name, exc.error))
        else:  # the answer was lost: Slack may have posted it
            _tell(turn, found, build_upload_lost(file.name, "", unsure=True))


def _post_preview(turn: Turn, channel: str, preview: Message, thread_ts: str | None) -> None:
    """Post the preview, again after a pause while Slack answers with trouble of its own
    (HTTP 5xx, internal_error): a second preview of the same import would be harmless, as
    Save takes an import once. Not after a lost answer: that preview may be in the thread."""
    client = turn.services.client
    for pause in (*PREVIEW_PAUSES, None):
        try:
            post_message(client, channel, preview, thread_ts=thread_ts)
            return
        except SlackUnavailable as failure:
            if pause is None or passing_trouble("chat.postMessage", failure) is None:
                raise
            log.info("Slack failed the preview (%s); posting again in %g s", failure.error, pause)
            turn.services.sleep(pause)


def _tell(turn: Turn, found: Upload, told: Message) -> None:
    """An ephemeral word to the uploader; only logged when Slack will not take that either."""
    try:
        post_ephemeral(turn.services.client, found.channel_id, found.user_id, told)
    except (SlackUnavailable, SlackClientError, OSError) as exc:
        log.warning("could not tell %s about their upload: %s", found.user_id, exc)


def _preview(turn: Turn, file: SlackFile, text: str, thread: tuple[str, str | None]) -> Message:
    """The preview to post in `thread` (channel, ts), where a long one is announced first."""
    settings = turn.services.settings
    source = sync_source_in(text)
    data = download(file, token=settings.slack_bot_token or "", api_url=settings.slack_api_url)
    reading = build_reading(file.name, rows_about(data))
    client = turn.services.client
    notice = ReadingNotice(lambda: post_message(client, thread[0], reading, thread_ts=thread[1]))
    plan = preview_import(
        turn.services.store,
        turn.actor,
        workspace_id=turn.ws,
        data=data,
        file_name=file.name,
        default_zone=turn.zone_of(None).key,
        now=turn.now,
        lookup=turn.lookup_email,
        sync=None if source is None else SyncRequest(source),
        progress=notice,
    )
    view = import_view(turn.services.store, plan.record, plan.rows, plan.sync, known=plan.members)
    return build_preview(view, turn.zone_of, turn.now)


def _save(services: Services, body: dict[str, Any]) -> tuple[Message, dict[str, Any]]:
    """Save exactly once, however many clicks by however many admins."""
    turn, import_id = _clicked(services, body)
    outcome = commit_import(
        services.store, turn.actor, workspace_id=turn.ws, import_id=import_id, now=turn.now
    )
    return _settled(turn, body, outcome.record, already_saved=outcome.already_saved)


def _cancel(services: Services, body: dict[str, Any]) -> tuple[Message, dict[str, Any]]:
    turn, import_id = _clicked(services, body)
    record = cancel_import(
        services.store, turn.actor, workspace_id=turn.ws, import_id=import_id, now=turn.now
    )
    return _settled(turn, body, record, already_saved=False)


def _clicked(services: Services, body: dict[str, Any]) -> tuple[Turn, str]:
    action = block_action(body)
    return turn_for(services, action.team_id, action.user_id), action.value


def _settled(
    turn: Turn, body: dict[str, Any], record: ImportRecord, *, already_saved: bool
) -> tuple[Message, dict[str, Any]]:
    """The preview now says who saved or cancelled it and when, without buttons; the
    clicker is told what happened (`already saved by X at T` for a late click)."""
    store = turn.services.store
    view = import_view(store, record, StoredRows(store, turn.ws, record.id))  # shows ten
    where = clicked_message(body)
    if where is not None:
        shown = build_import_outcome(view, turn.zone_of, turn.now)
        update_message(turn.services.client, where.channel, where.ts, shown)
    words = import_message(view, already_saved=already_saved, tz=turn.zone_of(turn.me))
    return build_notice(words), {"replace_original": False}
