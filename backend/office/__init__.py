"""The municipal back office (``/office/``): server-rendered pages where officials and contractors work the kiosks'
applications in a browser. Same service and database as the kiosk API; its routes are not in the OpenAPI document
(they are HTML forms, not the kiosk contract)."""
