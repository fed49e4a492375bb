"""Every Slack identifier the app answers to: commands, action ids, callback ids, block ids."""

from __future__ import annotations

UNAVAILABLE_COMMAND = "/unavailable"
ONCALL_COMMAND = "/oncall"
COMMANDS = (UNAVAILABLE_COMMAND, ONCALL_COMMAND)  # the manifest test checks them

UNDO_ACTION = "availbot.undo"
REMOVE_ACTION = "availbot.remove"
COVER_ACTION = "availbot.cover_gap"  # the digest's I'll-cover button
HOME_REMOVE_ACTION = "availbot.home_remove"  # Remove in the App Home (no response_url)
OPEN_ADD_ACTION = "availbot.open_add"  # the Home's Add button: opens the modal
EDIT_ACTION = "availbot.edit"  # Edit on a listed record: opens the edit modal
HOME_EDIT_ACTION = "availbot.home_edit"  # Edit in the App Home (no response_url)
SAVE_IMPORT_ACTION = "availbot.import_save"
CANCEL_IMPORT_ACTION = "availbot.import_cancel"
ENABLE_FEED_ACTION = "availbot.feed_enable"  # Enable under a feed's preview (value: its name)
# Covering (docs/alerts.md): Find cover under a record that hits its member's shift; I'll
# cover asks first (Confirm / Cancel) and can be undone; cover requests in a channel.
FIND_COVER_ACTION = "availbot.find_cover"
CONFIRM_COVER_ACTION = "availbot.cover_confirm"  # a digest gap, confirmed
CANCEL_COVER_ACTION = "availbot.cover_cancel"  # any I'll-cover question, dropped
UNDO_COVER_ACTION = "availbot.cover_undo"  # a confirmed gap cover: its override removed
TAKE_REQUEST_ACTION = "availbot.request_take"  # I'll cover on a cover request
CONFIRM_REQUEST_ACTION = "availbot.request_confirm"
WITHDRAW_REQUEST_ACTION = "availbot.request_withdraw"
UNDO_REQUEST_ACTION = "availbot.request_undo"
REMOVE_OVERRIDE_ACTION = "availbot.override_remove"  # Remove under an override in /oncall

# The Add unavailability modal: its callback id, and each input's block id and action id.
# The edit modal is the same form, filled in, under its own callback id.
ADD_MODAL = "availbot.add_modal"
EDIT_MODAL = "availbot.edit_modal"
MEMBER_BLOCK, MEMBER_INPUT = "member", "member_input"
TYPE_BLOCK, TYPE_INPUT = "type", "type_input"  # TYPE_INPUT also loads external options
START_DATE_BLOCK, START_DATE_INPUT = "start_date", "start_date_input"
START_TIME_BLOCK, START_TIME_INPUT = "start_time", "start_time_input"
END_DATE_BLOCK, END_DATE_INPUT = "end_date", "end_date_input"
END_TIME_BLOCK, END_TIME_INPUT = "end_time", "end_time_input"
NOTE_BLOCK, NOTE_INPUT = "note", "note_input"
PREVIEW_ACTIONS_BLOCK = "import_actions"

# The rotation modal (`/oncall new`, Edit under `/oncall ROTATION`): block id = action id.
ROTATION_MODAL = "availbot.rotation_modal"  # private_metadata: the edited rotation's name
EDIT_ROTATION_ACTION = "availbot.rotation_edit"  # value: the rotation's name
ROTATION_NAME = "rotation_name"
ROTATION_MEMBERS = "rotation_members"
ROTATION_SHIFT_COUNT = "rotation_shift_count"
ROTATION_SHIFT_UNIT = "rotation_shift_unit"
ROTATION_WEEKDAY = "rotation_weekday"
ROTATION_TIME = "rotation_time"
ROTATION_ZONE = "rotation_zone"
ROTATION_START = "rotation_start"
ROTATION_CHANNEL = "rotation_channel"

# Shift swaps (`/oncall swap`, Swap on your next shift in App Home): block id = action id.
SWAP_MODAL = "availbot.swap_modal"
SWAP_ACTION = "availbot.swap"  # App Home's Swap: opens the modal
SWAP_MINE = "swap_mine"  # option value: rotation id|start epoch|end epoch
SWAP_THEIRS = "swap_theirs"
ACCEPT_SWAP_ACTION = "availbot.swap_accept"  # value: the swap's id
DECLINE_SWAP_ACTION = "availbot.swap_decline"

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
CALENDAR_PATH = "/calendar/{token}.ics"  # a calendar feed (bot.api.calendar), behind its token

# Events the manifest subscribes to; each has a listener (an unhandled one gets 404 and is
# redelivered): the Home tab (bot.listeners.home) and uploads (bot.listeners.files).
HOME_OPENED_EVENT = "app_home_opened"
MESSAGE_EVENT = "message"
FILE_SHARED_EVENT = "file_shared"
EVENTS = (HOME_OPENED_EVENT, MESSAGE_EVENT, FILE_SHARED_EVENT)
