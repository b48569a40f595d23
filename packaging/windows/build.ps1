# Build (and optionally sign) Evidence Diary on Windows, from the repository root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Signing: set $env:SIGN_CERT_THUMBPRINT to the code-signing certificate's thumbprint (in the
# current user's store); signtool.exe comes with the Windows SDK.
$ErrorActionPreference = "Stop"
py -3.11 -m venv .build-venv
.build-venv\Scripts\pip install -q . "pyinstaller>=6.10" pillow

# Icon: a multi-size .ico made from the PNG renders of resources\icons\evidence-diary.svg.
.build-venv\Scripts\python -c "from PIL import Image; Image.open('resources/icons/evidence-diary-256.png').save('packaging/windows/diary.ico', sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])"

.build-venv\Scripts\pyinstaller --noconfirm --clean packaging\diary.spec
dist\diary\diary.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "self-test failed" }

if ($env:SIGN_CERT_THUMBPRINT) {
  # SIGN_TIMESTAMP_URL: the RFC 3161 timestamp service named by the certificate authority.
  signtool sign /sha1 $env:SIGN_CERT_THUMBPRINT /fd SHA256 /tr $env:SIGN_TIMESTAMP_URL /td SHA256 dist\diary\diary.exe
} else {
  Write-Warning "Not signed: set SIGN_CERT_THUMBPRINT to sign."
}
Compress-Archive -Force -Path dist\diary -DestinationPath dist\EvidenceDiary-windows.zip
