"""Markdown written by staff, rendered to HTML that is safe to show."""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str, language: str = "fr") -> SafeString:
    """Markdown to sanitised HTML: no script, no style, no image from another host.

    `language` is the language of `text` (French for what staff write; a notice's
    English version says "en"): French text gets its non-breaking spaces.
    """
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    if language == "fr":
        clean = french_spacing(clean)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3, then only spaces changed


NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# A tag, its quoted attributes included: "<a title=\"a > b\">" is one tag.
TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
SPACE_BEFORE_HIGH_PUNCTUATION = re.compile(r"[ \t\u00a0\u202f]+(?=[;!?])")
SPACE_BEFORE_COLON = re.compile(r"[ \t\u00a0\u202f]+(?=:)")
SPACE_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \t\u00a0\u202f]+")
SPACE_BEFORE_CLOSING_GUILLEMET = re.compile(r"[ \t\u00a0\u202f]+»")
VERBATIM_TAGS = re.compile(r"<(/?)(code|pre)\b", re.IGNORECASE)


def french_spacing(html: str) -> str:
    """French typography in the text of `html`: the space a writer typed before ; ! ?
    becomes a narrow non-breaking space, before : and inside « » a non-breaking
    space, so that the sign never wraps to the next line away from its word.

    Only text is touched: not tags nor their attributes (URLs), nor what is inside
    <code> and <pre>. A missing space is not added ("12:30", "https://").
    """
    pieces = TAG.split(html)
    verbatim = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            opening = VERBATIM_TAGS.match(piece)
            if opening is not None:
                verbatim = max(0, verbatim + (-1 if opening.group(1) else 1))
            continue
        if verbatim or not piece:
            continue
        # A no-break space typed in the text comes out of Markdown as "&nbsp;".
        piece = piece.replace("&nbsp;", NBSP)
        piece = SPACE_BEFORE_HIGH_PUNCTUATION.sub(NARROW_NBSP, piece)
        piece = SPACE_BEFORE_COLON.sub(NBSP, piece)
        piece = SPACE_AFTER_OPENING_GUILLEMET.sub("«" + NBSP, piece)
        pieces[index] = SPACE_BEFORE_CLOSING_GUILLEMET.sub(NBSP + "»", piece)
    return "".join(pieces)
