"""ECRLookups against a real ECR API endpoint: moto's server on 127.0.0.1,
populated with boto3 (repositories, tags, real manifests with their sha256
digests). Request counts are read at the server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

import eventbridge_structs as ebs
from eventbridge_structs import ecr
from eventbridge_structs.lookups import (
    MANIFEST_MEDIA_TYPES,
    BoundEvent,
    ECRImage,
    ECRImageDetails,
    ECRLookups,
    ECRRepository,
    LookupFailed,
)
from eventbridge_structs.lookups.ecr import _split_missing

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROOT = Path(__file__).resolve().parent.parent


# --- helpers ------------------------------------------------------------------


def envelope(
    detail_type: str,
    detail: dict[str, Any],
    *,
    region: str = REGION,
    account: str = ACCOUNT,
) -> ebs.EventBridgeEvent:
    """Convert an event as a Lambda handler receives it."""
    return ebs.convert(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": detail_type,
            "source": "aws.ecr",
            "account": account,
            "time": "2024-03-01T12:00:00Z",
            "region": region,
            "resources": [],
            "detail": detail,
        }
    )


def push_event(
    repository: str, digest: str | None, *, region: str = REGION, **kw: Any
) -> ebs.EventBridgeEvent:
    """An "ECR Image Action" PUSH event."""
    detail: dict[str, Any] = {
        "action-type": "PUSH",
        "repository-name": repository,
        "result": "SUCCESS",
    }
    if digest is not None:
        detail["image-digest"] = digest
    return envelope("ECR Image Action", detail, region=region, **kw)


def scan_change_event(*names: str, region: str = REGION) -> ebs.EventBridgeEvent:
    return envelope(
        "ECR Scan Resource Change",
        {
            "action-type": "SCAN_FREQUENCY_CHANGE",
            "repositories": [
                {
                    "repository-name": name,
                    "repository-arn": (
                        f"arn:aws:ecr:{region}:{ACCOUNT}:repository/{name}"
                    ),
                    "scan-frequency": "CONTINUOUS_SCAN",
                    "previous-scan-frequency": "MANUAL",
                }
                for name in names
            ],
            "resource-type": "REPOSITORY",
            "scan-type": "ENHANCED",
        },
        region=region,
    )


def cloudtrail_event(params: dict[str, Any] | None) -> ebs.EventBridgeEvent:
    return envelope(
        "AWS API Call via CloudTrail",
        {
            "eventVersion": "1.08",
            "eventTime": "2024-03-01T12:00:04Z",
            "eventSource": "ecr.amazonaws.com",
            "eventName": "BatchGetImage",
            "awsRegion": REGION,
            "requestParameters": params,
        },
    )


@pytest.fixture
def name() -> str:
    """A repository name prefix no other test uses."""
    return f"t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def lookups(moto_server: Any) -> ECRLookups:
    return ECRLookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)


def create_repository(
    moto_server: Any, repository: str, *, region: str = REGION, **kw: Any
) -> dict[str, Any]:
    client = moto_server.client("ecr", region)
    return client.create_repository(repositoryName=repository, **kw)["repository"]  # type: ignore[no-any-return]


def push(
    moto_server: Any,
    local_ecr_module: Any,
    repository: str,
    kind: str = "docker",
    *,
    seed: object = 0,
    tag: str | None = None,
    region: str = REGION,
) -> tuple[str, str]:
    """Push a manifest; return (digest, manifest text)."""
    manifest = local_ecr_module.make_manifest(kind, seed)
    client = moto_server.client("ecr", region)
    digest = local_ecr_module.push_image(client, repository, manifest, tag=tag)
    return digest, manifest


# --- import hygiene and the missing extra ----------------------------------------


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        cwd=ROOT,
    )


def test_importing_the_package_and_lookups_does_not_import_boto3() -> None:
    result = run_python(
        """
        import sys
        import eventbridge_structs
        import eventbridge_structs.lookups
        from eventbridge_structs.lookups import ECRLookups
        ECRLookups()  # constructing makes no client
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in
                        ("boto3", "botocore", "pydantic"))
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_lookup_without_boto3_says_how_to_install_it() -> None:
    result = run_python(
        """
        import sys
        sys.modules["boto3"] = None  # boto3 is not installed
        import eventbridge_structs as ebs
        from eventbridge_structs.lookups import ECRLookups
        event = ebs.decode(open("examples/image-action-push.json", "rb").read())
        lookups = ECRLookups()
        try:
            lookups.repository(event)
        except ImportError as exc:
            print(type(exc).__name__, exc.name, "|", exc)
        else:
            print("no error")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ImportError boto3 |")
    assert "pip install 'eventbridge-structs[aws]'" in result.stdout


# --- repository ---------------------------------------------------------------


def test_repository_found_with_its_configuration_and_tags(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    created = create_repository(
        moto_server,
        f"{name}/app",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "AES256"},
        tags=[{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}],
    )
    since = moto_server.mark()

    repo = lookups.repository(push_event(f"{name}/app", None))

    assert isinstance(repo, ECRRepository)
    assert repo.repository_name == f"{name}/app"
    assert repo.repository_arn == created["repositoryArn"]
    assert (
        repo.repository_arn == f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}/app"
    )
    assert repo.repository_uri == created["repositoryUri"]
    assert repo.registry_id == ACCOUNT
    assert isinstance(repo.created_at, datetime)
    assert repo.created_at.tzinfo is not None
    assert repo.image_tag_mutability == "IMMUTABLE"
    assert repo.image_scanning_configuration is not None
    assert repo.image_scanning_configuration.scan_on_push is True
    assert repo.encryption_configuration is not None
    assert repo.encryption_configuration.encryption_type == "AES256"
    assert repo.tags == {"team": "platform", "env": "prod"}
    assert moto_server.operations(since) == [
        "DescribeRepositories",
        "ListTagsForResource",
    ]
    # Encoded with the API's names.
    encoded = json.loads(ebs.encode(repo))
    assert encoded["repositoryName"] == f"{name}/app"
    assert encoded["imageScanningConfiguration"] == {"scanOnPush": True}


def test_repository_missing_is_none_and_cached(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    event = push_event(f"{name}/gone", None)
    since = moto_server.mark()
    assert lookups.repository(event) is None
    assert moto_server.operations(since) == ["DescribeRepositories"]
    since = moto_server.mark()
    assert lookups.repository(event) is None
    assert moto_server.count(since=since) == 0


def test_repository_of_another_registry_is_not_this_registrys(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    create_repository(moto_server, name)
    assert lookups.repository(push_event(name, None, account="210987654321")) is None
    assert lookups.repository(push_event(name, None)) is not None


def test_second_lookup_makes_no_request(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name)
    event = push_event(name, digest)
    first = (
        lookups.repository(event),
        lookups.image(event),
        lookups.image_details(event),
    )
    since = moto_server.mark()
    second = (
        lookups.repository(event),
        lookups.image(event),
        lookups.image_details(event),
    )
    assert moto_server.count(since=since) == 0
    assert second == first
    assert all(value is not None for value in second)
    lookups.cache_clear()
    lookups.repository(event)
    assert moto_server.count("DescribeRepositories", since=since) == 1


def test_cache_is_bounded(moto_server: Any, name: str) -> None:
    lookups = ECRLookups(
        moto_server.session(), endpoint_url=moto_server.endpoint_url, cache_size=2
    )
    events = [push_event(f"{name}-{n}", None) for n in range(3)]
    for event in events:
        create_repository(moto_server, event.detail.repository_name)
        lookups.repository(event)
    since = moto_server.mark()
    lookups.repository(events[2])  # recent: cached
    assert moto_server.count(since=since) == 0
    lookups.repository(events[0])  # evicted: asked again
    assert moto_server.count("DescribeRepositories", since=since) == 1
    with pytest.raises(ValueError):
        ECRLookups(cache_size=0)


# --- image --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docker", "oci", "docker-list", "oci-index"])
def test_image_found_for_every_manifest_media_type(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str, kind: str
) -> None:
    create_repository(moto_server, name)
    digest, manifest = push(moto_server, local_ecr_module, name, kind, tag="v1")

    image = lookups.image(push_event(name, digest))

    assert isinstance(image, ECRImage)
    assert image.digest == digest
    assert image.registry_id == ACCOUNT
    assert image.repository_name == name
    assert image.image_manifest == manifest
    assert image.media_type == local_ecr_module.MEDIA_TYPES[kind]
    assert image.is_index is kind.endswith(("list", "index"))
    assert image.manifest() == json.loads(manifest)


def test_image_request_asks_for_docker_and_oci_manifests_and_indexes(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name, "oci-index")
    since = moto_server.mark()
    lookups.image(push_event(name, digest))
    [request] = [r for r in moto_server.requests[since:] if r.operation]
    assert request.operation == "BatchGetImage"
    body = json.loads(request.body)
    assert body["acceptedMediaTypes"] == list(MANIFEST_MEDIA_TYPES)
    assert body["imageIds"] == [{"imageDigest": digest}]
    assert body["registryId"] == ACCOUNT
    assert set(MANIFEST_MEDIA_TYPES) == {
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    }


def test_image_missing_is_none_and_cached(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    push(moto_server, local_ecr_module, name)
    event = push_event(name, "sha256:" + "0" * 64)
    assert lookups.image(event) is None
    assert lookups.image_details(event) is None
    since = moto_server.mark()
    assert lookups.image(event) is None
    assert lookups.image_details(event) is None
    assert moto_server.count(since=since) == 0


def test_image_in_a_missing_repository_is_none(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    event = push_event(f"{name}/nowhere", "sha256:" + "1" * 64)
    assert lookups.image(event) is None
    assert lookups.image_details(event) is None


def test_no_digest_means_no_image_and_no_request(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    event = push_event(name, None)
    since = moto_server.mark()
    assert lookups.image(event) is None
    assert lookups.image_details(event) is None
    assert moto_server.count(since=since) == 0


def test_image_details(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name, "docker", tag="1.0")
    details = lookups.image_details(push_event(name, digest))
    assert isinstance(details, ECRImageDetails)
    assert details.image_digest == digest
    assert details.repository_name == name
    assert details.registry_id == ACCOUNT
    assert details.image_tags == ["1.0"]
    assert details.image_size_in_bytes == 1470  # what moto reports: config size
    assert isinstance(details.image_pushed_at, datetime)
    assert details.image_manifest_media_type == local_ecr_module.MEDIA_TYPES["docker"]


def test_event_types_without_one_repository_or_image_are_type_errors(
    lookups: ECRLookups,
) -> None:
    with pytest.raises(TypeError, match="repositories"):
        lookups.repository(scan_change_event("a"))
    with pytest.raises(TypeError, match="images"):
        lookups.image(cloudtrail_event({"repositoryName": "a"}))
    with pytest.raises(TypeError):
        lookups.repositories(push_event("a", None))
    with pytest.raises(TypeError):
        lookups.images(push_event("a", None))


# --- every event type -----------------------------------------------------------


def test_every_ecr_event_type_with_a_repository_finds_it(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name, "oci", tag="v2")
    details: dict[str, dict[str, Any]] = {
        "ECR Image Action": {"action-type": "PUSH", "result": "SUCCESS"},
        "ECR Image Scan": {"scan-status": "COMPLETE"},
        "ECR Referrer Action": {"action-type": "PUSH", "result": "SUCCESS"},
        "ECR Pull Through Cache Action": {
            "sync-status": "SUCCESS",
            "ecr-repository-prefix": "t",
            "upstream-registry-url": "public.ecr.aws",
        },
        "ECR Replication Action": {
            "action-type": "REPLICATE",
            "result": "SUCCESS",
            "image-tag": "v2",
            "source-account": ACCOUNT,
            "source-region": "us-west-2",
        },
    }
    for detail_type, detail in details.items():
        event = envelope(
            detail_type, {**detail, "repository-name": name, "image-digest": digest}
        )
        assert isinstance(event, ebs.TypedEvent), detail_type
        view = lookups.bind(event)
        assert view.repository is not None, detail_type
        assert view.repository.repository_name == name
        assert view.image is not None, detail_type
        assert view.image.digest == digest


# --- repositories and images of the documented models ----------------------------


def test_repositories_of_a_scan_resource_change(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    create_repository(moto_server, f"{name}-a", tags=[{"Key": "k", "Value": "a"}])
    create_repository(moto_server, f"{name}-c")
    event = scan_change_event(f"{name}-c", f"{name}-b", f"{name}-a")
    assert isinstance(event, ecr.ECRScanResourceChangeEvent)
    since = moto_server.mark()

    repos = lookups.repositories(event)

    assert [r.repository_name if r else None for r in repos] == [
        f"{name}-c",
        None,
        f"{name}-a",
    ]
    assert repos[2] is not None and repos[2].tags == {"k": "a"}
    assert moto_server.count("ListTagsForResource", since=since) == 2


def test_images_of_a_cloudtrail_event_by_tag_and_digest(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    first, _ = push(moto_server, local_ecr_module, name, "docker", seed=1, tag="one")
    second, _ = push(moto_server, local_ecr_module, name, "oci", seed=2, tag="two")
    event = cloudtrail_event(
        {
            "registryId": ACCOUNT,
            "repositoryName": name,
            "imageIds": [
                {"imageTag": "two"},
                {"imageDigest": "sha256:" + "2" * 64},  # gone
                {"imageDigest": first},
                {"imageTag": "one"},  # the same image again
                "not an image id",
            ],
        }
    )
    assert isinstance(event, ecr.ECRAWSAPICallViaCloudTrailEvent)
    since = moto_server.mark()

    images = lookups.images(event)

    assert [image.digest for image in images] == [second, first]
    assert moto_server.operations(since) == ["BatchGetImage"]
    assert lookups.repository(event) is not None  # requestParameters name it


def test_images_of_a_cloudtrail_event_that_names_none(lookups: ECRLookups) -> None:
    assert lookups.images(cloudtrail_event(None)) == []
    assert lookups.images(cloudtrail_event({"repositoryName": "x"})) == []
    assert (
        lookups.images(cloudtrail_event({"repositoryName": "x", "imageIds": []})) == []
    )
    assert lookups.repository(cloudtrail_event({"maxResults": 5})) is None


# --- regions, sessions, endpoints -----------------------------------------------


def test_cross_region_events_use_their_own_region(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    regions = ("eu-west-1", "ap-southeast-2")
    digests = {}
    for n, region in enumerate(regions):
        create_repository(
            moto_server, name, region=region, tags=[{"Key": "region", "Value": region}]
        )
        digests[region], _ = push(
            moto_server, local_ecr_module, name, seed=n, region=region
        )
    since = moto_server.mark()

    for region in regions:
        event = push_event(name, digests[region], region=region)
        repo = lookups.repository(event)
        assert repo is not None
        assert repo.tags == {"region": region}
        assert f":{region}:" in repo.repository_arn
        assert lookups.image(event) is not None
        # The other region's digest is not in this region's repository.
        other = digests[regions[1 - regions.index(region)]]
        assert lookups.image(push_event(name, other, region=region)) is None

    for region in regions:
        assert moto_server.count(since=since, region=region) == 4
    assert lookups.client("eu-west-1") is lookups.client("eu-west-1")
    assert lookups.client("eu-west-1") is not lookups.client("ap-southeast-2")
    assert lookups.client("eu-west-1").meta.region_name == "eu-west-1"


def test_session_with_explicit_credentials_and_endpoint(
    moto_server: Any, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name, region="us-west-2")
    session = boto3.Session(
        aws_access_key_id=local_ecr_module.ACCESS_KEY,
        aws_secret_access_key=local_ecr_module.SECRET_KEY,
        region_name="eu-central-1",  # the event's region wins
    )
    lookups = ECRLookups(session, endpoint_url=moto_server.endpoint_url)
    repo = lookups.repository(push_event(name, None, region="us-west-2"))
    assert repo is not None and repo.repository_name == name
    credentials = lookups.client("us-west-2")._request_signer._credentials
    assert credentials.access_key == local_ecr_module.ACCESS_KEY


def test_session_endpoint_from_the_aws_configuration(
    moto_server: Any, local_ecr_module: Any, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_repository(moto_server, name)
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", moto_server.endpoint_url)
    lookups = ECRLookups(moto_server.session())  # no endpoint_url given
    since = moto_server.mark()
    assert lookups.repository(push_event(name, None)) is not None
    assert moto_server.count("DescribeRepositories", since=since) == 1


def test_default_session_when_none_is_given(
    moto_server: Any, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    result = run_python(
        f"""
        import json
        import eventbridge_structs as ebs
        from eventbridge_structs.lookups import ECRLookups
        raw = json.load(open("examples/image-action-push.json"))
        raw["region"] = "{REGION}"
        raw["detail"]["repository-name"] = "{name}"
        event = ebs.convert(raw)
        repo = ECRLookups().repository(event)
        print(repo.repository_name if repo else None)
        """,
        AWS_ENDPOINT_URL_ECR=moto_server.endpoint_url,
        AWS_ACCESS_KEY_ID=local_ecr_module.ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=local_ecr_module.SECRET_KEY,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == name


# --- errors and retries -----------------------------------------------------------


def test_access_denied_raises_lookup_failed_naming_the_repository(
    moto_server: Any, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name)
    iam = moto_server.client("iam")
    user = f"reader-{name}"
    iam.create_user(UserName=user)
    iam.put_user_policy(
        UserName=user,
        PolicyName="describe-only",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "ecr:DescribeRepositories",
                        "Resource": "*",
                    }
                ],
            }
        ),
    )
    key = iam.create_access_key(UserName=user)["AccessKey"]
    session = boto3.Session(
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    lookups = ECRLookups(session, endpoint_url=moto_server.endpoint_url)
    event = push_event(name, digest)

    with moto_server.enforce_iam():
        with pytest.raises(LookupFailed) as denied:
            lookups.repository(event)
        with pytest.raises(LookupFailed) as image_denied:
            lookups.image(event)

    error = denied.value
    assert error.operation == "ListTagsForResource"
    # AWS answers AccessDeniedException; moto answers HTTP 403 with an XML
    # body, which botocore reports with the code "403".
    assert error.code in ("AccessDeniedException", "403")
    assert error.error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "not authorized to perform: ecr:ListTagsForResource" in str(error)
    assert error.repository_name == name
    assert error.region == REGION and error.registry_id == ACCOUNT
    assert isinstance(error.error, ClientError)
    assert error.__cause__ is error.error
    assert repr(name) in str(error)
    assert image_denied.value.operation == "BatchGetImage"
    assert image_denied.value.image_digest == digest
    assert digest in str(image_denied.value)
    # Failures are not cached: once allowed, the lookups succeed.
    assert lookups.repository(event) is not None
    assert lookups.image(event) is not None


@pytest.mark.parametrize("attempts", [1, 3])
def test_throttling_is_retried_then_raises_lookup_failed(
    moto_server: Any, name: str, attempts: int
) -> None:
    region = "eu-north-1"
    lookups = ECRLookups(
        moto_server.session(),
        endpoint_url=moto_server.endpoint_url,
        max_attempts=attempts,
    )
    assert lookups.client(region).meta.config.retries["mode"] == "standard"
    since = moto_server.mark()
    with (
        moto_server.failing(region, "ThrottlingException"),
        pytest.raises(LookupFailed) as failed,
    ):
        lookups.repository(push_event(name, None, region=region))
    assert failed.value.code == "ThrottlingException"
    assert failed.value.operation == "DescribeRepositories"
    assert moto_server.count("DescribeRepositories", since=since) == attempts


def test_unreachable_endpoint_raises_lookup_failed(name: str, moto_server: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    lookups = ECRLookups(
        moto_server.session(), endpoint_url=f"http://127.0.0.1:{port}", max_attempts=1
    )
    with pytest.raises(LookupFailed) as failed:
        lookups.image(push_event(name, "sha256:" + "3" * 64))
    assert isinstance(failed.value.error, EndpointConnectionError)
    assert failed.value.code == "EndpointConnectionError"


# --- batches --------------------------------------------------------------------


def test_resolve_1000_events_makes_the_fewest_requests(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    repos = [f"{name}/svc-{n}" for n in range(10)]
    digests: dict[str, list[str]] = {}
    for n, repo in enumerate(repos):
        create_repository(moto_server, repo, tags=[{"Key": "n", "Value": str(n)}])
        kinds = ["docker", "oci", "docker-list", "oci-index", "docker"]
        digests[repo] = [
            push(moto_server, local_ecr_module, repo, kind, seed=(n, k))[0]
            for k, kind in enumerate(kinds)
        ]
    assert len({d for ds in digests.values() for d in ds}) == 50
    events = [
        push_event(repos[i % 10], digests[repos[i % 10]][(i // 10) % 5])
        for i in range(1000)
    ]
    since = moto_server.mark()

    resolved = lookups.resolve(events)

    assert moto_server.count("DescribeRepositories", since=since) == 1
    assert moto_server.count("ListTagsForResource", since=since) == 10
    assert moto_server.count("BatchGetImage", since=since) == 10
    assert moto_server.count(since=since) == 21
    assert len(resolved) == 1000
    for event, result in zip(events, resolved, strict=True):
        assert result.event is event
        assert result.error is None
        assert result.repository is not None
        assert result.repository.repository_name == event.detail.repository_name
        assert result.image is not None
        assert result.image.digest == event.detail.image_digest
    # Everything is cached now, for single lookups too.
    since = moto_server.mark()
    lookups.resolve(events)
    lookups.image(events[7])
    assert moto_server.count(since=since) == 0


def test_resolve_chunks_to_the_api_limits(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    repos = [f"{name}-{n:03}" for n in range(101)]
    for repo in repos:
        create_repository(moto_server, repo)
    digests = [
        push(moto_server, local_ecr_module, repos[0], seed=n)[0] for n in range(150)
    ]
    events = [push_event(repo, None) for repo in repos]
    events += [push_event(repos[0], digest) for digest in digests]
    since = moto_server.mark()

    resolved = lookups.resolve(events)

    assert all(r.repository is not None for r in resolved)
    assert [r.image.digest for r in resolved[101:] if r.image] == digests
    assert moto_server.count("DescribeRepositories", since=since) == 2
    assert moto_server.count("BatchGetImage", since=since) == 2
    sizes = sorted(
        len(json.loads(r.body)["repositoryNames"])
        for r in moto_server.requests[since:]
        if r.operation == "DescribeRepositories"
    )
    assert sizes == [1, 100]


def test_resolve_when_describe_repositories_fails_for_one_missing_name(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    present = [f"{name}-a", f"{name}-c"]
    for repo in present:
        create_repository(moto_server, repo)
    digest, _ = push(moto_server, local_ecr_module, present[1])
    # Real ECR (and moto) fail the whole DescribeRepositories call when one
    # named repository is missing.
    with pytest.raises(ClientError, match="RepositoryNotFoundException"):
        moto_server.client().describe_repositories(
            repositoryNames=[*present, f"{name}-b"]
        )
    events = [
        push_event(f"{name}-a", None),
        push_event(f"{name}-b", "sha256:" + "4" * 64),
        push_event(f"{name}-c", digest),
    ]
    since = moto_server.mark()

    resolved = lookups.resolve(events)

    assert [
        r.repository.repository_name if r.repository else None for r in resolved
    ] == [
        f"{name}-a",
        None,
        f"{name}-c",
    ]
    assert [r.image.digest if r.image else None for r in resolved] == [
        None,
        None,
        digest,
    ]
    # One failed call, one without the missing name; no image request for
    # the missing repository.
    assert moto_server.count("DescribeRepositories", since=since) == 2
    assert moto_server.count("BatchGetImage", since=since) == 1


def test_split_missing_drops_the_named_repository_else_halves() -> None:
    message = (
        "An error occurred (RepositoryNotFoundException) when calling the "
        "DescribeRepositories operation: The repository with name 'b' does not "
        "exist in the registry with id '123456789012'"
    )
    assert _split_missing(["a", "b", "c"], message) == [["a", "c"]]
    assert _split_missing(["b"], message) == []
    assert _split_missing(["a", "b"], "b") == [["a"], ["b"]]
    assert _split_missing(["a", "c", "d", "e"], message) == [["a", "c"], ["d", "e"]]


def test_resolve_errors_raise_or_return(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    good, bad = "us-east-2", "eu-west-3"
    for region in (good, bad):
        create_repository(moto_server, name, region=region)
    digest, _ = push(moto_server, local_ecr_module, name, region=good)
    events = [
        push_event(name, digest, region=good),
        push_event(name, digest, region=bad),
        scan_change_event(name),  # names no single repository
    ]
    strict = ECRLookups(
        moto_server.session(), endpoint_url=moto_server.endpoint_url, max_attempts=1
    )
    with moto_server.failing(bad, "AccessDeniedException"):
        with pytest.raises(LookupFailed) as failed:
            strict.resolve(events)
        lenient = ECRLookups(
            moto_server.session(),
            endpoint_url=moto_server.endpoint_url,
            max_attempts=1,
        )
        resolved = lenient.resolve(events, errors="return")
    assert failed.value.region == bad
    assert failed.value.code == "AccessDeniedException"
    ok, denied, other = resolved
    assert ok.error is None and ok.repository is not None and ok.image is not None
    assert denied.repository is None and denied.image is None
    assert isinstance(denied.error, LookupFailed) and denied.error.region == bad
    assert other == (events[2], None, None, None)
    # The failure was not cached.
    assert lenient.repository(events[1]) is not None


# --- bind -----------------------------------------------------------------------


def test_bind_is_a_read_only_view_with_cached_lookups(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name, "oci", tag="v1")
    event = push_event(name, digest)
    view = lookups.bind(event)
    assert isinstance(view, BoundEvent)
    assert view.event is event
    assert view.region == REGION and view.account == ACCOUNT
    assert view.detail.repository_name == name
    assert view.detail_type == "ECR Image Action"
    assert "repository" in dir(view) and "detail" in dir(view)
    since = moto_server.mark()
    repository, image = view.repository, view.image
    assert repository is not None and repository.repository_name == name
    assert image is not None and image.digest == digest
    assert view.repository is repository and view.image is image
    assert moto_server.count(since=since) == 3
    with pytest.raises(AttributeError):
        view.region = "eu-west-1"
    with pytest.raises(AttributeError):
        view.repository = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del view.detail
    # A second view of the same event reads the wrapper's cache.
    since = moto_server.mark()
    again = lookups.bind(event)
    assert again.repository == repository and again.image_details is not None
    assert moto_server.operations(since) == ["DescribeImages"]


def test_bind_the_documented_collections(
    moto_server: Any, lookups: ECRLookups, name: str
) -> None:
    create_repository(moto_server, name)
    view = lookups.bind(scan_change_event(name))
    assert [r.repository_name for r in view.repositories if r] == [name]
    assert lookups.bind(cloudtrail_event({"repositoryName": name})).images == []


# --- threads --------------------------------------------------------------------


def test_concurrent_lookups_share_clients_and_cache(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    repos = [f"{name}-{n}" for n in range(4)]
    events = []
    for n, repo in enumerate(repos):
        create_repository(moto_server, repo)
        digest, _ = push(moto_server, local_ecr_module, repo, seed=n)
        events.append(push_event(repo, digest, region=REGION))
    results: list[Any] = []
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            event = events[k % 4]
            results.append((k % 4, lookups.repository(event), lookups.image(event)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 32
    for k, repository, image in results:
        assert repository is not None and repository.repository_name == repos[k]
        assert image is not None and image.digest == events[k].detail.image_digest
    since = moto_server.mark()
    for event in events:
        lookups.repository(event)
        lookups.image(event)
    assert moto_server.count(since=since) == 0


# --- the demo -------------------------------------------------------------------


def test_demo_finds_every_example_events_repository_and_image() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lookups = result.stdout.split("Lookups through ECRLookups(session).bind(event):")[1]
    blocks = {
        block.splitlines()[0]: block
        for block in lookups.strip().split("\n\n")
        if block.splitlines()[0].endswith(".json")
    }
    examples = sorted(path.name for path in (ROOT / "examples").glob("*.json"))
    assert sorted(blocks) == examples
    for name, block in blocks.items():
        assert "not found" not in block, block
        if "not an ECR event" in block:
            assert (
                ebs.decode((ROOT / "examples" / name).read_bytes()).source != "aws.ecr"
            )
            continue
        assert ".dkr.ecr." in block, block
        if "repositories[]" not in block:  # every other example names an image
            assert "  image: sha256:" in block, block
    assert "resolve() again: 0 requests (cached)." in result.stdout


# --- the declared table: which event field names which resource ----------------


class RefinedImageAction(ecr.ECRImageActionEvent, frozen=True, kw_only=True):
    """A subclass with no entry of its own (as compat's primary classes)."""


class Shipment(ebs.TypedEvent, frozen=True, kw_only=True, tag="Shipment"):
    """A user's event type, unknown to ECR_TARGETS until registered."""

    detail: dict[str, Any]


def shipment(repository: str, digest: str | None) -> Shipment:
    return Shipment(
        version="0",
        id="1",
        source="my.app",
        account=ACCOUNT,
        time=datetime.fromisoformat("2024-03-01T12:00:00+00:00"),
        region=REGION,
        resources=[],
        detail={"image": {"repo": repository, "digest": digest}},
    )


def refined(event: ebs.EventBridgeEvent) -> RefinedImageAction:
    fields = {name: getattr(event, name) for name in event.__struct_fields__}
    return RefinedImageAction(**fields)


def test_the_table_declares_every_ecr_event_class() -> None:
    from eventbridge_structs.lookups import ECR_TARGETS, ECRTargets

    declared = set(ECR_TARGETS)
    assert declared == {
        ecr.ECRImageActionEvent,
        ecr.ECRImageScanEvent,
        ecr.ECRReferrerActionEvent,
        ecr.ECRPullThroughCacheActionEvent,
        ecr.ECRReplicationActionEvent,
        ecr.ECRScanResourceChangeEvent,
        ecr.ECRAWSAPICallViaCloudTrailEvent,
    }
    push = ECR_TARGETS.get(ecr.ECRImageActionEvent)
    assert push == ECRTargets(
        repository_name="detail.repository_name", image_digest="detail.image_digest"
    )
    scan = ECR_TARGETS.get(ecr.ECRScanResourceChangeEvent)
    assert scan is not None
    assert scan.repository_name is None and scan.repository_names is not None
    trail = ECR_TARGETS.get(ecr.ECRAWSAPICallViaCloudTrailEvent)
    assert trail is not None
    assert trail.image_digest is None and trail.image_ids is not None
    assert ECRLookups.targets is ECR_TARGETS


def test_an_event_class_without_an_entry_is_a_clear_type_error(
    moto_server: Any, lookups: ECRLookups
) -> None:
    from eventbridge_structs.lookups import ECR_TARGETS

    event = shipment("anything", "sha256:" + "5" * 64)
    assert ECR_TARGETS.get(Shipment) is None
    assert Shipment not in ECR_TARGETS
    assert ECR_TARGETS.get(ebs.GenericEvent) is None
    since = moto_server.mark()
    for lookup in (
        lookups.repository,
        lookups.image,
        lookups.image_details,
        lookups.repositories,
        lookups.images,
    ):
        with pytest.raises(TypeError, match="Shipment names no ECR resource") as info:
            lookup(event)
        assert "no entry in the ECR lookups' table" in str(info.value)
    # resolve() and the view's batch: no entry is nothing to look up.
    assert lookups.resolve([event]) == [(event, None, None, None)]
    with pytest.raises(TypeError, match="no entry"):
        _ = lookups.bind(event).repository
    generic = ebs.decode(
        json.dumps(
            {
                "version": "0",
                "id": "1",
                "detail-type": "Order Placed",
                "source": "my.shop",
                "account": ACCOUNT,
                "time": "2024-03-01T12:00:00Z",
                "region": REGION,
                "resources": [],
                "detail": {"repository-name": "x", "image-digest": "sha256:0"},
            }
        ).encode()
    )
    assert type(generic) is ebs.GenericEvent
    with pytest.raises(TypeError, match="GenericEvent names no ECR resource"):
        lookups.repository(generic)  # fields named like ECR's are not sniffed
    assert moto_server.count(since=since) == 0


def test_a_subclass_inherits_its_parents_entry(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    from eventbridge_structs.lookups import ECR_TARGETS

    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name)
    event = refined(push_event(name, digest))
    assert type(event) is RefinedImageAction
    assert RefinedImageAction in ECR_TARGETS
    assert ECR_TARGETS.get(RefinedImageAction) is ECR_TARGETS.get(
        ecr.ECRImageActionEvent
    )
    view = lookups.bind(event)
    assert view.repository is not None and view.repository.repository_name == name
    assert view.image is not None and view.image.digest == digest
    [resolved] = lookups.resolve([event])
    assert resolved.repository == view.repository and resolved.image == view.image


def test_another_module_registers_its_own_event_class(
    moto_server: Any, lookups: ECRLookups, local_ecr_module: Any, name: str
) -> None:
    from eventbridge_structs.lookups import ECR_TARGETS, ECRTargets

    create_repository(moto_server, name)
    digest, _ = push(moto_server, local_ecr_module, name)
    event = shipment(name, digest)
    ECR_TARGETS.register(
        Shipment,
        ECRTargets(
            repository_name=lambda e: e.detail["image"]["repo"],
            image_digest=lambda e: e.detail["image"]["digest"],
        ),
    )
    try:
        assert Shipment in ECR_TARGETS
        repository = lookups.repository(event)
        assert repository is not None and repository.repository_name == name
        image = lookups.image(event)
        assert image is not None and image.digest == digest
        [resolved] = lookups.resolve([event])
        assert (resolved.repository, resolved.image) == (repository, image)
        with pytest.raises(TypeError, match=r"names several images .*, not Shipment"):
            lookups.images(event)
    finally:
        ECR_TARGETS.unregister(Shipment)
    assert Shipment not in ECR_TARGETS
    with pytest.raises(TypeError, match="no entry"):
        lookups.repository(event)


def test_a_parent_registered_later_reaches_a_subclass_already_looked_up() -> None:
    from eventbridge_structs.lookups import TargetTable

    class Parent:
        pass

    class Child(Parent):
        pass

    table: TargetTable[str] = TargetTable("Test", {object: "fallback"})
    assert table.get(Child) == "fallback"
    table.register(Parent, "parent")
    assert table.get(Child) == "parent"
    table.register(Child, "child")
    assert (table.get(Child), table.get(Parent)) == ("child", "parent")
    table.unregister(Child)
    assert table.get(Child) == "parent"
    assert len(table) == 2 and list(table) == [object, Parent]
    assert "Parent" in repr(table)


def test_attribute_path_specs_read_none_for_what_is_missing() -> None:
    from eventbridge_structs.lookups._base import read

    event = push_event("repo", None)
    assert read("detail.repository_name", event) == "repo"
    assert read("detail.image_digest", event) is None
    assert read("detail.no_such_field.deeper", event) is None
    assert read(None, event) is None
    assert read(lambda e: e.region, event) == REGION


def test_a_service_plugs_into_bind_and_resolve() -> None:
    """A toy service: its own targets spec, table, row and view; the base
    does the batching rows, errors and the read-only view."""
    from eventbridge_structs.lookups import (
        BoundEvent,
        LookupFailed,
        Resolved,
        ServiceLookups,
        TargetTable,
    )

    class Row(Resolved):
        __slots__ = ()
        _fields = ("event", "name", "error")

    class View(BoundEvent[Any]):
        __slots__ = ()

        @property
        def name(self) -> str | None:
            return self._once("name", self._lookups.name)  # type: ignore[no-any-return]

    class Names(ServiceLookups[str, Row]):
        service = "sts"
        targets = TargetTable(
            "Names", {ecr.ECRImageActionEvent: "detail.repository_name"}
        )
        resolved_type = Row
        bound_type = View
        calls = 0

        def name(self, event: Any) -> str:
            type(self).calls += 1
            value = self.targets_of(event)
            from eventbridge_structs.lookups._base import read

            return str(read(value, event)).upper()

        def _resolve_rows(self, events: Any, stop: bool) -> list[tuple[Any, ...]]:
            rows: list[tuple[Any, ...]] = []
            for event in events:
                if self.targets.get(type(event)) is None:
                    rows.append((None,))
                elif event.region == "bad":
                    failure = LookupFailed(
                        "GetName",
                        region="bad",
                        code="Denied",
                        reason="no",
                        resource="a name",
                    )
                    if stop:
                        raise failure
                    rows.append((failure,))
                else:
                    rows.append((self.name(event),))
            return rows

    names = Names()
    good, bad, other = (
        push_event("a", None),
        push_event("b", None, region="bad"),
        (scan_change_event("c")),
    )
    view = names.bind(good)
    assert isinstance(view, View) and view.name == "A" and view.name == "A"
    assert Names.calls == 1 and view.region == REGION
    rows = names.resolve([good, bad, other], errors="return")
    assert [type(row) for row in rows] == [Row, Row, Row]
    assert rows[0] == (good, "A", None) and rows[0].name == "A"
    assert rows[1].name is None and isinstance(rows[1].error, LookupFailed)
    assert str(rows[1].error) == "GetName failed for a name (bad): Denied: no"
    assert rows[2] == (other, None, None)
    assert rows[0].results == {"name": "A"}
    with pytest.raises(LookupFailed):
        names.resolve([good, bad])
    with pytest.raises(ValueError, match="errors"):
        names.resolve([good], errors="ignore")  # type: ignore[arg-type]


def test_resolved_rows_are_tuples_that_pickle() -> None:
    import pickle

    from eventbridge_structs.lookups import ECRResolved, Resolved

    event = push_event("repo", None)
    row = ECRResolved(event, None, None)
    assert isinstance(row, Resolved) and isinstance(row, tuple)
    assert row == (event, None, None, None) and row.error is None
    assert row._asdict() == {
        "event": event,
        "repository": None,
        "image": None,
        "error": None,
    }
    assert ECRResolved(event, repository=None, image=None) == row
    again = pickle.loads(pickle.dumps(row))
    assert type(again) is ECRResolved and again == row
    assert repr(row).startswith("ECRResolved(event=")
    with pytest.raises(TypeError, match="missing 'image'"):
        ECRResolved(event, None)
    with pytest.raises(TypeError, match="no field"):
        ECRResolved(event, None, None, None, extra=1)


def test_the_base_module_names_no_service() -> None:
    source = (ROOT / "src/eventbridge_structs/lookups/_base.py").read_text()
    assert "ecr" not in source.lower()


def test_importing_the_lookups_package_loads_no_service_module() -> None:
    result = run_python(
        """
        import sys
        import eventbridge_structs.lookups as lookups
        print("eventbridge_structs.lookups.ecr" in sys.modules)
        lookups.ECRLookups
        print("eventbridge_structs.lookups.ecr" in sys.modules)
        from eventbridge_structs.lookups import *
        aws = ("boto3", "botocore")
        print(sorted(m for m in sys.modules if m.split(".")[0] in aws))
        import eventbridge_structs as ebs
        print(ebs.ECRLookups is lookups.ECRLookups, ebs.LookupFailed is LookupFailed)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == ["False", "True", "[]", "True True"]
