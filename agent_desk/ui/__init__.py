"""The Qt desktop interface. The only package that imports PySide6."""
