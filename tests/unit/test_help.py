"""The help is put into knack's `helps` per invocation: in full for the command asked about, as summaries else."""
import yaml
from knack.help_files import helps

from azext_smtp._help import HELP, register, summary


def test_a_summary_says_what_the_full_entry_says_of_type_and_short_summary():
    for key, text in HELP.items():
        full, short = yaml.safe_load(text), yaml.safe_load(summary(text))
        assert short == {"type": full["type"], "short-summary": full["short-summary"]}, key


def test_the_named_command_gets_its_full_help_and_the_others_their_summaries():
    register(["smtp", "check", "-g", "rg1", "--engine", "graph", "-h"])
    assert helps["smtp check"] == HELP["smtp check"]
    assert all(helps[k] == summary(HELP[k]) for k in HELP if k != "smtp check")
    register(["smtp", "baseline", "create", "--help"])
    assert helps["smtp baseline create"] == HELP["smtp baseline create"]
    assert helps["smtp baseline"] == summary(HELP["smtp baseline"])
    register(["smtp", "-h"])
    assert helps["smtp"] == HELP["smtp"] and helps["smtp check"] == summary(HELP["smtp check"])


def test_without_a_command_of_the_extension_every_entry_is_in_full():
    for args in ([], ["--output", "json", "smtp", "-h"], ["vm", "list"]):
        register(args)
        assert all(helps[k] == HELP[k] for k in HELP), args
