"""Discussion threads and their comments (built by issue 17, item 6)."""
