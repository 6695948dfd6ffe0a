"""Accord: a platform for running collaborative partnerships."""
