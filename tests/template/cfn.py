"""Reading the transformed template: resources by type, a role's statements and what they grant."""

from __future__ import annotations

import json
import re
from typing import Any

Resources = dict[str, dict[str, Any]]

NO_VALUE = {"Ref": "AWS::NoValue"}


def of_type(resources: Resources, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in resources.items() if r["Type"] == kind}


def props(resources: Resources, name: str) -> dict[str, Any]:
    properties: dict[str, Any] = resources[name]["Properties"]
    return properties


def branches(value: Any) -> list[Any]:
    """Every value an Fn::If may take (both branches, NoValue dropped); other values as they are."""
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        _, yes, no = value["Fn::If"]
        return [v for branch in (yes, no) for v in branches(branch) if v != NO_VALUE]
    return [value]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(resources: Resources, role: str) -> list[dict[str, Any]]:
    """Every statement the role holds, conditional ones included."""
    return [statement for _, statement in switched_statements(resources, role)]


def switched_statements(resources: Resources, role: str) -> list[tuple[str | None, dict[str, Any]]]:
    """(the condition that grants it, or None, statement) for every statement the role holds."""
    inline = [(None, policy["PolicyDocument"]) for policy in props(resources, role).get("Policies", [])]
    shared = [
        (p.get("Condition"), p["Properties"]["PolicyDocument"])
        for p in of_type(resources, "AWS::IAM::Policy").values()
        if {"Ref": role} in p["Properties"]["Roles"]
    ]
    found: list[tuple[str | None, dict[str, Any]]] = []
    for condition, document in inline + shared:
        for statement in document["Statement"]:
            if isinstance(statement, dict) and set(statement) == {"Fn::If"}:
                switch, yes, _ = statement["Fn::If"]
                found.extend((switch, s) for s in branches(yes))
            else:
                found.append((condition, statement))
    return found


def resources_of(statement: dict[str, Any]) -> list[Any]:
    return [r for item in as_list(statement["Resource"]) for r in branches(item)]


def grants(resources: Resources, role: str) -> dict[str, set[str]]:
    """action -> the logical ids (or ARN shapes) it is granted on (Deny statements: `denials`)."""
    granted: dict[str, set[str]] = {}
    for statement in statements(resources, role):
        assert statement["Effect"] in {"Allow", "Deny"}
        if statement["Effect"] == "Deny":
            continue
        for action in as_list(statement["Action"]):
            granted.setdefault(action, set()).update(target(r) for r in resources_of(statement))
    return granted


def target(resource: Any) -> str:
    if isinstance(resource, str):
        return resource
    if "Fn::GetAtt" in resource:
        return ".".join(resource["Fn::GetAtt"])
    if "Ref" in resource:
        return str(resource["Ref"])
    if "Fn::Sub" in resource:
        sub = resource["Fn::Sub"]
        return sub if isinstance(sub, str) else sub[0]
    return json.dumps(resource, sort_keys=True)


def env_of(resources: Resources, function: str) -> dict[str, Any]:
    variables: dict[str, Any] = props(resources, function)["Environment"]["Variables"]
    return variables


def sub_text(value: Any) -> str:
    """The template string of an Fn::Sub, with the variables it defines as literals put in."""
    sub = value["Fn::Sub"]
    if isinstance(sub, str):
        return sub
    text, variables = sub
    for name, literal in variables.items():
        if isinstance(literal, str):
            text = text.replace("${" + name + "}", literal)
    return str(text)


def evaluate(value: Any, parameters: dict[str, str], variables: dict[str, Any] | None = None) -> Any:
    """What CloudFormation makes of Ref, Fn::Sub, Fn::Split, Fn::Join and Fn::Select over parameters."""
    variables = variables or {}
    if isinstance(value, list):
        return [evaluate(v, parameters, variables) for v in value]
    if not isinstance(value, dict):
        return value
    ((function, argument),) = value.items()
    if function == "Ref":
        return parameters[argument]
    if function == "Fn::Sub":
        text, own = (argument, {}) if isinstance(argument, str) else argument
        names = {**parameters, **variables, **{k: evaluate(v, parameters) for k, v in own.items()}}
        return re.sub(r"\$\{([^}!]+)\}", lambda m: str(names[m.group(1)]), text)
    if function == "Fn::Split":
        separator, source = argument
        return str(evaluate(source, parameters, variables)).split(separator)
    if function == "Fn::Join":
        separator, items = argument
        return separator.join(evaluate(items, parameters, variables))
    if function == "Fn::Select":
        index, items = argument
        return evaluate(items, parameters, variables)[index]
    raise AssertionError(f"not evaluated here: {function}")


def denials(resources: Resources, role: str) -> dict[str, set[str]]:
    """action -> the logical ids (or ARN shapes) the role's Deny statements refuse it on."""
    denied: dict[str, set[str]] = {}
    for statement in statements(resources, role):
        if statement["Effect"] == "Deny":
            for action in as_list(statement["Action"]):
                denied.setdefault(action, set()).update(target(r) for r in resources_of(statement))
    return denied
