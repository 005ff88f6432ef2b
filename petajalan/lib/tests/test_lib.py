from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from petajalan.lib import codes, env, formatting


def test_tanggal_has_no_leading_zero_and_full_month():
    assert formatting.tanggal(dt.date(2026, 11, 28)) == "28 November 2026"
    assert formatting.tanggal(dt.date(2026, 8, 7)) == "7 Agustus 2026"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1250000, 0, "Rp1.250.000"),
        (Decimal("1250000.5"), 2, "Rp1.250.000,50"),
        (0, 0, "Rp0"),
        (-5000, 0, "-Rp5.000"),
        (999, 0, "Rp999"),
    ],
)
def test_rupiah(value, decimals, text):
    assert formatting.rupiah(value, decimals) == text


def test_nip_shape_and_grouping():
    assert codes.is_valid_nip("19600910 198003 1 003")
    assert not codes.is_valid_nip("1960091019800310")
    assert not codes.is_valid_nip("19601310198003100A")
    assert codes.format_nip("196009101980031003") == "19600910 198003 1 003"


def test_unit_and_subactivity_code_shapes():
    assert codes.is_valid_unit_code("4.01.0.00.0.00.01.0000")
    assert not codes.is_valid_unit_code("4.01.0.00")
    assert codes.is_valid_subactivity_code("X.XX.01.2.01.01")
    assert codes.is_valid_subactivity_code("1.02.02.2.01.0001")
    assert not codes.is_valid_subactivity_code("1.02.02")


def test_env_booleans_are_strict(monkeypatch, tmp_path):
    monkeypatch.setenv("PJ_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("PJ_FLAG", False)
    monkeypatch.setenv("PJ_FLAG", "Yes")
    assert env.env_bool("PJ_FLAG", False) is True
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("PJ_SECRET_FILE", str(secret))
    assert env.env_str("PJ_SECRET", "x") == "from-a-file"
    monkeypatch.setenv("PJ_NUM", "dua")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("PJ_NUM", 1)


def test_tanggal_in_english_keeps_the_day_month_year_order():
    assert formatting.tanggal(dt.date(2025, 3, 31), "en") == "31 March 2025"
    assert formatting.tanggal(dt.date(2025, 3, 31)) == "31 Maret 2025"


def test_gc_frozen_keeps_what_lives_out_of_collections_and_hands_it_back() -> None:
    import gc

    from petajalan.lib.gc_pause import gc_frozen, gc_paused

    kept = [[n] for n in range(1000)]
    with gc_frozen():
        assert gc.get_freeze_count() >= len(kept)  # the lists above now sit in the permanent generation
        gc.collect()  # a full collection inside the block does not walk them
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0 and kept[-1] == [999]
