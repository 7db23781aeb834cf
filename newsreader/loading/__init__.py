"""From files to a Store: finding, reading in workers, parsing, the load cache, watching."""
