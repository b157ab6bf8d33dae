"""Tests of pledge/console/."""
