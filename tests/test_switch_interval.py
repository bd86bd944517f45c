"""``QuickSwitching`` shortens Python's switch interval while start-up's background work
runs and puts the one there was back, for good."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from studio.switch_interval import START_UP_INTERVAL_S, QuickSwitching

BEFORE = 0.004  # not Python's default: stop() must put back what there was


@pytest.fixture
def interval() -> Iterator[None]:
    saved = sys.getswitchinterval()
    sys.setswitchinterval(BEFORE)
    yield
    sys.setswitchinterval(saved)


def test_start_shortens_the_interval_and_stop_puts_it_back(interval: None) -> None:
    switching = QuickSwitching()
    assert not switching.active
    switching.start()
    assert sys.getswitchinterval() == pytest.approx(START_UP_INTERVAL_S)
    assert START_UP_INTERVAL_S < BEFORE and switching.active
    switching.start()  # idempotent: what it puts back is still the interval before
    switching.stop()
    assert sys.getswitchinterval() == pytest.approx(BEFORE) and not switching.active
    switching.stop()
    assert sys.getswitchinterval() == pytest.approx(BEFORE)


def test_a_start_after_stop_changes_nothing(interval: None) -> None:
    switching = QuickSwitching(0.001)
    switching.stop()  # start-up ended before the background work began
    switching.start()
    assert sys.getswitchinterval() == pytest.approx(BEFORE) and not switching.active


def test_stop_without_start_changes_nothing(interval: None) -> None:
    QuickSwitching().stop()
    assert sys.getswitchinterval() == pytest.approx(BEFORE)


@pytest.mark.parametrize("order", ["first started, first stopped", "last started, first stopped"])
def test_two_that_overlap_leave_the_interval_there_was(interval: None, order: str) -> None:
    """The interval is the process's: two studios in one process (tests) may overlap."""
    first, second = QuickSwitching(), QuickSwitching()
    first.start()
    second.start()
    for switching in (first, second) if order.startswith("first") else (second, first):
        switching.stop()
    assert sys.getswitchinterval() == pytest.approx(BEFORE)


def test_stop_leaves_an_interval_set_by_someone_else(interval: None) -> None:
    switching = QuickSwitching()
    switching.start()
    sys.setswitchinterval(0.002)  # set meanwhile by something else
    switching.stop()
    assert sys.getswitchinterval() == pytest.approx(0.002)
