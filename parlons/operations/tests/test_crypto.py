"""Encrypted archives: streamed in chunks, readable with their key only, and never silently cut."""

import io
import os
import stat
import struct

import pytest

from parlons.operations import crypto
from parlons.operations.crypto import (
    HEADER_BYTES,
    CryptoError,
    DecryptingReader,
    EncryptingWriter,
    new_key_file,
    read_key_file,
)

# Pure file and byte checks, no database: run once in CI, on the SQLite pass.
pytestmark = pytest.mark.engine


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK_SIZE", 64)


def encrypt(data: bytes, key: bytes, pieces: int = 7) -> bytes:
    sink = io.BytesIO()
    writer = EncryptingWriter(sink, key)
    step = max(1, len(data) // pieces)
    for start in range(0, len(data), step):
        writer.write(data[start : start + step])
    writer.close()
    return sink.getvalue()


def decrypt(blob: bytes, key: bytes, read_size: int = 50) -> bytes:
    reader = DecryptingReader(io.BytesIO(blob), key, "sauvegarde")
    parts = []
    while part := reader.read(read_size):
        parts.append(part)
    return b"".join(parts)


def chunks(blob: bytes) -> list[bytes]:
    found, position = [], HEADER_BYTES
    while position < len(blob):
        (length,) = struct.unpack(">I", blob[position : position + 4])
        found.append(blob[position : position + 4 + length])
        position += 4 + length
    return found


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000])
def test_an_archive_comes_back_whole_whatever_its_size(small_chunks, size):
    key, data = os.urandom(32), os.urandom(size)
    blob = encrypt(data, key)
    assert decrypt(blob, key) == data
    assert data[:16] not in blob[HEADER_BYTES:] or size < 16
    assert len(chunks(blob)) == size // 64 + (1 if size % 64 or size == 0 else 0)


def test_another_key_is_refused_by_its_fingerprint(small_chunks):
    blob = encrypt(b"x" * 500, os.urandom(32))
    with pytest.raises(CryptoError, match="chiffrée avec une autre clé"):
        decrypt(blob, os.urandom(32))


def test_a_changed_byte_is_refused(small_chunks):
    key = os.urandom(32)
    blob = bytearray(encrypt(b"x" * 500, key))
    blob[HEADER_BYTES + 30] ^= 1
    with pytest.raises(CryptoError, match=r"modifiée ou abîmée \(bloc 1 illisible\)"):
        decrypt(bytes(blob), key)


def test_a_cut_off_end_is_refused_even_on_a_chunk_boundary(small_chunks):
    key = os.urandom(32)
    blob = encrypt(b"x" * 500, key)
    whole = chunks(blob)
    cut = blob[:HEADER_BYTES] + b"".join(whole[:-1])  # the last chunk dropped
    with pytest.raises(CryptoError, match="tronquée"):
        decrypt(cut, key)


def test_chunks_in_another_order_are_refused(small_chunks):
    key = os.urandom(32)
    blob = encrypt(os.urandom(500), key)
    first, second, *rest = chunks(blob)
    with pytest.raises(CryptoError, match="bloc 1 illisible"):
        decrypt(blob[:HEADER_BYTES] + second + first + b"".join(rest), key)


def test_data_after_the_last_chunk_is_refused(small_chunks):
    key = os.urandom(32)
    with pytest.raises(CryptoError, match="données en trop"):
        decrypt(encrypt(b"abc", key) + b"\x00", key)


def test_a_new_key_file_is_private_and_never_replaced(tmp_path):
    path = tmp_path / "sauvegardes.cle"
    new_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = read_key_file(path)
    assert len(key) == 32
    with pytest.raises(CryptoError, match="existe déjà"):
        new_key_file(path)
    assert read_key_file(path) == key


@pytest.mark.parametrize(
    "content,message",
    [
        ("bonjour\n", "n'est pas une clé de sauvegarde Parlons"),
        ("parlons-backup-key-1:AAAA\n", "abîmée"),
        ("parlons-backup-key-1:@@@\n", "abîmée"),
    ],
)
def test_a_file_that_is_not_a_key_is_refused(tmp_path, content, message):
    path = tmp_path / "cle"
    path.write_text(content)
    with pytest.raises(CryptoError, match=message):
        read_key_file(path)


def test_a_missing_key_file_is_refused_in_french(tmp_path):
    with pytest.raises(CryptoError, match="Impossible de lire la clé"):
        read_key_file(tmp_path / "absente")
