"""newsreader: read folders of news article files in the terminal."""

__version__ = "0.1.0"
