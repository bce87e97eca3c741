import QtQuick
import "../components"

// Done: what happened, what happens next (hints: take your card), receipt.
ScreenPage { icon: "success"; hintKind: "info" }
