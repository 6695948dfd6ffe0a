"""Readers and writers of ballot files: PrefLib (``preflib``) and pabulib (``pabulib``)."""
