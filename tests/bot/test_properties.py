"""Any command text, sent through the signed HTTP path, gets a helpful ephemeral answer."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.payloads import clean_text, opens_modal
from tests.bot.conftest import SignedClient

SUBCOMMANDS = ["add", "list", "remove", "types", "who", "import", "help", "types add", ""]
WORDS = ["today", "tomorrow", "fri", "next week", "mar 10", "<@UANN|ann>", "<@UBOB>", "all"]


def slack_escaped(text: str) -> str:
    """What Slack sends for typed text: `&`, `<` and `>` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


texts = st.one_of(
    st.text(max_size=60).map(slack_escaped),
    st.builds(
        lambda sub, words, tail: " ".join([sub, *words, tail]).strip(),
        st.sampled_from(SUBCOMMANDS),
        st.lists(st.sampled_from(WORDS), max_size=3),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(slack_escaped),
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts, command=st.sampled_from(["/unavailable", "/oncall"]))
def test_any_text_gets_an_ephemeral_answer_within_the_deadline(
    slack: SignedClient, text: str, command: str
) -> None:
    opened = len(slack.standin.calls_to("views.open"))
    reply = slack.command(text, command=command)
    assert reply.status == 200
    assert reply.seconds < 3.0
    if command == "/unavailable" and opens_modal(clean_text(text)):
        slack.standin.wait_for_call("views.open", opened + 1)  # the Add modal, not a message
        return
    message = slack.standin.wait_for_post(slack.last)
    assert message["response_type"] == "ephemeral"
    assert message["text"].strip()
    assert "Something went wrong" not in message["text"]
    assert len(message["blocks"]) <= 50
