"""What a pack leaves out, in sentences for the officer: on its own page and in VERIFY.txt.

Never what was left out says, only that it exists and where, so that nothing has to be found
later; and what was done with originals that carry location data, as the person chose.
"""

from __future__ import annotations

import textwrap

from .disclosure import LocatedChoice
from .location_data import Location
from .pack import EvidencePack

TITLE = "What this pack leaves out"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _chosen(pack: EvidencePack) -> str:
    o = pack.options
    said = []
    if o.start or o.end:
        said.append(f"dates {o.start or 'the start'} to {o.end or 'the end'}")
    if o.behaviours:
        said.append("behaviours " + ", ".join(o.behaviours))
    if o.ids:
        said.append("entries " + ", ".join(str(i) for i in o.ids))
    if o.left_out:
        said.append("leaving out entries " + ", ".join(str(i) for i in sorted(o.left_out)))
    return "; ".join(said) or "every entry"


def located_sentences(pack: EvidencePack) -> list[str]:
    """Which originals carry location data, and what the person chose to do with them."""
    d = pack.disclosure
    if not d.located:
        return []
    marks = {e.attachment.id: e.mark for e in pack.exhibits}
    gps = [marks[o.attachment_id] for o in d.located if o.location is Location.GPS]
    unread = [marks[o.attachment_id] for o in d.located if o.location is not Location.GPS]
    said = []
    if gps:
        plural = len(gps) != 1
        said.append(
            f"The original file{'s' if plural else ''} of exhibit{'s' if plural else ''} "
            f"{_listed(gps)} {'carry' if plural else 'carries'} location data (a GPS "
            "position saved by the device that made it)."
        )
    if unread:
        said.append(
            f"The metadata of exhibit{'s' if len(unread) != 1 else ''} {_listed(unread)} "
            "could not be read, so it may hold a position too."
        )
    person = pack.statement_name
    one = len(d.located) == 1
    these = "this original is" if one else "these originals are"
    if d.located_choice is LocatedChoice.INCLUDE:
        said.append(
            f"At {person}'s choice {these} in the bundle exactly as "
            f"{'it was' if one else 'they were'} imported, location data and all."
        )
    else:
        said.append(
            f"At {person}'s choice {these} not in the bundle, because of what the location "
            f"data could show; {'it is' if one else 'each is'} kept unchanged in the diary, "
            "with the SHA-256 listed with the exhibit in this PDF, and available on request."
        )
    said.append("The pictures in this PDF carry no image metadata (no location) either way.")
    return said


def left_out_sentences(pack: EvidencePack) -> list[str]:
    """Every sentence for the officer; none when nothing is left out or needs saying."""
    d = pack.disclosure
    person = pack.statement_name
    references = {i.incident.id: i.reference for i in pack.incidents + pack.received}
    said = []
    if d.private_notes:
        where = _listed([references[i] for i in d.private_notes if i in references])
        plural = len(d.private_notes) != 1
        notes = "private notes with" if plural else "a private note with"
        said.append(
            f"{person} keeps {notes} {where}. {'They are' if plural else 'It is'} not in "
            "this pack or its bundle, and available on request."
        )
    if d.impact_left_out:
        said.append(
            f"At {person}'s choice, how each incident felt and its effect on day-to-day life "
            "are left out of this pack (the statement, every section, and the bundle's "
            "entries.json). They are recorded in the diary and available on request."
        )
        withheld = pack.revisions_by_hash_only
        if withheld:
            one = withheld == 1
            said.append(
                f"So {withheld} version{'' if one else 's'} of these entries that record "
                f"impact {'is' if one else 'are'} in entries.json by hash only, without "
                f"{'its' if one else 'their'} words: 'diary verify' checks where "
                f"{'it sits' if one else 'each sits'} in the diary's chain of revisions but "
                f"cannot work {'its hash' if one else 'their hashes'} out again, and says how "
                "many versions it checked in full and how many by hash only."
            )
    if d.not_chosen:
        plural = d.not_chosen != 1
        said.append(
            f"The diary holds {d.not_chosen} other entr{'ies' if plural else 'y'} not chosen "
            f"for this pack (chosen: {_chosen(pack)}); "
            f"{'they are' if plural else 'it is'} available on request."
        )
    left_out = pack.options.left_out
    if left_out:
        one = len(left_out) == 1
        said.append(
            f"Of those, {len(left_out)} entr{'y was' if one else 'ies were'} left out one by one "
            f"at {person}'s choice (entr{'y' if one else 'ies'} "
            f"{_listed([str(n) for n in sorted(left_out)])}), so this pack is not every entry "
            "of the dates and kinds chosen."
        )
    if d.files_removed:
        one = len(d.files_removed) == 1
        where = _listed(sorted({references.get(i, f"Entry {i}") for i, _ in d.files_removed}))
        if one:
            said.append(
                f"A file once added to {where} was removed from it before this pack was made, "
                "so it is not an exhibit here; the audit trail says when, by whom and why, and "
                "the file is kept unchanged in the diary, available on request."
            )
        else:
            said.append(
                f"{len(d.files_removed)} files once added to {where} were removed before this "
                "pack was made, so they are not exhibits here; the audit trail says when, by "
                "whom and why, and each is kept unchanged in the diary, available on request."
            )
    said += located_sentences(pack)
    if d.unchecked_files and said:  # worth saying beside the rest, not a page of its own
        plural = d.unchecked_files != 1
        said.append(
            f"Only pictures are checked for location data: {d.unchecked_files} other "
            f"exhibit{'s' if plural else ''} (such as video or sound) "
            f"{'were' if plural else 'was'} not checked and may carry some."
        )
    return said


def verify_note(pack: EvidencePack) -> str:
    """The same for VERIFY.txt ('' when there is nothing to say)."""
    said = left_out_sentences(pack)
    if not said:
        return ""
    lines = ["", TITLE, "-" * len(TITLE), ""]
    for sentence in said:
        lines += [textwrap.fill(sentence, 98), ""]
    return "\n".join(lines)
