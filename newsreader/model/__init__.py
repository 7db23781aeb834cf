"""The records newsreader works with and the in-memory Store: the ground floor."""
