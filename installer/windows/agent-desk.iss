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
; Windows' version resource takes numbers only: for a pre-release such as 0.2.0rc1 also pass
; /DNumericVersion=0.2.0
#ifndef NumericVersion
  #define NumericVersion AppVersion
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
VersionInfoVersion={#NumericVersion}
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
  exists: IT's later edits are never overwritten by an update). A DBURL with a password stops
  the installation before anything is installed (exit code 1, the reason in the log and, unless
  /SUPPRESSMSGBOXES, on screen): settings files never hold a secret.
  tests/test_installer.py compiles UrlHasPassword with Free Pascal and runs it on examples. }

function TomlString(Value: String): String;
begin
  StringChangeEx(Value, '\', '\\', True);
  StringChangeEx(Value, '"', '\"', True);
  Result := '"' + Value + '"';
end;

{ BEGIN UrlHasPassword }
{ True when the URL's user part (between "//" and the first "@" before the host's "/") holds
  a ":", as in postgresql://user:secret@host/db. }
function UrlHasPassword(Url: String): Boolean;
var
  P, Slash, At: Integer;
  Rest: String;
begin
  Result := False;
  P := Pos('//', Url);
  if P = 0 then
    Exit;
  Rest := Copy(Url, P + 2, Length(Url) - P - 1);
  Slash := Pos('/', Rest);
  if Slash > 0 then
    Rest := Copy(Rest, 1, Slash - 1);
  At := Pos('@', Rest);
  if At = 0 then
    Exit;
  Result := Pos(':', Copy(Rest, 1, At - 1)) > 0;
end;
{ END UrlHasPassword }

function InitializeSetup(): Boolean;
begin
  Result := True;
  if UrlHasPassword(ExpandConstant('{param:DBURL|}')) then
  begin
    Log('DBURL holds a password; settings files never do. Pass the URL without it and store ' +
        'the password on each desktop with: agent-desk credentials set database/USER@HOST:PORT/DB');
    SuppressibleMsgBox('The database URL (/DBURL=) holds a password. Agent Desk settings files ' +
        'never hold a secret: pass the URL without it, and store the password on each desktop ' +
        'with "agent-desk credentials set database/USER@HOST:PORT/DB". Nothing was installed.',
        mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ Only administrators (and SYSTEM) may write the folder the site file lives in: ProgramData
  lets every user create files in new folders, and a site file planted by one user would apply
  to all. Users keep read access. }
procedure RestrictSiteFolder(Dir: String);
var
  ResultCode: Integer;
begin
  ForceDirectories(Dir);
  if not Exec(ExpandConstant('{sys}\icacls.exe'),
      '"' + Dir + '" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F ' +
      '*S-1-5-32-545:(OI)(CI)RX', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) or
     (ResultCode <> 0) then
    Log(Format('icacls could not restrict %s (exit code %d)', [Dir, ResultCode]));
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Dir, Path, DbUrl, Company, Region, Language: String;
  Lines: TArrayOfString;
  N: Integer;
begin
  if CurStep <> ssPostInstall then
    Exit;
  Dir := ExpandConstant('{commonappdata}\AgentDesk');
  RestrictSiteFolder(Dir);
  DbUrl := ExpandConstant('{param:DBURL|}');
  Company := ExpandConstant('{param:COMPANY|}');
  Region := ExpandConstant('{param:REGION|}');
  Language := ExpandConstant('{param:LANGUAGE|}');
  Path := Dir + '\agent-desk\settings.toml';
  if FileExists(Path) or ((DbUrl = '') and (Company = '') and (Region = '') and (Language = '')) then
    Exit;
  SetArrayLength(Lines, 8);
  N := 0;
  Lines[N] := '# Agent Desk site settings, written by the installer (see settings.example.toml)'; N := N + 1;
  Lines[N] := 'schema = 2'; N := N + 1;
  if DbUrl <> '' then
  begin
    Lines[N] := '[database]'; N := N + 1;
    Lines[N] := 'url = ' + TomlString(DbUrl); N := N + 1;
  end;
  Lines[N] := '[general]'; N := N + 1;
  if Company <> '' then begin Lines[N] := 'company_name = ' + TomlString(Company); N := N + 1; end;
  if Region <> '' then begin Lines[N] := 'default_region = ' + TomlString(Region); N := N + 1; end;
  if Language <> '' then begin Lines[N] := 'language = ' + TomlString(Language); N := N + 1; end;
  SetArrayLength(Lines, N);
  ForceDirectories(ExtractFileDir(Path));
  { UTF-8 without a byte order mark: a company name such as "Müller Service" stays readable }
  if not SaveStringsToUTF8FileWithoutBOM(Path, Lines, False) then
    Log('cannot write ' + Path);
end;
