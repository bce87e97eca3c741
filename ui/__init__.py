"""PySide6 Qt Quick front end: QML screens and the view-models that render the flows."""
