"""Free text to `sciatica-case/1` (issue 6): see `sciatica.text.extract`."""
