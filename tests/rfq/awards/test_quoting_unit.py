"""The contract item of several awarded lines of one SKU: the lowest price at each tier."""

from __future__ import annotations

from decimal import Decimal

from hansa.rfq.awards.quoting import lowest_tiers


def d(tiers: dict[int, str]) -> dict[Decimal, Decimal]:
    return {Decimal(q): Decimal(p) for q, p in tiers.items()}


def test_one_line_keeps_its_tiers_as_quoted() -> None:
    assert lowest_tiers([d({1: "2.50", 100: "2.60"})]) == d({1: "2.50", 100: "2.60"})


def test_two_lines_of_one_sku_give_the_lower_price_at_each_tier() -> None:
    first, second = d({1: "2.50", 100: "2.10"}), d({1: "3.00", 150: "2.00"})
    assert lowest_tiers([first, second]) == d({1: "2.50", 100: "2.10", 150: "2.00"})
    assert lowest_tiers([second, first]) == lowest_tiers([first, second])  # the order does not matter


def test_a_tier_that_changes_nothing_is_left_out_and_a_moq_starts_later() -> None:
    # 150 @ 2.80 is above the 2.10 already in effect from 100
    assert lowest_tiers([d({1: "2.50", 100: "2.10"}), d({1: "3.00", 150: "2.80"})]) == d(
        {1: "2.50", 100: "2.10"}
    )
    # from 10 only (a MOQ): below it the other line's price holds
    assert lowest_tiers([d({10: "1.00"}), d({1: "2.00"})]) == d({1: "2.00", 10: "1.00"})
