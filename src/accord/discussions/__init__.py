"""Discussion threads outside proposals, per partnership and per activity (issue 17)."""
