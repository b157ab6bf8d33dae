"""Tests of pledge/certificates/."""
