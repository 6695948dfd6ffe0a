"""Models of accord.stakeholders."""
