"""Views of the clinic: coaching sessions, and the review screens over road maps."""
