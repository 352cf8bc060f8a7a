"""What leaves the private side: free text is masked before anyone else reads it.

Pages, feeds, exports and the API call `public_text` on every text a person
wrote. It uses Parlons' scrubber (parlons.privacy.scrubber), which keeps the
names of the public figures and organisations the territory lists.
"""

import time

from parlons.core.queries import current_territory
from parlons.privacy.scrubber import Scrubber

# The territory's list changes rarely; re-reading it for every text would cost
# a query per contribution on a page. A minute of staleness is acceptable.
_TTL_SECONDS = 60.0
_cache: dict[str, object] = {"until": 0.0, "names": None, "scrubber": None}


def _scrubber() -> Scrubber:
    now = time.monotonic()
    if now >= _cache["until"]:
        territory = current_territory()
        names = tuple(territory.public_name_list) if territory else ()
        if names != _cache["names"] or _cache["scrubber"] is None:
            _cache["scrubber"] = Scrubber(allowlist=names) if names else Scrubber()
            _cache["names"] = names
        _cache["until"] = now + _TTL_SECONDS
    return _cache["scrubber"]


def forget_cached_scrubber() -> None:
    """Called after the territory's public names change, and by tests."""
    _cache["until"] = 0.0


def public_text(text: str) -> str:
    """`text` with personal data masked, ready to be shown to anyone."""
    if not text:
        return ""
    return _scrubber().scrub(text).text
