"""Time as people say it and as availbot keeps it: UTC spans, local days in named zones
with their daylight-saving rules, WHEN phrases read into spans, spans put back into words,
and public-holiday calendars."""
