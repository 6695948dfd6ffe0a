"""Models of accord.balance."""
