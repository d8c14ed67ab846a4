"""tutor-contrib-revmentor: revmentor on a Tutor site (see plugin.py)."""
