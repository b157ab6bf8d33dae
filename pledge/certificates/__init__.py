"""The documents the portal issues and seals.

Certificates (content, front, render, store), the official record (record, record_text,
record_number), what they share (layout, letterhead), sealing (seal, keys, issuing) and
the answers /verify gives (verification); the ZIP of an event's certificates (archive).
"""
