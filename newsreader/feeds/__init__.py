"""News flowing in: subscriptions to feeds and full texts of articles, written as files."""
