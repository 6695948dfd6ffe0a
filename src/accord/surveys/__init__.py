"""Surveys of a partnership's members: question kinds, waves, anonymity thresholds and the
shipped instruments (collaboration factors, expectation alignment, partner network, GAO
self-assessment). PRODUCT.md section 7; scoring in docs/balance/instruments.md."""
