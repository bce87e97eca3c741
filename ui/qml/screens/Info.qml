import QtQuick
import "../components"

// What the kiosk cannot do, and where to go instead.
ScreenPage { icon: "info"; hintKind: "info" }
