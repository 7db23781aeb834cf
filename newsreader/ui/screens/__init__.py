"""Screens pushed over the reader: help and problems."""
