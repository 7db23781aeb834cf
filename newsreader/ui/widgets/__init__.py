"""The widgets the reader's screen is made of."""
