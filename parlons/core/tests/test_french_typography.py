"""French typography in every template and Python string: a no-break space before ; : ! ?
and inside « ».

Templates are read from the template sources (the text between tags, and the strings of
`{% translate %}`), so that a page nobody crawls is checked too. Code is not text:
template tags, variables, comments and HTML tags are left out. Python modules are read
as tokens: docstrings, raw strings and f-string expressions are left out.
"""

import io
import re
import tokenize
from pathlib import Path

import polib

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


# Python strings: every literal a module writes (messages, form errors, e-mails, command
# output, PDF text), but not docstrings, raw strings (patterns) nor f-string expressions.
PYTHON_LEFT_ALONE = (
    "/tests/",
    "/migrations/",
    "privacy/scrubber/",
    "core/markdown.py",
    "initiatives/standard.py",  # the national schema's own labels, matched as is
    "conftest.py",
)
F_EXPRESSION = re.compile(r"\{\{|\}\}|\{(?:[^{}]|\{[^{}]*\})*\}")
# In source, the mark may be followed by an escape ("Usage :\n").
WRONG_IN_SOURCE = re.compile(r"(?:^|(?<=\S)) ([:;!?])(?=[\s\"'<\\]|$)|« | »")


def python_faults(source: str) -> list[str]:
    skipped = {tokenize.NL, tokenize.COMMENT}
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type not in skipped
    ]
    statement = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
    found = []
    for index, token in enumerate(tokens):
        prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
        if token.type != tokenize.STRING or "r" in prefix or "b" in prefix:
            continue
        before = tokens[index - 1].type if index else tokenize.NEWLINE
        if before in statement and tokens[index + 1].type == tokenize.NEWLINE:
            continue  # a docstring
        text = token.string[len(prefix) :].strip("\"'")
        if "f" in prefix:
            text = F_EXPRESSION.sub("x", text)
        found += [
            f"ligne {token.start[0]}: {token.string[:80]}" for _ in WRONG_IN_SOURCE.finditer(text)
        ][:1]
    return found


def test_the_source_check_catches_plain_spaces_and_spares_code():
    source = (
        '"""Docstring : free."""\n'
        'x = _("Phase : %(name)s")\n'
        'y = f"{a if b else c} {d:>3} «\\u00a0{e}\\u00a0»\\u00a0!"\n'
        'z = re.compile(r"a ? b")\n'
        'w = "Usage :\\n" + " ; ".join(v)\n'
    )
    assert python_faults(source) == [
        'ligne 2: "Phase : %(name)s"',
        'ligne 5: "Usage :\\n"',
        'ligne 5: " ; "',
    ]


def test_every_python_string_uses_french_typography():
    """A string shown to a person, written with a plain space before ; : ! ? or inside
    « »: write U+00A0 there (`.venv/bin/python scripts/french-typography FILE` does it),
    then `make messages`. See docs/decisions/0016-french-typography-in-the-source.md."""
    problems = {
        str(path.relative_to(PARLONS)): found
        for path in sorted(PARLONS.glob("**/*.py"))
        if (
            not any(part in str(path) for part in PYTHON_LEFT_ALONE)
            or str(path).endswith("privacy/scrubber/jsonlines.py")  # its command-line messages
        )
        and (found := python_faults(path.read_text()))
    }
    assert problems == {}, "Espaces ordinaires à remplacer par des espaces insécables :\n" + (
        "\n".join(f"{name}, {fault}" for name, faults in problems.items() for fault in faults)
    )


def test_every_catalogue_msgid_uses_french_typography():
    wrong = re.compile(r"\S ([:;!?])(?=[\s\"'<]|$)|« | »")
    problems = [
        f"{path.relative_to(PARLONS)}: {entry.msgid[:80]!r}"
        for path in sorted(PARLONS.glob("*/locale/*/LC_MESSAGES/django.po"))
        for entry in polib.pofile(str(path))
        if wrong.search(entry.msgid) or wrong.search(entry.msgid_plural or "")
    ]
    assert problems == [], "\n".join(problems)


def test_truncatewords_keeps_no_break_spaces_and_otherwise_does_as_django():
    from django.template import Context, Template
    from django.template.defaultfilters import truncatewords as django_truncatewords

    from parlons.core.templatetags.french_text import truncatewords

    for text in ["  un deux\n\ntrois quatre  ", "un", "", "un deux trois", "a\tb c d e f"]:
        for length in [0, 1, 3, 10]:
            assert truncatewords(text, length) == django_truncatewords(text, length)
    assert truncatewords("Le maire\u00a0: il faut\u202f! Oui", 4) == "Le maire\u00a0: il …"
    rendered = Template("{{ text|truncatewords:2 }}").render(Context({"text": "Merci\u00a0! a b"}))
    assert rendered == "Merci\u00a0! …"


def test_one_line_keeps_the_no_break_spaces_of_french_typography():
    from parlons.core.french import one_line

    typed = "  Une affiche\n« Permanence »\xa0:\t deux\u202fpostes  "
    assert one_line(typed) == "Une affiche « Permanence »\xa0: deux\u202fpostes"


def test_a_colon_after_a_link_is_written_as_each_language_writes_it():
    """« Titre : … » in French, "Title: …" in English (templates: `{% colon %}`)."""
    from django.template import Context, Template
    from django.utils import translation

    template = Template('<a href="#x">{{ name }}</a>{% colon %} {{ error }}')
    context = {"name": "Titre", "error": "obligatoire"}
    with translation.override("fr"):
        assert template.render(Context(context)) == '<a href="#x">Titre</a>\u00a0: obligatoire'
    with translation.override("en"):
        assert template.render(Context(context)) == '<a href="#x">Titre</a>: obligatoire'
