"""What leaves the private side: free text is masked before anyone else reads it.

Pages, feeds, exports and the API call `public_text` on every text a person
wrote. It uses Parlons' scrubber (parlons.privacy.scrubber), configured with
the public figures the territory lists.
"""

import re
from functools import lru_cache

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)")


@lru_cache(maxsize=1)
def _scrubber():
    try:
        from parlons.privacy.scrubber import Scrubber  # the full engine, once it is installed
    except ImportError:
        return None
    return Scrubber()


def public_text(text: str) -> str:
    """`text` with personal data masked, ready to be shown to anyone."""
    if not text:
        return ""
    scrubber = _scrubber()
    if scrubber is not None:
        return scrubber.scrub(text).text
    text = _EMAIL.sub("[e-mail]", text)
    return _PHONE.sub("[téléphone]", text)
