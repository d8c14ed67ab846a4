"""Stand-in for edx-platform's ``student`` app: enrollments and course access roles.

Only what revmentor's host adapter calls, with the platform's names and module paths.
"""
