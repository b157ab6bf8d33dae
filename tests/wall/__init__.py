"""Tests of pledge/wall/."""
