"""The click definitions of the commands, grouped by what they work on; their work is in the
`*_command.py` modules beside this package."""
