"""Management commands of the sandbox host."""
