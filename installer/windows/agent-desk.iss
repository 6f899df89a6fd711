; Inno Setup script for Agent Desk (Inno Setup 6.3+): a per-machine install of the one-folder
; bundle that installer\build.sh builds on Windows (dist\agent-desk\).
;
;   installer\build.sh                                  (Git Bash; builds dist\agent-desk)
;   iscc /DAppVersion=0.1.0 installer\windows\agent-desk.iss
;   -> dist\agent-desk-0.1.0-setup.exe
;
; Silent roll-out (SCCM, Intune, GPO), pre-seeding the site settings file
; C:\ProgramData\AgentDesk\agent-desk\settings.toml when it does not exist yet:
;
;   agent-desk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       /DBURL="postgresql+psycopg://agentdesk@db.example.internal:5432/agentdesk"
;       /COMPANY="Northwind Customer Care" /REGION=DE /LANGUAGE=de
;
; No secret is ever passed here: passwords and tokens go to each user's Windows Credential
; Manager (`agent-desk credentials set NAME`).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Agent Desk"
#define AppExe "agent-desk-app.exe"
#define CliExe "agent-desk.exe"
#define Dist "..\..\dist"

[Setup]
AppId={{6F0E9E5C-3B7A-4C8E-9B1D-2A6D4E8F1C35}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Agent Desk developers
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; per machine: Program Files, all users' Start menu, HKLM; needs administrator rights
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Dist}
OutputBaseFilename=agent-desk-{#AppVersion}-setup
SetupIconFile={#Dist}\icons\agent-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; the running app is closed (Restart Manager) before its files are replaced
CloseApplications=yes
ChangesEnvironment=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Dist}\agent-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\settings.example.toml"; DestDir: "{commonappdata}\AgentDesk\agent-desk"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; the agentdesk: URL protocol: a phone system or CRM link opens the caller (screen pop)
Root: HKLM; Subkey: "Software\Classes\agentdesk"; ValueType: string; ValueName: ""; ValueData: "URL:Agent Desk screen pop"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\agentdesk"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\agentdesk\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKLM; Subkey: "Software\Classes\agentdesk\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
{ Pre-seed the site settings file from /DBURL= /COMPANY= /REGION= /LANGUAGE= (only when none
  exists: IT's later edits are never overwritten by an update). }
function TomlString(Value: String): String;
begin
  StringChangeEx(Value, '\', '\\', True);
  StringChangeEx(Value, '"', '\"', True);
  Result := '"' + Value + '"';
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Path, DbUrl, Company, Region, Language, Text: String;
begin
  if CurStep <> ssPostInstall then
    Exit;
  DbUrl := ExpandConstant('{param:DBURL|}');
  Company := ExpandConstant('{param:COMPANY|}');
  Region := ExpandConstant('{param:REGION|}');
  Language := ExpandConstant('{param:LANGUAGE|}');
  Path := ExpandConstant('{commonappdata}\AgentDesk\agent-desk\settings.toml');
  if FileExists(Path) or ((DbUrl = '') and (Company = '') and (Region = '') and (Language = '')) then
    Exit;
  if (Pos('@', DbUrl) > 0) and (Pos(':', Copy(DbUrl, Pos('//', DbUrl) + 2, Pos('@', DbUrl))) > 0) then
  begin
    Log('DBURL holds a password; settings files never do: not written');
    Exit;
  end;
  Text := '# Agent Desk site settings, written by the installer (see settings.example.toml)' + #13#10 +
          'schema = 1' + #13#10 + '[database]' + #13#10 + 'url = ' + TomlString(DbUrl) + #13#10 +
          '[general]' + #13#10;
  if Company <> '' then Text := Text + 'company_name = ' + TomlString(Company) + #13#10;
  if Region <> '' then Text := Text + 'default_region = ' + TomlString(Region) + #13#10;
  if Language <> '' then Text := Text + 'language = ' + TomlString(Language) + #13#10;
  ForceDirectories(ExtractFileDir(Path));
  if not SaveStringToFile(Path, Text, False) then
    Log('cannot write ' + Path);
end;
