import pytest

from parlons.privacy.scrubber.checksums import iban_is_valid, luhn_is_valid, nir_is_valid, nir_key

pytestmark = pytest.mark.engine


def test_iban_checksum_accepts_the_standard_examples():
    assert iban_is_valid("FR7630006000011234567890189")
    assert iban_is_valid("DE89370400440532013000")
    assert iban_is_valid("BE68539007547034")


def test_iban_checksum_rejects_one_wrong_digit_and_wrong_lengths():
    assert not iban_is_valid("FR7630006000011234567890188")
    assert not iban_is_valid("FR763000600001123456789018")
    assert not iban_is_valid("ZZ7630006000011234567890189")


def test_nir_key_is_97_minus_the_body_modulo_97():
    body = "1850578006084"
    assert nir_key(body) == 97 - int(body) % 97
    assert nir_is_valid(body, f"{nir_key(body):02d}")
    assert not nir_is_valid(body, f"{(nir_key(body) % 97) + 1:02d}")


def test_nir_key_counts_corsica_2a_as_19_and_2b_as_18():
    assert nir_key("269052A123456") == 97 - int("2690519123456") % 97
    assert nir_key("269052B123456") == 97 - int("2690518123456") % 97


def test_luhn_checks_card_numbers():
    assert luhn_is_valid("4970101234567893")
    assert not luhn_is_valid("4970101234567894")
