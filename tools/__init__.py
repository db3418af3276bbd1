"""Development tools that write into the repository (not shipped in the wheel)."""
