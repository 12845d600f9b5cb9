"""The commands, one module each: `run(args) -> int`."""
