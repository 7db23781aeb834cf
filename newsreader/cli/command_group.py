"""The `newsreader` click group's parsing: a first word that names no command is a PATH for the
default command (`read`), and `--data-dir` given before the command is handed to it."""

from __future__ import annotations

import click

DEFAULT_COMMAND = "read"


class DefaultCommandGroup(click.Group):
    """A group whose first word, when it names no command, is a PATH for the default command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        # Every command takes --data-dir; given before the command, it is handed to it.
        data_dir: list[str] = []
        position = 0
        while position < len(args):
            word = args[position]
            if word in ("--keep-boilerplate", "--no-merge", "--no-cache") or word.startswith(
                "--config="
            ):
                position += 1
            elif word == "--config" and position + 1 < len(args):
                position += 2
            elif word.startswith("--data-dir="):
                data_dir = [args.pop(position)]
            elif word == "--data-dir" and position + 1 < len(args):
                data_dir = [args.pop(position), args.pop(position)]
            else:
                break
        first = args[position] if position < len(args) else None
        if first is None or (first not in self.commands and first not in ("--help", "--version")):
            args.insert(position, DEFAULT_COMMAND)
        if first not in ("--help", "--version"):
            args[position + 1 : position + 1] = data_dir
        return super().parse_args(ctx, args)
