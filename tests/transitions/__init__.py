"""Tests of the domain transitions (pledge/transitions/), without HTTP."""
