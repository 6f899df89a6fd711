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
{ True when the URL holds a password as the program reading it finds one (SQLAlchemy's rule):
  "user:" right after "//" and an "@" later (the password may hold "/"), or a password=,
  passwd= or pwd= query parameter. agent_desk/settings.py refuses the same URLs. }
function UrlHasPassword(Url: String): Boolean;
var
  P, I: Integer;
  Rest, Lower: String;
begin
  Result := False;
  Lower := Lowercase(Url);
  if (Pos('?password=', Lower) > 0) or (Pos('&password=', Lower) > 0) or
     (Pos('?passwd=', Lower) > 0) or (Pos('&passwd=', Lower) > 0) or
     (Pos('?pwd=', Lower) > 0) or (Pos('&pwd=', Lower) > 0) then
  begin
    Result := True;
    Exit;
  end;
  P := Pos('//', Url);
  if P = 0 then
    Exit;
  Rest := Copy(Url, P + 2, Length(Url) - P - 1);
  I := 1;
  while (I <= Length(Rest)) and (Rest[I] <> ':') and (Rest[I] <> '/') and (Rest[I] <> '@') do
    I := I + 1;
  if (I < Length(Rest)) and (Rest[I] = ':') and (Rest[I + 1] <> '@') then
    Result := Pos('@', Copy(Rest, I + 1, Length(Rest) - I)) > 0;
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
  to all. Users keep read access. Ownership goes to Administrators first (an owner can always
  change permissions, so a folder a user made beforehand stays theirs otherwise), then the
  folder's own permissions are set and everything in it inherits them. }
function Icacls(Params: String): Boolean;
var
  ResultCode: Integer;
begin
  Result := Exec(ExpandConstant('{sys}\icacls.exe'), Params, '', SW_HIDE,
                 ewWaitUntilTerminated, ResultCode) and (ResultCode = 0);
  if not Result then
    Log(Format('icacls %s failed (exit code %d)', [Params, ResultCode]));
end;

procedure RestrictSiteFolder(Dir: String);
begin
  ForceDirectories(Dir);
  Icacls('"' + Dir + '" /setowner *S-1-5-32-544 /T /C /Q');
  Icacls('"' + Dir + '" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F ' +
         '*S-1-5-32-545:(OI)(CI)RX /Q');
  Icacls('"' + Dir + '\*" /reset /T /C /Q');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Dir, Path, DbUrl, Company, Region, Language: String;
  Lines: TArrayOfString;
  N: Integer;
begin
  Dir := ExpandConstant('{commonappdata}\AgentDesk');
  if CurStep = ssInstall then
  begin
    if DirExists(Dir) then
      RestrictSiteFolder(Dir);  { before any file is copied into it }
    Exit;
  end;
  if CurStep <> ssPostInstall then
    Exit;
  RestrictSiteFolder(Dir);
  DbUrl := ExpandConstant('{param:DBURL|}');
  Company := ExpandConstant('{param:COMPANY|}');
  Region := ExpandConstant('{param:REGION|}');
  Language := ExpandConstant('{param:LANGUAGE|}');
  Path := Dir + '\agent-desk\settings.toml';
  if FileExists(Path) then
  begin
    Log('kept the existing site settings file ' + Path);
    Exit;
  end;
  if (DbUrl = '') and (Company = '') and (Region = '') and (Language = '') then
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
