"""Untrusted text made safe and readable: sanitising, URLs, bodies, boilerplate, titles."""
