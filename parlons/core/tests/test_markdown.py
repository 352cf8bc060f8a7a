"""Rendered Markdown: French typography in French text, never in code, URLs or attributes."""

from parlons.core.markdown import french_spacing, render_markdown

NARROW = "\u202f"
NBSP = "\u00a0"


def test_french_text_gets_non_breaking_spaces_before_high_punctuation_and_in_guillemets():
    html = render_markdown("Vraiment ? Oui ! Voici la liste : un ; deux. « Bonjour »")
    assert html == (
        f"<p>Vraiment{NARROW}? Oui{NARROW}! Voici la liste{NBSP}: un{NARROW}; deux. "
        f"«{NBSP}Bonjour{NBSP}»</p>"
    )


def test_code_urls_and_attributes_are_left_as_written():
    text = (
        "Lancez `parlons scrub --labels phone ; echo fini` puis lisez "
        '[la notice ?](https://exemple.fr/a?b=1 "Quoi ? Tout") : voilà !\n\n'
        "    code : bloc ?\n"
    )
    html = render_markdown(text)
    assert "<code>parlons scrub --labels phone ; echo fini</code>" in html
    assert 'href="https://exemple.fr/a?b=1"' in html
    assert 'title="Quoi ? Tout"' in html
    assert f">la notice{NARROW}?</a>{NBSP}: voilà{NARROW}!" in html
    assert "<pre><code>code : bloc ?\n</code></pre>" in html


def test_no_space_is_added_where_the_writer_put_none():
    assert render_markdown("Rendez-vous à 12:30, voir https://exemple.fr?x") == (
        "<p>Rendez-vous à 12:30, voir https://exemple.fr?x</p>"
    )


def test_english_text_is_left_alone():
    assert render_markdown("Really ? Yes : fine !", language="en") == (
        "<p>Really ? Yes : fine !</p>"
    )


def test_a_quoted_attribute_holding_a_bracket_stays_one_tag():
    html = '<a title="a > b ?" href="/x">lien ?</a>'
    assert french_spacing(html) == f'<a title="a > b ?" href="/x">lien{NARROW}?</a>'
