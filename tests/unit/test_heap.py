"""The collector's thresholds during a run: raised while it runs, the caller's put back after, never lowered."""
import gc

import pytest
from knack.cli import CLI
from knack.events import EVENT_CLI_POST_EXECUTE

from azext_smtp.heap import RUN_THRESHOLDS, seldom_collected, until_printed


@pytest.fixture(name="thresholds")
def _thresholds():
    """Whatever a test sets, the session's thresholds come back after it."""
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_a_run_raises_the_thresholds_and_puts_them_back(thresholds):
    gc.set_threshold(700, 10, 10)
    with seldom_collected():
        assert gc.get_threshold() == RUN_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_when_the_run_fails(thresholds):
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), seldom_collected():
        raise RuntimeError("a read failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_higher_thresholds_and_collection_turned_off_are_kept(thresholds):
    gc.set_threshold(80_000, 5, 100)
    with seldom_collected():
        assert gc.get_threshold() == (80_000, 10, 100)
    gc.set_threshold(0)
    with seldom_collected():
        assert gc.get_threshold()[0] == 0


def test_the_cli_keeps_them_raised_until_az_has_printed(thresholds, tmp_path):
    gc.set_threshold(700, 10, 10)
    cli = CLI(cli_name="smtp-test", config_dir=str(tmp_path))
    until_printed(cli)
    assert gc.get_threshold() == RUN_THRESHOLDS  # az's todict and printing come after the command returns
    cli.raise_event(EVENT_CLI_POST_EXECUTE)
    assert gc.get_threshold() == (700, 10, 10)
