"""French typography in every template: a no-break space before ; : ! ? and inside « ».

Read from the template sources (the text between tags, and the strings of
`{% translate %}`), so that a page nobody crawls is checked too. Code is not text:
template tags, variables, comments and HTML tags are left out.
"""

import re
from pathlib import Path

PARLONS = Path(__file__).resolve().parents[2]
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^>]*>", re.S)
TRANSLATED = re.compile(
    r"\{%\s*(?:translate|trans)\s+(\"[^\"]*\"|'[^']*')|_\((\"[^\"]*\"|'[^']*')\)"
    r"|\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*endblocktranslate",
    re.S,
)
# A plain space before the mark (a no-break one is U+00A0 or U+202F), or after « / before ».
WRONG = re.compile(r"\S ([:;!?])(?=[\s\"'<]|$)|« | »")


def texts(source: str) -> list[str]:
    """The French a person reads: text between tags, and the translated strings."""
    found = [
        next(group for group in match.groups() if group is not None)
        for match in TRANSLATED.finditer(source)
    ]
    # Tags become a visible mark so that "{{ name }} :" is still caught.
    found.append(TAG.sub("x", source))
    return found


def faults(source: str) -> list[str]:
    return [
        text[max(0, match.start() - 25) : match.end() + 5]
        for text in texts(source)
        for match in WRONG.finditer(text)
    ]


def test_the_check_catches_plain_spaces_and_spares_code():
    assert faults('{{ x|default:_("Rien : vide") }}') == ['"Rien : vide']
    assert faults('<b title="{% blocktranslate %}Lancer : {{ a }}{% endblocktranslate %}">') == [
        "Lancer : {{ a"
    ]
    assert faults('<p>{% translate "Phase en cours :" %}</p>') == ['"Phase en cours :"']
    assert faults("{{ name }} : oui") == ["x : oui"]
    assert faults("<p>« oui »</p>") == ["x« oui »", "x« oui »x"]
    assert faults('{{ d|date:"H:i" }} <a href="?page=2">Suite\u00a0!</a> «\u00a0oui\u00a0»') == []


def test_every_template_uses_french_typography():
    problems = {
        str(path.relative_to(PARLONS)): found
        for path in sorted(PARLONS.glob("*/templates/**/*"))
        if path.suffix in {".html", ".txt"} and (found := faults(path.read_text()))
    }
    assert problems == {}
