"""Models of accord.surveys."""
