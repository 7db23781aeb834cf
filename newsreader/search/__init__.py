"""The query language, the text it searches, orderings and the listing the reader shows."""
