"""`leads users` against the local stack's user pool (moto's cognito-idp), and the added person signing in.

The person added by ops signs in at the desk with Cognito's temporary password, chooses their own,
enrols the authenticator and reaches the inbox; `disable` stops them, `remove` deletes them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import boto3
from infra.local.users import totp_code
from tests.e2e.conftest import RunningStack
from tests.e2e.test_leads_cli import leads

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def cookie_of(answer_headers: dict[str, str]) -> str:
    return answer_headers["set-cookie"].split(";", 1)[0]


def test_ops_add_list_disable_and_remove_a_desk_person(stack: RunningStack) -> None:
    email = "new.person@practice.example"
    added = leads(stack, "users", "add", email, "--role", "coordinator", "--name", "Noor New")
    assert "added new.person@practice.example as coordinator" in added.stdout
    again = leads(stack, "users", "add", email, "--role", "coordinator", check=False)
    assert again.returncode == 1 and "already has an account" in again.stderr
    listed = leads(stack, "users", "list").stdout
    assert re.search(r"new\.person@practice\.example\s+│\s+Noor New\s+│\s+coordinator\s+│\s+FORCE_CHANGE_PASSWORD\s+│\s+yes", listed), (
        listed
    )
    assert "manager@practice.example" in listed

    # moto does not email the temporary password: set one, as the email would have told it.
    aws = stack.get_json("/_local/aws")
    cognito = boto3.client("cognito-idp", endpoint_url=aws["endpoint_url"], region_name=aws["region"],
                           aws_access_key_id="local", aws_secret_access_key="local")  # fmt: skip
    pool = aws["environment"]["DESK_USER_POOL_ID"]
    cognito.admin_set_user_password(UserPoolId=pool, Username=email, Password="Temporary-pass-3!", Permanent=False)

    def csrf(body: bytes) -> str:
        found = re.search(rb'name="csrf" value="([^"]+)"', body)
        assert found, body[:300]
        return found.group(1).decode()

    page = stack.request("GET", "/desk/sign-in")
    jar = cookie_of(page.headers)
    answer = stack.request("POST", "/desk/sign-in", urlencode({"csrf": csrf(page.body), "email": email, "password": "Temporary-pass-3!"})
                           .encode(), {**FORM, "Cookie": jar})  # fmt: skip
    assert answer.status == 303, answer
    session = cookie_of(answer.headers)
    page = stack.request("GET", "/desk/sign-in", headers={"Cookie": session})
    assert b"Choose your password" in page.body
    answer = stack.request("POST", "/desk/sign-in/new-password", urlencode({"csrf": csrf(page.body), "password": "Noor-own-password-1"})
                           .encode(), {**FORM, "Cookie": session})  # fmt: skip
    session = cookie_of(answer.headers)
    page = stack.request("GET", "/desk/sign-in", headers={"Cookie": session})
    assert b"Set up your authenticator" in page.body and b"data:image/svg+xml" in page.body
    answer = stack.request("POST", "/desk/sign-in/authenticator", urlencode({"csrf": csrf(page.body), "code": totp_code("asdfasdfasdf")})
                           .encode(), {**FORM, "Cookie": session})  # fmt: skip
    assert (answer.status, answer.headers["location"]) == (303, "/desk/inbox")
    inbox = stack.request("GET", "/desk/inbox", headers={"Cookie": cookie_of(answer.headers)})
    assert b"Signed in as Noor New" in inbox.body

    assert "disabled" in leads(stack, "users", "disable", email).stdout
    assert re.search(r"new\.person@practice\.example.+│\s+no\s", leads(stack, "users", "list").stdout)
    assert "removed" in leads(stack, "users", "remove", email).stdout
    assert email not in leads(stack, "users", "list").stdout
    gone = leads(stack, "users", "remove", email, check=False)
    assert gone.returncode == 1 and "no such person" in gone.stderr
    assert json.dumps(stack.get_json("/_local/users"))  # the stack's own people are untouched

    # Each change is one audit record of the principal that ran the tool (issue 22); a refused one, none.
    from tests.conftest import audit_records

    dynamodb = boto3.client("dynamodb", endpoint_url=aws["endpoint_url"], region_name=aws["region"],
                            aws_access_key_id="local", aws_secret_access_key="local")  # fmt: skip
    records = audit_records(dynamodb, aws["environment"]["AUDIT_TABLE_NAME"])
    changes = sorted(
        (r["id"]["S"], r["action"]["S"]) for r in records if r.get("detail", {}).get("M", {}).get("user", {}).get("S") == email
    )
    assert [action for _, action in changes] == ["user_added", "user_disabled", "user_removed"]
    assert all(r["via"]["S"] == "cli" and r["who"]["S"].startswith("arn:") for r in records if r["action"]["S"].startswith("user"))
    signed_in = [r for r in records if r["action"]["S"] == "sign_in" and r.get("who_name", {}).get("S") == "Noor New"]
    assert len(signed_in) == 1
