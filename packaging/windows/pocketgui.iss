; Inno Setup script: a per-user installer around PyInstaller's dist\pocketgui folder.
; Steps and code signing: docs/packaging.md, "Windows". Run from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\pocketgui.iss
; (the version is pyproject.toml's; docs/packaging.md shows how to read it).
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<pyproject version> packaging\windows\pocketgui.iss
#endif

[Setup]
AppId={{8F0C7A52-6A55-4C1E-9C0B-3B7F3D1E2A10}
AppName=pocketgui
AppVersion={#AppVersion}
AppPublisher=The pocketgui developers
AppPublisherURL=https://pocketbitcoin.com
DefaultDirName={autopf}\pocketgui
DefaultGroupName=pocketgui
DisableProgramGroupPage=yes
; No administrator rights needed: installs for the current user unless they choose otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=pocketgui-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\pocketgui.ico
UninstallDisplayIcon={app}\pocketgui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; With a code-signing certificate, define a sign tool named "signtool" in the Inno Setup IDE
; (or pass /Ssigntool=...) and uncomment: the installer and uninstaller are then signed too.
;SignTool=signtool
;SignedUninstaller=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "..\..\dist\pocketgui\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{autoprograms}\pocketgui"; Filename: "{app}\pocketgui.exe"
Name: "{autodesktop}\pocketgui"; Filename: "{app}\pocketgui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\pocketgui.exe"; Description: "{cm:LaunchProgram,pocketgui}"; Flags: nowait postinstall skipifsilent
