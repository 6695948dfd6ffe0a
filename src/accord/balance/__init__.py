"""The balance of a partnership: who holds power, gives, speaks, decides and benefits, side
by side; alerts from tunable thresholds; GAO practices scored; the trust network.
It reads the other apps (resources, decisions, participation, results, surveys,
stakeholders) and writes only its own settings. PRODUCT.md section 7."""
