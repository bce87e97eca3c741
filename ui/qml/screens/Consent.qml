import QtQuick
import "../components"

// Before the card is read and the camera turns on: each thing the service reads or takes, and why (the View's
// hints, one row each), then agree or decline.
ScreenPage { icon: "info"; hintKind: "info" }
