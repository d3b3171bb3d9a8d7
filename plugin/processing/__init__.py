"""The Processing algorithms of the ``crimerisk`` provider."""
