import QtQuick
import MynaKiosk
import "../components"

// Only shown alone when no page was ever shown; normally the idle question is an overlay (IdleDialog in Main).
IdleDialog { view: ViewModel.page }
