"""Backups encrypted with a key file: AES-256-GCM in chunks, streamed (docs/decisions/0013).

Layout of an encrypted archive:

    MAGIC (20 bytes) | key id (8) | nonce prefix (7)      <- the header, authenticated with
    then chunks:  length (4, big-endian) | ciphertext + tag   every chunk as associated data

Each chunk holds at most CHUNK_SIZE bytes of the archive. Its nonce is the
random prefix, the chunk's number (4 bytes) and a last-chunk flag (1 byte):
chunks cannot be reordered, dropped or cut off at the end without the
decryption failing. The key id (an HMAC of a fixed text under the key) lets
a restore say "not the key this archive was made with" before anything else.
Memory stays flat: one chunk at a time.
"""

import base64
import hashlib
import hmac
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PARLONS-BACKUP-AES1\n"
KEY_PREFIX = "parlons-backup-key-1:"
KEY_BYTES = 32
KEY_ID_BYTES = 8
PREFIX_BYTES = 7
CHUNK_SIZE = 1024 * 1024
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + PREFIX_BYTES


class CryptoError(Exception):
    """A refusal, said in French to the person running the command."""


def new_key_file(path: Path) -> None:
    """Write a fresh random key, readable by this account only; never overwrite a key."""
    key = secrets.token_bytes(KEY_BYTES)
    text = KEY_PREFIX + base64.urlsafe_b64encode(key).decode("ascii") + "\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CryptoError(
            f"{path} existe déjà : une clé n'est jamais remplacée (les sauvegardes faites avec "
            "elle deviendraient illisibles). Choisissez un autre nom."
        ) from None
    except OSError as error:
        raise CryptoError(f"Impossible de créer {path} : {error.strerror}.") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
        key_file.write(text)
        key_file.flush()
        os.fsync(key_file.fileno())


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "ce n'est pas un fichier de clé"
        raise CryptoError(f"Impossible de lire la clé {path} : {reason}.") from None
    if not text.startswith(KEY_PREFIX):
        raise CryptoError(
            f"{path} n'est pas une clé de sauvegarde Parlons (créez-en une avec "
            "`parlons backup --new-key FICHIER`)."
        )
    try:
        key = base64.urlsafe_b64decode(text[len(KEY_PREFIX) :].encode("ascii"))
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise CryptoError(f"La clé {path} est abîmée : elle ne fait pas {KEY_BYTES} octets.")
    return key


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"parlons-backup-key-id", hashlib.sha256).digest()[:KEY_ID_BYTES]


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class EncryptingWriter:
    """A write-only file object: what is written lands encrypted in `sink`."""

    def __init__(self, sink: BinaryIO, key: bytes):
        self._sink = sink
        self._aead = AESGCM(key)
        self._prefix = secrets.token_bytes(PREFIX_BYTES)
        self._header = MAGIC + key_id(key) + self._prefix
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            # Strictly more than a chunk: the last chunk is written by close(), flagged.
            self._emit(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        if self._number >= 2**32 - 1:
            raise CryptoError("Archive trop grande pour un seul fichier chiffré (4 Pio).")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._header)
        self._sink.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    def flush(self) -> None:
        self._sink.flush()

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


class DecryptingReader:
    """A read-only file object over an encrypted archive; fails loudly on any change."""

    def __init__(self, source: BinaryIO, key: bytes, name: str):
        self._source = source
        self._name = name
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise CryptoError(f"{name} n'est pas une sauvegarde chiffrée par Parlons.")
        found = header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]
        if not hmac.compare_digest(found, key_id(key)):
            raise CryptoError(
                f"{name} a été chiffrée avec une autre clé (empreinte {found.hex()}, celle "
                f"donnée est {key_id(key).hex()}) : donnez la clé de l'installation qui a fait "
                "la sauvegarde. Rien n'a été restauré."
            )
        self._aead = AESGCM(key)
        self._header = header
        self._prefix = header[len(MAGIC) + KEY_ID_BYTES :]
        self._number = 0
        self._plain = b""
        self._position = 0
        self._finished = False

    def _next_chunk(self) -> None:
        length_bytes = self._source.read(4)
        if len(length_bytes) < 4:
            raise CryptoError(f"{self._name} est tronquée : la fin de l'archive manque.")
        (length,) = struct.unpack(">I", length_bytes)
        if length < TAG_BYTES or length > CHUNK_SIZE + TAG_BYTES:
            raise CryptoError(f"{self._name} est abîmée (bloc {self._number + 1}).")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise CryptoError(f"{self._name} est tronquée : la fin de l'archive manque.")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(
                    _nonce(self._prefix, self._number, last), sealed, self._header
                )
            except InvalidTag:
                continue
            break
        else:
            raise CryptoError(
                f"{self._name} a été modifiée ou abîmée (bloc {self._number + 1} illisible). "
                "Rien n'a été restauré."
            )
        self._number += 1
        self._plain, self._position = plain, 0
        if last:
            self._finished = True
            if self._source.read(1):
                raise CryptoError(f"{self._name} a des données en trop après sa fin.")

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if self._position >= len(self._plain):
                if self._finished:
                    break
                self._next_chunk()
                continue
            end = len(self._plain) if wanted is None else self._position + wanted
            part = self._plain[self._position : end]
            self._position += len(part)
            parts.append(part)
            if wanted is not None:
                wanted -= len(part)
        return b"".join(parts)
