import QtQuick
import "../components"

// The services this kiosk offers, one big button each (disabled ones say why in their own label).
ScreenPage { }
