"""`next`: a person is sent back to this site only."""

import pytest
from django.test import RequestFactory

from parlons.core.redirects import safe_next

FOREIGN = ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", FOREIGN)
def test_a_foreign_next_falls_back(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/demarches/") == "/demarches/"
    assert safe_next(RequestFactory().get("/", {"next": target}), "/") == "/"


@pytest.mark.parametrize(
    "target", ["/demarches/transition/contributions/?page=2", "http://testserver/equipe/"]
)
def test_a_next_on_this_site_is_followed(target):
    assert safe_next(RequestFactory().post("/", {"next": target}), "/") == target
