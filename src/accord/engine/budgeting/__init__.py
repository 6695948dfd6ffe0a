"""Participatory budgeting."""
