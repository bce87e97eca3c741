import QtQuick
import "../components"

// Something went wrong: what happened and what to do next (title and body come from the error kind).
ScreenPage { icon: "error" }
