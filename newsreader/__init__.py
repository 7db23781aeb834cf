"""newsreader: read folders of news article files in the terminal."""
