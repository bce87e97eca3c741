"""Camera drivers implementing :class:`kiosk.face.camera.Camera`."""
