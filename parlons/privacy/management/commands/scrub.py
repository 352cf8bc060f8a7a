"""`parlons scrub`: masks personal data in JSON lines read on standard input.

The work is done by `parlons.privacy.scrubber.jsonlines`, which `parlons/cli.py`
also runs without starting Django for a plain run; this command is what runs
otherwise (`--help`, `--settings`, `call_command` in tests and tasks).
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from parlons.privacy.scrubber.jsonlines import (
    HELP,
    InputError,
    add_arguments,
    parse_record,
    read_allowlist,
    scrub_lines,
    scrubber_from_options,
    summary,
)

__all__ = ["Command", "parse_record", "read_allowlist"]


class Command(BaseCommand):
    help = HELP
    stealth_options = ("stdin",)
    # A text pipeline touches no database: no system checks to pay for on each run.
    requires_system_checks = []

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        try:
            scrubber = scrubber_from_options(options)
        except InputError as error:
            raise CommandError(str(error)) from error
        stream = options.get("stdin") or sys.stdin.buffer
        written, skipped = scrub_lines(
            scrubber, stream, write=self.stdout.write, report=self.stderr.write
        )
        if options["verbosity"] >= 1:
            self.stderr.write(summary(written, skipped))
        if skipped:
            # Refused input is said by the exit status too, for scripts and pipelines.
            sys.exit(1)
