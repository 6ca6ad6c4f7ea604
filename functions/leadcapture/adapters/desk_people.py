"""The desk's people as the user pool holds them (issue 21, 22): every account, its role, status and
whether it is enabled. Read only: ListUsers and ListUsersInGroup; `leads users` changes them (ops),
the desk's people page shows them (managers). Both read them here: one listing."""

from __future__ import annotations

from typing import Any

ROLES = ("coordinator", "manager")


def people(cognito: Any, pool: str) -> list[dict[str, str]]:
    """Every account: email, name, role(s), status, enabled; sorted by email. botocore's errors pass through."""
    found: list[dict[str, str]] = []
    members = {role: _members(cognito, pool, role) for role in ROLES}
    for page in cognito.get_paginator("list_users").paginate(UserPoolId=pool):
        for user in page.get("Users", []):
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            email = attributes.get("email", user["Username"])
            roles = [role for role in ROLES if user["Username"] in members[role] or email in members[role]]
            found.append({
                "email": email,
                "name": attributes.get("name", ""),
                "role": ", ".join(roles) or "(none: cannot sign in)",
                "status": str(user.get("UserStatus", "")),
                "enabled": "yes" if user.get("Enabled", True) else "no",
            })  # fmt: skip
    return sorted(found, key=lambda person: person["email"])


def _members(cognito: Any, pool: str, group: str) -> set[str]:
    members: set[str] = set()
    for page in cognito.get_paginator("list_users_in_group").paginate(UserPoolId=pool, GroupName=group):
        for user in page.get("Users", []):
            members.add(user["Username"])
            members.update(a["Value"] for a in user.get("Attributes", []) if a["Name"] == "email")
    return members
