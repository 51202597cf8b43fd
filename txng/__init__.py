"""txng: product traceability (truy xuất nguồn gốc) for Vietnamese provinces."""

__version__ = "0.1.0"
