"""The Textual user interface: everything that draws on the terminal lives here."""
