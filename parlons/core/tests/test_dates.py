"""French dates: the first of the month is "1er", in templates and in Python alike."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from parlons.core.dates import date_format, with_ordinal


@pytest.mark.parametrize(
    ("day", "fmt", "expected"),
    [
        (date(2026, 12, 1), "j F Y", "1er décembre 2026"),
        (date(2026, 12, 1), "l j F", "mardi 1er décembre"),
        (date(2026, 12, 11), "j F Y", "11 décembre 2026"),
        (date(2026, 12, 21), "j F Y", "21 décembre 2026"),
        (date(2026, 12, 31), "j F Y", "31 décembre 2026"),
        (date(2026, 12, 2), "j F Y", "2 décembre 2026"),
        (date(2026, 12, 1), "d/m/Y", "01/12/2026"),
    ],
)
def test_the_template_filter_writes_the_first_of_the_month_as_an_ordinal(day, fmt, expected):
    with translation.override("fr"):
        rendered = Template('{{ day|date:"' + fmt + '" }}').render(Context({"day": day}))
    assert rendered == expected


def test_other_languages_keep_their_own_way():
    with translation.override("en"):
        rendered = Template('{{ day|date:"j F Y" }}').render(Context({"day": date(2026, 12, 1)}))
        assert rendered == "1 December 2026"
        assert with_ordinal("1 décembre") == "1 décembre"


def test_python_code_gets_the_same_dates_as_the_pages():
    with translation.override("fr"):
        assert date_format(datetime(2026, 6, 1, 18, 30), "j F à H:i") == "1er juin à 18:30"
        assert with_ordinal("du 1\u00a0mars au 1 avril") == "du 1er\u00a0mars au 1er avril"
        assert with_ordinal("le 1er mai") == "le 1er mai"
