"""The registry of datasets: each app declares its tables, every column is documented."""

import pytest

from parlons.core.datasets import FIELD_TYPES, all_datasets, pseudonymous_id
from parlons.opendata.writers import json_value

EXPECTED = {
    "demarches",
    "phases",
    "contributions",
    "reponses",
    "reactions-par-jour",
    "reponses-officielles",
    "reunions",
    "comptes-rendus",
}


def test_each_app_declares_its_datasets_in_its_own_module():
    found = {dataset.name: dataset for dataset in all_datasets()}
    assert set(found) >= EXPECTED
    modules = {
        dataset.name: (dataset.rows or dataset.row or dataset.territory_rows).__module__
        for dataset in found.values()
    }
    assert modules["demarches"] == "parlons.processes.datasets"
    assert modules["contributions"] == "parlons.debates.datasets"
    assert modules["reunions"] == "parlons.meetings.datasets"


def test_every_public_field_has_a_french_description_and_a_known_type():
    undocumented = []
    for dataset in all_datasets():
        assert str(dataset.title).strip() and str(dataset.description).strip(), dataset.name
        names = dataset.field_names
        assert len(names) == len(set(names)), dataset.name
        assert set(dataset.primary_key) <= set(names), dataset.name
        for column in dataset.fields:
            assert column.type in FIELD_TYPES
            if len(str(column.description).strip()) < 10:
                undocumented.append(f"{dataset.name}.{column.name}")
    assert undocumented == [], "Describe these columns: " + ", ".join(undocumented)


def test_a_pseudonym_is_stable_within_a_process_and_differs_between_processes():
    assert pseudonymous_id(1, 42) == pseudonymous_id(1, 42)
    assert pseudonymous_id(1, 42) != pseudonymous_id(2, 42)
    assert pseudonymous_id(1, 42) != pseudonymous_id(1, 43)
    assert len(pseudonymous_id(1, 42)) == 16
    assert pseudonymous_id(1, None) == ""


@pytest.mark.django_db
def test_rows_have_exactly_the_declared_columns(debate, meeting, process):
    for dataset in all_datasets():
        for row in dataset.rows_of(process):
            assert list(row) == dataset.field_names, dataset.name


@pytest.mark.django_db
def test_fast_rows_and_api_rows_agree(debate, process):
    for dataset in all_datasets():
        if (dataset.rows is None and dataset.chunks is None) or dataset.items is None:
            continue

        # The same published values (a fast row may give a moment as its UTC text).
        def published(row, fields=dataset.fields):
            return {column.name: json_value(column, row[column.name]) for column in fields}

        by_items = [published(dataset.row(process, item)) for item in dataset.items(process)]
        assert [published(row) for row in dataset.rows_of(process)] == by_items, dataset.name


@pytest.mark.django_db
def test_contribution_rows_read_by_chunks_keep_every_count(
    debate, process, monkeypatch, django_assert_num_queries
):
    from parlons.core.datasets import dataset_named
    from parlons.debates import datasets

    dataset = dataset_named("contributions")

    def published(rows):
        return [{c.name: json_value(c, row[c.name]) for c in dataset.fields} for row in rows]

    by_items = published(dataset.row(process, item) for item in dataset.items(process))
    assert by_items[0]["d_accord"] == 2 and by_items[0]["reponses_officielles"] == 1
    assert by_items[0]["publiee_le"].endswith("Z")
    # One chunk: the rows, then their counts in three grouped queries, whatever the size,
    # and the names of the themes and communes met (each named once per export).
    with django_assert_num_queries(6):
        assert published(dataset.rows_of(process)) == by_items
    monkeypatch.setattr(datasets, "CHUNK", 1)  # each contribution in a chunk of its own
    assert published(dataset.rows_of(process)) == by_items
