"""The page cache's files: a write does not list the whole folder, and the folder stays bounded."""

from parlons.core.cache import CULL_EVERY, FileCache


def test_writes_count_the_files_once_in_a_while_and_keep_them_bounded(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 200, "CULL_FREQUENCY": 2}})
    listings = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or listing())
    writes = 8 * CULL_EVERY
    for n in range(writes):
        cache.set(f"page-{n}", "<html>…</html>", 300)
    assert len(listings) == writes // CULL_EVERY  # not once per write
    assert len(listing()) <= 200 + CULL_EVERY  # a little over MAX_ENTRIES at most
    assert cache.get(f"page-{writes - 1}") == "<html>…</html>"
