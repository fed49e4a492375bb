"""Downloading an upload: only from Slack's file host or SLACK_API_URL's host, with the bot
token, no redirect elsewhere, and only what really is the file (core.imports.uploads checks it)."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from bot.payloads import SlackFile
from core.errors import UnreadableFile
from core.imports.read import MAX_BYTES
from core.imports.uploads import check_declared_size, check_download

SLACK_FILE_HOST = "files.slack.com"
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 30
_REDIRECTS = (301, 302, 303, 307, 308)


def download(file: SlackFile, *, token: str, api_url: str) -> bytes:
    """The file's bytes, refused before any request when Slack says it is too large."""
    check_declared_size(file.size)
    url = file.url or ""
    for _ in range(MAX_REDIRECTS + 1):
        if not allowed_host(url, api_url):
            raise UnreadableFile(
                f"its address is not on Slack's file host ({SLACK_FILE_HOST}) or the "
                "configured SLACK_API_URL host, so availbot did not fetch it"
            )
        status, location, content_type, data = _get(url, token)
        if status in _REDIRECTS and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise UnreadableFile(f"Slack answered the download with HTTP {status}")
        return check_download(content_type, data)
    raise UnreadableFile("Slack redirected the download too many times")


def allowed_host(url: str, api_url: str) -> bool:
    """https://files.slack.com, or the scheme, host and port of SLACK_API_URL."""
    found, api = urlsplit(url), urlsplit(api_url)
    if found.scheme == "https" and found.hostname == SLACK_FILE_HOST:
        return True
    same = (found.scheme, found.hostname, found.port) == (api.scheme, api.hostname, api.port)
    return same and found.scheme in ("https", "http") and bool(found.hostname)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so each hop's host is checked before the token goes."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _get(url: str, token: str) -> tuple[int, str | None, str, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_BYTES + 1)
            return response.status, None, response.headers.get("Content-Type", ""), data
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get("Location"), "", b""
    except (urllib.error.URLError, TimeoutError) as exc:
        raise UnreadableFile(f"the download from Slack failed ({exc})") from exc
