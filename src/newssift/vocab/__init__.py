"""Vocabularies shared by several stages, each typed once.

A stage that needs to recognise a wire agency (the cleaner's keep rules, the news parser, the
wire forensics) imports it from here, so adding an agency, a written form or a domain is one
edit that every reader sees. The contract tests in ``tests/test_vocab.py`` hold them together.
"""
