"""The stakeholder map: organizations and groups inside and outside a partnership, placed
by its members on a power–interest grid (Mendelow) and by salience (Mitchell, Agle and
Wood), so that the partnership sees whom it is missing and can invite them."""
