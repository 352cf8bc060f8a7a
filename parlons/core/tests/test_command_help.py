"""`parlons <command> --help` works for every Parlons command and speaks French."""

import argparse

import pytest
from django.core.management import CommandError, get_commands, load_command_class

# Django's own options, on every command: not ours to translate here.
DJANGO_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
PARLONS_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("parlons"))


def test_parlons_commands_are_found():
    assert {"load_demo", "setup", "backup", "purge_personal_data"} <= set(PARLONS_COMMANDS)


@pytest.mark.parametrize("name", PARLONS_COMMANDS)
def test_help_of_every_parlons_command_works_and_is_french(name, capsys):
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("parlons", name)
    with pytest.raises(SystemExit) as exit:
        parser.parse_args(["--help"])
    assert exit.value.code == 0
    shown = capsys.readouterr().out
    assert str(command.help).split()[0] in shown
    for action in parser._actions:
        if action.dest in DJANGO_OPTIONS:
            continue
        # Every option of ours says what it does; one that takes a value names it in
        # French (`--heures HEURES`), never by the English name of its variable.
        assert action.help and action.help is not argparse.SUPPRESS, (name, action.dest)
        assert (
            " ".join(str(action.help).split()) in " ".join(shown.split())
            or len(str(action.help)) > 50
        )
        if action.nargs != 0 and action.option_strings and not action.choices:
            assert action.metavar, (name, action.option_strings)


def test_argparse_frames_the_help_and_the_errors_in_french(capsys):
    command = load_command_class(get_commands()["count_budget"], "count_budget")
    parser = command.create_parser("parlons", "count_budget")
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("utilisation : parlons count_budget")
    assert "\noptions :\n" in shown and "affiche cette aide" in shown
    assert "usage:" not in shown and "show this help" not in shown
    # Called from code, Django turns argparse's error into a CommandError.
    with pytest.raises(CommandError, match="ces arguments sont obligatoires : FICHIER.pb"):
        parser.parse_args([])
    with pytest.raises(CommandError, match="choix invalide : 'foo'"):
        parser.parse_args(["--rule", "foo", "x.pb"])
