"""Tests of pledge/verify/."""
