"""AWS clients, created lazily on first use and reused for the life of the process.

Timeouts are short and retries bounded so that a slow AWS answer becomes a clean 503 well inside
API Gateway's 30 s, not a hung request. Nothing is created at import time, so tests can start
moto before the first client exists; `clients()` is the one `Clients` of the process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_cloudformation import CloudFormationClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_lambda import LambdaClient
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sqs import SQSClient


def error_code(err: Exception) -> str:
    """The AWS error code of a botocore ClientError ("ThrottlingException"), else the error's type name."""
    response = getattr(err, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", "Unknown"))
    return type(err).__name__


@contextmanager
def storage_errors() -> Iterator[None]:
    """A DynamoDB call's failure as StorageUnavailable (its error code, never its message, which may
    quote a key). A failed write condition passes through as botocore's ClientError: what it means
    (the lead moved on, the record exists) is the caller's to say."""
    from botocore.exceptions import BotoCoreError, ClientError

    from leadcapture.kernel.errors import StorageUnavailable

    try:
        yield
    except ClientError as err:
        if error_code(err) == "ConditionalCheckFailedException":
            raise
        raise StorageUnavailable(error_code(err)) from None
    except BotoCoreError as err:
        raise StorageUnavailable(type(err).__name__) from None


def table_call(client: Any, table_name: str, operation: str, **kwargs: Any) -> Any:
    """One DynamoDB operation on `table_name`, its failures as `storage_errors` says."""
    with storage_errors():
        return getattr(client, operation)(TableName=table_name, **kwargs)


def http_status(err: Exception) -> int:
    """The HTTP status AWS answered a ClientError with (400 when unknown)."""
    response = getattr(err, "response", None)
    if isinstance(response, dict):
        return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400))
    return 400


# The bounds of every call; template.yaml's function timeouts are checked against them (tests/template).
CONNECT_TIMEOUT_SECONDS = 2
MAX_ATTEMPTS = 3
READ_TIMEOUT_SECONDS = {
    "dynamodb": 3,
    # Sending can take longer than a table write; the notifier is not on anyone's request path.
    "sesv2": 5,
    "ssm": 3,
    "secretsmanager": 3,
    # Urgent pages: a text (SNS) and the queue of paging steps (SQS, the "sqs" below).
    "sns": 5,
    # The ops tools' clients: not on anyone's request path. A synchronous invoke waits for the
    # function itself (the notify function's timeout).
    "cloudformation": 10,
    "sqs": 10,
    "lambda": 150,
    "dynamodbstreams": 10,
    # The desk's sign-in (issue 21) and the `leads users` commands: a person waits on it.
    "cognito-idp": 5,
}


def worst_call_seconds(service: str) -> float:
    """The longest one call can take: every attempt times out, with the standard mode's longest backoff between."""
    # botocore's standard retry mode sleeps at most 2 ** (retry - 1) s (jittered, capped at 20 s).
    backoff = sum(min(20.0, 2.0**retry) for retry in range(MAX_ATTEMPTS - 1))
    return MAX_ATTEMPTS * (CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS[service]) + backoff


class Clients:
    """One client per service, made on first use with bounded timeouts and retries.

    `region` is for ops scripts run from a laptop (`--region`); the functions take the runtime's.
    """

    def __init__(self, region: str | None = None) -> None:
        self._region = region
        self._made: dict[str, Any] = {}

    def _client(self, service: str) -> Any:
        if service not in self._made:
            import boto3
            from botocore.config import Config

            config = Config(
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                read_timeout=READ_TIMEOUT_SECONDS[service],
                retries={"mode": "standard", "max_attempts": MAX_ATTEMPTS},
            )
            self._made[service] = boto3.client(service, region_name=self._region, config=config)
        return self._made[service]

    def dynamodb(self) -> DynamoDBClient:
        return cast("DynamoDBClient", self._client("dynamodb"))

    def sesv2(self) -> SESV2Client:
        return cast("SESV2Client", self._client("sesv2"))

    def ssm(self) -> BaseClient:
        return cast("BaseClient", self._client("ssm"))

    def secretsmanager(self) -> BaseClient:
        return cast("BaseClient", self._client("secretsmanager"))

    def sns(self) -> BaseClient:
        return cast("BaseClient", self._client("sns"))

    def cognito_idp(self) -> BaseClient:
        """The desk's user pool (sign-in, sign-out; `leads users`)."""
        return cast("BaseClient", self._client("cognito-idp"))

    # The ops tools' (infra/ops/): never on a request path.
    def cloudformation(self) -> CloudFormationClient:
        return cast("CloudFormationClient", self._client("cloudformation"))

    def sqs(self) -> SQSClient:
        return cast("SQSClient", self._client("sqs"))

    def lambda_(self) -> LambdaClient:
        return cast("LambdaClient", self._client("lambda"))


# --- the process's state: one set of clients, and each function's collaborators, built once ---------

T = TypeVar("T")
_clients: list[Clients] = []
_forgets: list[Callable[[], None]] = []


def clients() -> Clients:
    """This process's clients, made on first use."""
    if not _clients:
        _clients.append(Clients())
    return _clients[0]


def per_process(build: Callable[[], T]) -> Callable[[], T]:
    """A getter of what `build` makes, made on first use and kept for the life of the process.

    In Lambda that is the execution environment: the first invocation builds a function's
    collaborators (settings read and checked, clients made lazily) and later ones reuse them.
    """
    made: list[T] = []

    def get() -> T:
        if not made:
            made.append(build())
        return made[0]

    _forgets.append(made.clear)
    return get


def reset() -> None:
    """Forget the clients and everything built from them: the next use starts over from the environment.

    Tests, the local stack and scripts that change the environment (moto, another endpoint, other
    settings) call this instead of clearing caches one by one.
    """
    _clients.clear()
    for forget in _forgets:
        forget()
