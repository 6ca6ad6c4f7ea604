"""`leads users`: the desk's people (issue 21), in the stack's Cognito user pool (output DeskUserPoolId).

Nobody signs up: ops add each person with a role (a Cognito group, `coordinator` or `manager`).
Cognito emails them a temporary password; their first sign-in at the desk sets their own and enrols
their authenticator app. `disable` stops an account at once (and signs it out of Cognito);
`remove` deletes it. Nothing here reads or prints a lead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table

from leadcapture.adapters.desk_people import ROLES

from .target import TargetError

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from .target import Target


def pool_of(target: Target) -> str:
    pool = target.environment.get("DESK_USER_POOL_ID", "")
    if not pool or "_" not in pool:
        raise TargetError(f"{target.description}: no desk user pool (the stack's DeskUserPoolId output); is the desk deployed?")
    return pool


def _cognito_error(err: Exception, what: str) -> TargetError:
    from leadcapture.adapters.aws import error_code

    code = error_code(err)
    if code == "UsernameExistsException":
        return TargetError(f"{what}: that person already has an account (`leads users list`)")
    if code == "UserNotFoundException":
        return TargetError(f"{what}: no such person (`leads users list`)")
    return TargetError(f"{what}: Cognito refused ({code}); the profile needs cognito-idp:Admin* on the pool")


def add(target: Target, email: str, role: str, name: str | None) -> str:
    """Create the account (Cognito emails a temporary password) in the role's group; returns what happened."""
    from botocore.exceptions import ClientError

    pool, cognito = pool_of(target), target.client("cognito-idp")
    attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if name:
        attributes.append({"Name": "name", "Value": name})
    try:
        cognito.admin_create_user(UserPoolId=pool, Username=email, UserAttributes=attributes, DesiredDeliveryMediums=["EMAIL"])
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=role)
    except ClientError as err:
        raise _cognito_error(err, f"add {email}") from None
    return f"added {email} as {role}: Cognito emailed a temporary password; the first sign-in sets theirs and enrols their authenticator"


def people(target: Target) -> list[dict[str, str]]:
    """Every account: email, name, role(s), status, enabled (the desk's people page lists the same)."""
    from botocore.exceptions import ClientError

    from leadcapture.adapters.desk_people import people as listed

    try:
        return listed(target.client("cognito-idp"), pool_of(target))
    except ClientError as err:
        raise _cognito_error(err, "list") from None


def disable(target: Target, email: str) -> str:
    from botocore.exceptions import ClientError

    pool, cognito = pool_of(target), target.client("cognito-idp")
    try:
        cognito.admin_disable_user(UserPoolId=pool, Username=email)
        cognito.admin_user_global_sign_out(UserPoolId=pool, Username=email)
    except ClientError as err:
        raise _cognito_error(err, f"disable {email}") from None
    return f"disabled {email}: cannot sign in; a desk session still open ends within its idle timeout"


def remove(target: Target, email: str) -> str:
    from botocore.exceptions import ClientError

    pool, cognito = pool_of(target), target.client("cognito-idp")
    try:
        cognito.admin_delete_user(UserPoolId=pool, Username=email)
    except ClientError as err:
        raise _cognito_error(err, f"remove {email}") from None
    return f"removed {email}"


def table(found: list[dict[str, str]]) -> Table:
    shown = Table(title=f"{len(found)} desk account(s)", title_justify="left")
    for column in ("email", "name", "role", "status", "enabled"):
        shown.add_column(column)
    for person in found:
        shown.add_row(*(person[c] for c in ("email", "name", "role", "status", "enabled")))
    return shown


def commands(
    group: click.Group,
    target_of: Callable[[click.Context], Target],
    one_line_errors: Callable[[Callable[..., None]], Callable[..., None]],
    out: Callable[[], Console],
    record: Callable[..., None],
) -> None:
    """Add `users add|list|disable|remove` to the tool's group; each adds an audit record (`record`)."""

    @group.group()
    def users() -> None:
        """The desk's people: add, list, disable, remove (the stack's Cognito user pool)."""

    @users.command("add")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), required=True, help="coordinator: works leads; manager: also the records")
    @click.option("--name", help="the name the desk shows (the history says who did what)")
    @click.pass_context
    @one_line_errors
    def add_user(ctx: click.Context, email: str, role: str, name: str | None) -> None:
        """Create an account: Cognito emails a temporary password."""
        target = target_of(ctx)
        said = add(target, email, role, name)
        record(target, "user_added", detail={"user": email, "role": role})
        click.echo(said)

    @users.command("list")
    @click.pass_context
    @one_line_errors
    def list_users(ctx: click.Context) -> None:
        """Every account, its role, status and whether it is enabled."""
        target = target_of(ctx)
        found = people(target)
        record(target, "users_listed", detail={"rows": len(found)})
        out().print(table(found))

    @users.command("disable")
    @click.argument("email")
    @click.pass_context
    @one_line_errors
    def disable_user(ctx: click.Context, email: str) -> None:
        """Stop an account at once (and sign it out of Cognito)."""
        target = target_of(ctx)
        said = disable(target, email)
        record(target, "user_disabled", detail={"user": email})
        click.echo(said)

    @users.command("remove")
    @click.argument("email")
    @click.pass_context
    @one_line_errors
    def remove_user(ctx: click.Context, email: str) -> None:
        """Delete an account (a lost phone: remove, then add again)."""
        target = target_of(ctx)
        said = remove(target, email)
        record(target, "user_removed", detail={"user": email})
        click.echo(said)
