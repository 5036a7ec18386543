"""Datasets written from archive.db."""
