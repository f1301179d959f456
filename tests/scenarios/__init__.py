"""Hazard tables built by real writers (pyiceberg, Spark), each with its ground truth."""
