"""The growth benchmark's power-law fit and its projection to 1M articles (no corpus, no timing)."""

from __future__ import annotations

import pytest

from benchmarks.growth import PROJECT_TO, fit_power_law


def test_exact_power_law_data_recovers_a_and_b_and_projects_to_1m() -> None:
    points = [(n, 0.002 * n**1.1) for n in (5_000, 20_000, 100_000)]
    law = fit_power_law(points)
    assert law is not None
    assert (law.a, law.b) == (pytest.approx(0.002, rel=1e-9), pytest.approx(1.1, rel=1e-12))
    assert law.at(PROJECT_TO) == pytest.approx(0.002 * 1_000_000**1.1, rel=1e-9)


def test_noisy_points_fit_the_least_squares_line_in_log_log() -> None:
    # log10 y = 0, 1.2, 1.9 at log10 n = 0, 1, 2: slope 0.95, intercept 3.1/3 - 0.95 = 1/12
    law = fit_power_law([(1, 1.0), (10, 10**1.2), (100, 10**1.9)])
    assert law is not None
    assert law.b == pytest.approx(0.95)
    assert law.at(1000) == pytest.approx(10 ** (1 / 12 + 0.95 * 3))


def test_a_constant_metric_has_exponent_0() -> None:
    law = fit_power_law([(5_000, 42.0), (100_000, 42.0)])
    assert law is not None and law.b == pytest.approx(0.0) and law.at(PROJECT_TO) == pytest.approx(42.0)


@pytest.mark.parametrize("points", [[], [(5_000, 1.0)], [(5_000, 1.0), (5_000, 2.0)], [(5_000, 1.0), (20_000, 0.0)]])
def test_no_fit_without_two_distinct_sizes_with_positive_values(points: list[tuple[float, float]]) -> None:
    assert fit_power_law(points) is None
