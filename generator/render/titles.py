"""Human wording derived from operation names, shared by every target's prose.

``CreateMetricAttribution`` -> "Creating a metric attribution"; ``ListWebACLs`` -> "Listing web
ACLs". Verb forms are data; an operation whose first word is not in the table keeps its name.
"""

from __future__ import annotations

import re

GERUNDS = {
    "Accept": "Accepting", "Add": "Adding", "Associate": "Associating", "Attach": "Attaching",
    "Batch": "Batch", "Cancel": "Canceling", "Check": "Checking", "Copy": "Copying",
    "Create": "Creating", "Delete": "Deleting", "Deregister": "Deregistering",
    "Describe": "Describing", "Detach": "Detaching", "Disable": "Disabling",
    "Disassociate": "Disassociating", "Enable": "Enabling", "Export": "Exporting",
    "Get": "Getting", "Import": "Importing", "Invoke": "Invoking", "List": "Listing",
    "Modify": "Modifying", "Publish": "Publishing", "Put": "Putting", "Register": "Registering",
    "Reject": "Rejecting", "Remove": "Removing", "Reset": "Resetting", "Restore": "Restoring",
    "Run": "Running", "Search": "Searching", "Send": "Sending", "Set": "Setting",
    "Start": "Starting", "Stop": "Stopping", "Tag": "Tagging", "Terminate": "Terminating",
    "Untag": "Untagging", "Update": "Updating", "Upload": "Uploading", "Validate": "Validating",
}
# a letter run with its digits is one word (``S3``, ``EC2``, ``V2``, ``Ipv6``), an acronym keeps
# its plural ``s`` (``ACLs``)
_WORDS = re.compile(r"[A-Z]+\d+(?=[A-Z]|\b)|[A-Z]+s?(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+\d*|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    return _WORDS.findall(name)


def title(operation: str) -> str:
    parts = words(operation)
    if not parts or parts[0] not in GERUNDS or len(parts) == 1:
        return operation
    second = ""
    if len(parts) > 3 and parts[1] == "And" and parts[2] in GERUNDS:  # CreateAndAttachS3AccessPoint
        second = f" and {GERUNDS[parts[2]].lower()}"
        parts = [parts[0], *parts[3:]]
    rest = [
        w if (w.isupper() or w[:-1].isupper() and len(w) > 2 or re.match(r"[A-Z]+\d", w)) else w.lower()
        for w in parts[1:]
    ]
    noun = " ".join(rest)
    plural = parts[0] in ("List", "Batch") or rest[-1].endswith("s") and not rest[-1].endswith("ss")
    if plural or parts[0] in ("Get", "Describe", "Search", "Put", "Tag", "Untag"):
        article = "" if plural else "the "
    else:
        # "an S3 access point", "an IAM role": an acronym read letter by letter
        spelled = rest[0][:1] in "AEFHILMNORSX" and bool(re.match(r"[A-Z]{2}|[A-Z]\d", rest[0]))
        article = "an " if noun[:1] in "aeiou" or spelled else "a "
    return f"{GERUNDS[parts[0]]}{second} {article}{noun}"
