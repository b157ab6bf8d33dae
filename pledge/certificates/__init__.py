"""Certificates and the official record: render (reportlab), seal (pyHanko), store."""
