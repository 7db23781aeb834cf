"""The benchmark and its corpus generator; the reader never imports this package."""
