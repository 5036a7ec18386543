"""A small therapy blog served on 127.0.0.1, for the demo and the tests; ``content`` is its ground truth."""
