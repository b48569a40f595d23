"""VERIFY.txt: how an officer checks a bundle, with and without Evidence Diary.

The first thing in the bundle anyone reads, filled in with the pack's own values (verify_text),
then what the pack leaves out (left_out.py).
"""

from __future__ import annotations

import textwrap

from diary.domain.times import utc_stamp

from .left_out import verify_note
from .pack import EvidencePack
from .pack_times import recorded, zone_name

# Officers read this first. It names no signing key fingerprint on purpose: whoever changed the
# bundle could have written their own key's there, so the one to check against comes from the
# person by a second channel.
VERIFY_TEXT = """\
How to check this bundle
========================

This bundle was produced by Evidence Diary on {produced}. It holds the evidence pack (the PDF),
the original files of every exhibit exactly as they were imported, and the text of every entry
in the pack in every version it has had (entries.json).

First, ask the person for their signing key fingerprint
--------------------------------------------------------

When the bundle is handed over, take the diary's signing key fingerprint from the person by a
second channel: they read it out to you from their diary (it is in Settings, and shown after each
export), or text it to you from their own phone. Write it down. It is 32 letters and digits in
8 groups of 4, for example 1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D.

Do not take it from this bundle or from the PDF. Anyone who changed a file could sign the bundle
again with a key of their own and put that key's fingerprint everywhere in it; only the one the
person gives you shows that the bundle came from their diary.

1. The full check, with Evidence Diary (no diary and no passphrase needed):

       diary verify bundle.zip --key "FINGERPRINT"

   This checks every file against manifest.json, checks the signature in manifest.sig, and checks
   that the key that made the signature is the one whose fingerprint the person gave you. It says
   "intact" and exits with 0 only if all of these hold. Without --key it can show only that the
   bundle agrees with itself.

2. The files alone, with any computer and no special software:

   Linux, macOS or Git Bash on Windows:

       unzip bundle.zip -d bundle && cd bundle && sha256sum -c SHA256SUMS

   Every line should end in "OK". (On macOS without sha256sum: shasum -a 256 -c SHA256SUMS.)

   Windows (right-click the zip, Extract All, then open a Command Prompt in that folder), one
   file at a time:

       certutil -hashfile FILE SHA256

   or in PowerShell:

       Get-FileHash FILE -Algorithm SHA256

   Each should print the same SHA-256 as the line for that FILE in SHA256SUMS (capital or small
   letters, and spaces, do not matter).

   These show only that the files match SHA256SUMS, which whoever changed a file could rewrite
   too; they check neither the signature nor the key. Use them beside step 1, not instead of it.

Bundle fingerprint: {content_fingerprint}
Revision chain head: {chain_head} (after {revisions} revisions in the diary)

The bundle fingerprint is printed on the cover of the PDF: it is the SHA-256 of the SHA256SUMS
lines for entries.json and the exhibits, and `diary verify` works it out afresh from the files.
The signature shows the bundle is unchanged since the diary that holds the key produced it; it
cannot show who typed the entries. Each exhibit's SHA-256 was taken when it was imported into the
diary: it proves the file is unchanged since then, not before.

Every version of every entry
----------------------------

The diary never overwrites an entry: each time one is written, edited, given a file or deleted,
a revision is added, and each revision's SHA-256 covers the one before it (a hash chain). The
text in entries.json is each entry as it stands now; under "history" it holds every revision of
that entry in full: its content exactly as it was hashed, who wrote it (the victim or their
advocate), when (UTC), its hash and the hash of the revision before it. Under "chain" it lists
every revision in the diary, in order, as the uid of its entry and its hash, including those
of entries that are not in this pack (by hash alone), so that a pack holding some of the
diary's entries can still be placed in its whole history. The last hash is the revision chain
head on the PDF's cover.{by_hash_only}

`diary verify` works out every revision's hash again from its content and checks that each
sits in that list at its place, following the revision before it; that every revision the list
gives to an entry in this pack is there in full; that the list ends at the head; and it prints
the head, to compare with the one on the cover. A revision whose content was altered, or one
left out, fails the check and is named. A later pack from the same diary
lists this head at the same place, unless the diary's history was rewritten in between. A
revision marked "received" was written in another diary and came in a share: its hash is
checked against its own content, and it is carried inside this diary's "import" revision.

Each file in this zip is dated {produced_local}, the time the bundle was produced, in
{zone_words}. Every time in the PDF is given with its zone.
"""


def _by_hash_only(pack: EvidencePack) -> str:
    count = pack.revisions_by_hash_only
    if not count:
        return ""
    one = count == 1
    said = (
        f"In this bundle {count:,} revision{'' if one else 's'} of the pack's entries "
        f"{'is' if one else 'are'} there by hash only, with no content, because "
        f"{'it records' if one else 'each records'} impact, which the person chose to leave "
        "out (see below). `diary verify` checks where each sits in the chain, but cannot work "
        "its hash out again; it says how many revisions it checked in full and how many by hash "
        "only."
    )
    return "\n\n" + textwrap.fill(said, 96)


def verify_text(pack: EvidencePack) -> str:
    """VERIFY.txt for this pack, with what it leaves out."""
    return VERIFY_TEXT.format(
        produced=utc_stamp(pack.produced_at),
        produced_local=recorded(pack.produced_at, pack.zone),
        zone_words=zone_name(pack.zone),
        content_fingerprint=pack.content_fingerprint,
        chain_head=pack.chain_head,
        revisions=f"{len(pack.chain):,}",
        by_hash_only=_by_hash_only(pack),
    ) + verify_note(pack)
