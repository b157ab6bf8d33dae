"""Tests of pledge/public/."""
