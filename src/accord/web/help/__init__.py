"""The user guide served by Accord itself (issue 14, item 14): the Markdown pages of
``docs/`` rendered as pages (markdown-it-py, then nh3), each heading an anchor, and the
"?" of every page pointing to the section about it (:data:`SECTIONS`)."""
