"""The `newsreader` command line."""
