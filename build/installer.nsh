; Parley NSIS installer additions (electron-builder `nsis.include`).
; Registers the parley:// invite-link scheme. SHCTX is HKLM for per-machine installs
; (/allusers) and HKCU for per-user installs, so the handler lives where the app does.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\parley" "" "URL:Parley invite"
  WriteRegStr SHCTX "Software\Classes\parley" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\parley\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\parley\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\parley"
!macroend
