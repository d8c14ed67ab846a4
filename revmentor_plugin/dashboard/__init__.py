"""The course staff page and the instructor dashboard hooks that lead to it."""
