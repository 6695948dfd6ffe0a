"""Permission predicates for decisions (object: the partnership unless said otherwise)."""
