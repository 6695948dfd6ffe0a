"""Decision rules, proposals, comments, ballots and decisions (see issue 4)."""
